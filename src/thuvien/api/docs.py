"""The browsable API docs at /api/v1/docs, with no request leaving the site.

ninja's own docs page loads Swagger UI from a CDN unless ``ninja`` is an installed app. The
same Swagger UI files ship inside the django-ninja wheel (``ninja/static/ninja/``), so they
come with the Python package at install time and are served from here. Swagger UI's one
outside call, the badge of the online validator, is switched off (``validatorUrl: null``).
A ``<noscript>`` list of the operations, rendered on the server, keeps the page useful
without JavaScript.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

from thuvien.api.errors import UnknownRoute, problem_response

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSETS_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.png": "image/png",
}
_METHODS = ("get", "post", "put", "patch", "delete")


def asset(request: HttpRequest, name: str) -> HttpResponse | FileResponse:
    if name not in ASSETS:
        return problem_response(
            request,
            UnknownRoute(
                _("Không có tệp {name} cho trang tài liệu.").format(name=name),
                path=request.path,
            ),
        )
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=ASSETS[name])
    # The file changes only with the installed django-ninja; a day is a safe cache life.
    response["Cache-Control"] = "public, max-age=86400"
    return response


def asset_url(name: str) -> str:
    return reverse("api-docs-asset", kwargs={"name": name})


class LocalSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        swagger_settings = {
            "url": openapi_url,
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,
        }
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = [
            {
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
            }
            for path, item in schema["paths"].items()
            for method, operation in item.items()
            if method in _METHODS
        ]
        context = {
            "api": api,
            "openapi_url": openapi_url,
            # Escaped so that no value can close the <script> element it is written into.
            "swagger_settings": json.dumps(swagger_settings).replace("<", "\\u003c"),
            "operations": operations,
            "css_url": asset_url("swagger-ui.css"),
            "bundle_url": asset_url("swagger-ui-bundle.js"),
            "init_url": asset_url("swagger-ui-init.js"),
            "favicon_url": asset_url("favicon.png"),
        }
        return render(request, self.template, context)
