"""Logs a server's operators can search: one JSON object per line with the request id that
the response also carries (X-Request-ID), so one reader's complaint leads to its lines.

THUVIEN_LOG_FORMAT=json turns it on (the generated systemd environment file does);
THUVIEN_LOG_FILE writes to a file rotated every midnight and kept THUVIEN_LOG_DAYS days.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings import this module: nothing of Django's at import time
    from django.http import HttpRequest, HttpResponse

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_SANE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Take a proxy's X-Request-ID when it is sane, else make one; answer with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def config(log_format: str, log_file: str, days: int) -> dict[str, Any]:
    """Django's LOGGING for these settings."""
    formatter = "json" if log_format == "json" else "text"
    handler: dict[str, Any] = {"class": "logging.StreamHandler"}
    if log_file:
        handler = {
            "class": "logging.handlers.TimedRotatingFileHandler",
            "filename": log_file,
            "when": "midnight",
            "backupCount": days,
            "encoding": "utf-8",
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "thuvien.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "thuvien.logs.JsonLines"},
            "text": {"format": "%(levelname)s %(name)s %(message)s"},
        },
        "handlers": {"main": {**handler, "formatter": formatter, "filters": ["request_id"]}},
        "root": {"handlers": ["main"], "level": "WARNING"},
        "loggers": {"thuvien": {"level": "INFO"}},
    }
