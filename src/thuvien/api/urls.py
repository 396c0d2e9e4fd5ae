"""URLs under /api/: version 1, its docs' files, and problem documents for everything else.

Two answers come from outside ninja's exception handlers and are turned into problems here:
a path nobody serves (Django's resolver would answer with the site's HTML 404 page) and a
method a path does not take (ninja answers with a bare ``405 Method not allowed``). Every
public answer also carries the CORS headers that let web apps on other sites use the API; the
desk's (``circulation/``, signed-in staff) does not.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, URLPattern, URLResolver, path, re_path, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from thuvien.api import circulation
from thuvien.api.docs import asset
from thuvien.api.errors import (
    InvalidParameters,
    MethodNotAllowed,
    UnknownRoute,
    problem_response,
)
from thuvien.api.v1 import api

View = Callable[..., HttpResponseBase]


def _shareable(response: HttpResponseBase) -> HttpResponseBase:
    """Web apps on other sites may read the API from the browser: it is public, read-only
    and uses no cookies, so any origin may (browsers never send credentials to "*")."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "Retry-After"
    return response


def _preflight(methods: list[str]) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join([*methods, "OPTIONS"])
    response["Access-Control-Allow-Methods"] = "GET"
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
    response["Access-Control-Max-Age"] = "86400"
    return response


def _answer(
    view: View, methods: list[str], request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponseBase:
    if request.method == "OPTIONS":
        return _preflight(methods)
    if nul := _nul_parameter(request, kwargs):
        return problem_response(
            request,
            InvalidParameters(
                _("Tham số {name} chứa ký tự NUL (mã 0), không thể là giá trị nào.").format(
                    name=nul
                ),
                errors=[{"in": "query", "name": nul, "message": "NUL"}],
            ),
        )
    try:
        response = view(request, *args, **kwargs)
    except Http404:  # ninja's root view (/api/v1/) raises it, outside its handlers
        return unknown_route(request)
    if response.status_code != 405:
        return response
    allowed = response.get("Allow", "GET")
    return problem_response(
        request,
        MethodNotAllowed(
            _("{path} không nhận {method}; chỉ nhận {allowed}. API này chỉ để đọc.").format(
                path=request.path, method=request.method, allowed=allowed
            ),
            method=request.method or "",
        ),
        headers={"Allow": allowed},
    )


_SAYS_WHERE = {"q"}  # the search names a control character in q with its position itself


def _nul_parameter(request: HttpRequest, path_values: dict[str, Any]) -> str:
    """The first parameter holding a NUL: no code, barcode or word has one, and PostgreSQL
    refuses it in a query (a 500, found by schemathesis on /records?library=%00)."""
    for name, value in path_values.items():
        if "\x00" in str(value):
            return str(name)
    for name, values in request.GET.lists():
        if name in _SAYS_WHERE:
            continue
        if "\x00" in name or any("\x00" in v for v in values):
            return name.replace("\x00", "\\0")
    return ""


def _methods(view: View) -> list[str]:
    """The methods ninja serves on a path (its view closes over the path's operations); OPTIONS
    answers them in ``Allow`` (it said ``GET`` on POST-only paths; found by schemathesis)."""
    for cell in getattr(view, "__closure__", None) or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations:
            return sorted({m for op in operations for m in op.methods})
    return ["GET"]


def _problems(view: View) -> View:
    methods = _methods(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return _shareable(_answer(view, methods, request, *args, **kwargs))

    return wrapped


def _served(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func is not unknown_route


@csrf_exempt  # a POST to an unknown route deserves the 404 problem, not a CSRF page
def unknown_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    hint = _("Xem các đường dẫn ở /api/v1/docs.")
    bare = request.path.rstrip("/")
    if request.path.endswith("/") and bare.count("/") > 2 and _served(bare):
        hint = _("Bỏ dấu / ở cuối: {path}.").format(path=bare)
    response = problem_response(
        request,
        UnknownRoute(
            _("Không có đường dẫn {path} trong API. {hint}").format(path=request.path, hint=hint),
            path=request.path,
        ),
    )
    _shareable(response)
    return response


def _v1_patterns() -> list[URLPattern | URLResolver]:
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        # The desk's router is not public: no CORS for other sites, its own 405s.
        desk = str(pattern.pattern).startswith(circulation.PREFIX)
        if isinstance(pattern, URLPattern) and not desk:
            pattern.callback = _problems(pattern.callback)
    return patterns


urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/docs/assets/<str:name>", asset, name="api-docs-asset"),
    path("v1/", (_v1_patterns(), "ninja", "api-v1")),
    re_path(r"^(?P<rest>.*)$", unknown_route),
]
