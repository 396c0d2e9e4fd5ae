from __future__ import annotations

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse

from thuvien import __version__
from thuvien.operations import status


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": str(exc), "version": __version__}, status=503
        )
    backups = status.current().as_dict()
    return JsonResponse(
        {"status": "ok", "database": database, "version": __version__, "backups": backups}
    )
