"""Public protocol endpoints: OAI-PMH (/oai), SRU (/sru), open data (/opendata/), sitemap."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from thuvien.interop import oai, sru

XML = "text/xml; charset=utf-8"


def _arguments(request: HttpRequest) -> dict[str, list[str]]:
    source = request.POST if request.method == "POST" else request.GET
    return {name: source.getlist(name) for name in source}


def _page_url(request: HttpRequest) -> Callable[[int], str]:
    base = request.build_absolute_uri("/").rstrip("/")
    template = reverse("opac:record", args=[0])[:-1]
    return lambda pk: f"{base}{template}{pk}"


@csrf_exempt  # a protocol endpoint for harvesters: POST is a read, with no session
@require_http_methods(["GET", "POST"])
def oai_pmh(request: HttpRequest) -> HttpResponse:
    base_url = request.build_absolute_uri(request.path)
    return HttpResponse(
        oai.respond(_arguments(request), base_url, _page_url(request)), content_type=XML
    )


@csrf_exempt  # a protocol endpoint: SRU may be sent as a form POST, with no session
@require_http_methods(["GET", "POST"])
def sru_endpoint(request: HttpRequest) -> HttpResponse:
    host, _, port = request.get_host().rpartition(":")
    if not host or not port.isdigit():
        host, port = request.get_host(), "443" if request.is_secure() else "80"
    server = sru.Server(host, int(port), request.path.strip("/"), _page_url(request))
    if request.method == "POST" and request.content_type in ("text/xml", "application/soap+xml"):
        # SRW: the same requests as SOAP messages (yaz-client's default).
        return HttpResponse(sru.respond_soap(request.body, server), content_type=XML)
    return HttpResponse(sru.respond(_arguments(request), server), content_type=XML)
