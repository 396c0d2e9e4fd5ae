"""Public HTTP endpoints of the digital library: IIIF Image, Presentation and Content Search.

Every view finds the object, asks :func:`access.check` (401/403/404 with the reason), then
answers. IIIF clients are often on other sites: every answer, errors included, carries
``Access-Control-Allow-Origin: *``; access still rests on the reader's own session.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thuvien import actors
from thuvien.digital import access, iiif_image, storage, throttle
from thuvien.digital.errors import AccessDenied, IIIFBadRequest
from thuvien.digital.lookup import object_or_404, page_or_404
from thuvien.digital.models import DigitalObject, Page
from thuvien.errors import ThuvienError
from thuvien.http import signed_in_reader_card, signed_in_reader_id

View = Callable[..., HttpResponseBase]

LEVEL2_PROFILE = '<http://iiif.io/api/image/3/level2.json>;rel="profile"'


def iiif_endpoint(view: View) -> View:
    """Errors as problem+json with their status; CORS on everything."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        try:
            response = view(request, *args, **kwargs)
        except ThuvienError as exc:
            response = HttpResponse(
                json.dumps(exc.as_problem(), ensure_ascii=False),
                status=exc.status,
                content_type="application/problem+json",
            )
            if exc.status == 401:
                response["WWW-Authenticate"] = 'Cookie realm="thuvien"'
            if retry_after := getattr(exc, "retry_after", None):
                response["Retry-After"] = str(retry_after)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def json_response(request: HttpRequest, data: dict[str, Any], context: str) -> HttpResponse:
    wants_ld = "application/ld+json" in request.headers.get("Accept", "")
    content_type = f'application/ld+json;profile="{context}"' if wants_ld else "application/json"
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type=f"{content_type}"
    )


def _cache_headers(response: HttpResponse, grant: access.Grant, etag: str) -> HttpResponse:
    response["ETag"] = f'"{etag}"'
    if grant.public and not grant.watermark:
        response["Cache-Control"] = "public, max-age=86400"
    else:
        response["Cache-Control"] = "private, max-age=300"
        response["Vary"] = "Cookie"
    return response


def _log_once(request: HttpRequest, page: Page, what: str) -> str:
    """Restricted material is logged once per viewer, object and kind every ten minutes."""
    key = f"digital-log:{request.user.pk}:{page.digital_object_id}:{what}"
    return what if cache.add(key, 1, 600) else ""


@require_GET
@iiif_endpoint
def image_service(request: HttpRequest, path: str) -> HttpResponse:
    if path.endswith("/info.json"):
        return _info(request, path.removesuffix("/info.json"))
    if "/" not in path:  # the base URI of an image: its info.json
        return HttpResponse(status=303, headers={"Location": f"{request.path}/info.json"})
    parts = path.rsplit("/", 4)
    if len(parts) < 5:
        page_or_404(parts[0])
        raise IIIFBadRequest(
            _("Yêu cầu IIIF phải có dạng {id}/{region}/{size}/{rotation}/{quality}.{format}."),
            path=path,
        )
    identifier, region, size, rotation, quality_format = parts
    page = page_or_404(identifier)
    obj = page.digital_object
    grant = access.check(request, obj, _log_once(request, page, "image"))
    wanted = iiif_image.parse(
        region, size, rotation, quality_format, width=page.width, height=page.height
    )
    etag = hashlib.sha256(
        f"{page.derivative_sha256}/{wanted.key()}/{grant.watermark}".encode()
    ).hexdigest()[:32]
    if request.headers.get("If-None-Match", "").strip('"') == etag:
        return _cache_headers(HttpResponse(status=304), grant, etag)
    body = _rendered(request, page, wanted, grant, etag)
    response = HttpResponse(body, content_type=iiif_image.FORMATS[wanted.format])
    response["Link"] = LEVEL2_PROFILE
    return _cache_headers(response, grant, etag)


def _rendered(
    request: HttpRequest, page: Page, wanted: iiif_image.Request, grant: access.Grant, etag: str
) -> bytes:
    """A cached tile is read freely, and so is a tile-sized render (a viewer asks for many at
    once); an expensive render (upscaled or large) holds one of the bounded render slots."""
    source = storage.tile_path(page.digital_object.identifier, page.sequence)
    slot = throttle.render_slot(request) if iiif_image.is_expensive(wanted) else nullcontext()
    if not grant.cacheable:
        with slot:
            return iiif_image.render(source, wanted, page.width, grant.watermark)
    cached = storage.cache_dir() / etag[:2] / f"{etag}.{wanted.format}"
    try:
        return cached.read_bytes()
    except FileNotFoundError:
        pass
    with slot:
        body = iiif_image.render(source, wanted, page.width)
    _write_atomically(cached, body)
    return body


def _write_atomically(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{hashlib.sha256(body).hexdigest()[:8]}.part")
    partial.write_bytes(body)
    partial.replace(path)


def _info(request: HttpRequest, identifier: str) -> HttpResponse:
    page = page_or_404(identifier)
    access.check(request, page.digital_object, _log_once(request, page, "info"))
    base = request.build_absolute_uri(request.path.removesuffix("/info.json"))
    data = iiif_image.info(base, page.width, page.height)
    response = json_response(request, data, iiif_image.CONTEXT)
    response["Link"] = LEVEL2_PROFILE
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@iiif_endpoint
def manifest(request: HttpRequest, identifier: str) -> HttpResponse:
    from thuvien.digital import presentation

    obj = object_or_404(identifier)
    grant = access.check(request, obj, "manifest")
    data = presentation.manifest(request, obj, grant)
    response = json_response(request, data, presentation.CONTEXT)
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
@iiif_endpoint
def content_search(request: HttpRequest, identifier: str) -> HttpResponse:
    from thuvien.digital import searching

    obj = object_or_404(identifier)
    access.check(request, obj, "search")
    query = request.GET.get("q", "").strip()
    if not query:
        raise IIIFBadRequest(_("Thiếu tham số q."), parameter="q")
    hits = searching.find(obj, query)
    data = searching.annotation_page(
        request.build_absolute_uri(),
        request.build_absolute_uri(reverse("digital:manifest", args=[obj.identifier])),
        query,
        hits,
    )
    response = json_response(request, data, searching.CONTEXT)
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
@iiif_endpoint
def text(request: HttpRequest, identifier: str) -> HttpResponse:
    """The OCR text of every page, as plain text."""
    obj = object_or_404(identifier)
    access.check(request, obj, "text")
    body = "\n\n".join(
        f"--- {page.sequence} ---\n{page.ocr_text}" for page in obj.pages.filter(ocr_done=True)
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
@iiif_endpoint
def pdf(request: HttpRequest, identifier: str) -> HttpResponseBase:
    """The searchable PDF (pages as scanned, OCR text underneath), where rights allow."""
    from thuvien.digital import documents

    obj = object_or_404(identifier)
    grant = access.check(request, obj, "pdf")
    if obj.rights == DigitalObject.Rights.IN_COPYRIGHT and not grant.staff:
        raise AccessDenied(
            _("Tài liệu còn bảo hộ quyền tác giả: chỉ xem trực tuyến, không tải PDF."),
            identifier=obj.identifier,
        )
    path = documents.searchable_pdf(obj, grant.watermark)
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{obj.identifier}.pdf"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
def ask(request: HttpRequest, identifier: str) -> HttpResponse:
    """A signed-in reader asks to see a by-request object; staff decide on their page."""
    from thuvien.digital import services

    try:
        obj = object_or_404(identifier)
    except ThuvienError as exc:  # an unknown object was a 500 (found by the matrix, issue 14)
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    target = reverse("opac:record", args=[obj.record_id]) + "#digital" if obj.record_id else "/"
    patron = signed_in_reader_id(request)
    if patron is None and not request.user.is_authenticated:
        # A reader signs in with their card on the portal, then comes back to the record.
        sign_in = reverse("opac:account:sign_in")
        return HttpResponseRedirect(f"{sign_in}?next={quote(target)}")
    reason = request.POST.get("reason", "")
    try:
        if patron is not None:
            services.request_access(
                None, obj, reason, patron_ref=patron, reader_label=signed_in_reader_card(request)
            )
        else:
            services.request_access(actors.user_of(request.user), obj, reason)
    except ThuvienError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    return HttpResponseRedirect(target)
