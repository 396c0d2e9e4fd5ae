"""IIIF Collections and the IIIF Change Discovery feed: public JSON-LD, read by aggregators."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from thuvien.digital import discovery, iiif_collections
from thuvien.digital.models import Collection
from thuvien.digital.presentation import CONTEXT
from thuvien.digital.views import json_response


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"  # viewers and aggregators run in browsers
    return response


@require_GET
def collections(request: HttpRequest) -> HttpResponse:
    data = iiif_collections.top(request.build_absolute_uri)
    return _public(json_response(request, data, CONTEXT))


@require_GET
def collection(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(Collection, code=code)
    data = iiif_collections.collection(request.build_absolute_uri, found)
    return _public(json_response(request, data, CONTEXT))


@require_GET
def activities(request: HttpRequest) -> HttpResponse:
    data = discovery.collection(request.build_absolute_uri)
    response = json_response(request, data, discovery.CONTEXT)
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def activity_page(request: HttpRequest, number: int) -> HttpResponse:
    data = discovery.page(request.build_absolute_uri, number)
    if data is None:
        raise Http404(number)
    response = json_response(request, data, discovery.CONTEXT)
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response
