from __future__ import annotations

import hmac

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import CollectorRegistry

from thuvien import __version__, conf
from thuvien.core import observe
from thuvien.http import client_address

_REGISTRY = CollectorRegistry(auto_describe=False)
_REGISTRY.register(observe.ThuvienCollector())
_LOOPBACK = {"127.0.0.1", "::1"}


def health(request: HttpRequest) -> JsonResponse:
    """Database, index lag, job backlog, disk space and the last backup, for load balancers
    and monitoring. 503 only when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": str(exc), "version": __version__}, status=503
        )
    return JsonResponse(
        {"status": "ok", "database": "ok", "version": __version__, **observe.health()}
    )


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for this machine or a scraper with THUVIEN_METRICS_TOKEN."""
    token = conf.get_str("METRICS_TOKEN")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    allowed = client_address(request) in _LOOPBACK or (
        bool(token) and hmac.compare_digest(given, token)
    )
    if not allowed:
        return HttpResponse(
            "Chỉ máy này hoặc máy có THUVIEN_METRICS_TOKEN (Authorization: Bearer …) được đọc "
            "/metrics.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(generate_latest(_REGISTRY), content_type=CONTENT_TYPE_LATEST)
