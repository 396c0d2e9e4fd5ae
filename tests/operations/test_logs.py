"""JSON-lines logs with the request id the response carries."""

from __future__ import annotations

import json
import logging

from django.test import Client

from thuvien import logs


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy() -> None:
    made = Client().get("/health")["X-Request-ID"]
    assert len(made) == 32
    assert made.isalnum()
    given = Client(HTTP_X_REQUEST_ID="nginx-7f3a.1").get("/health")
    assert given["X-Request-ID"] == "nginx-7f3a.1"
    forged = Client(HTTP_X_REQUEST_ID='x" onload="').get("/health")
    assert forged["X-Request-ID"] != 'x" onload="'


def test_a_json_line_names_the_request_it_came_from() -> None:
    record = logging.LogRecord(
        "thuvien.x", logging.WARNING, __file__, 1, "Sao lưu %s", ("xong",), None
    )
    token = logs.REQUEST_ID.set("abc123")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.REQUEST_ID.reset(token)
    line = json.loads(logs.JsonLines().format(record))
    assert {k: line[k] for k in ("level", "logger", "message", "request_id")} == {
        "level": "WARNING",
        "logger": "thuvien.x",
        "message": "Sao lưu xong",
        "request_id": "abc123",
    }


def test_a_log_file_is_rotated_at_midnight_and_kept_the_days_asked() -> None:
    handler = logs.config("json", "/var/log/thuvien/thuvien.log", 30)["handlers"]["main"]
    assert handler["class"] == "logging.handlers.TimedRotatingFileHandler"
    assert (handler["when"], handler["backupCount"], handler["formatter"]) == (
        "midnight",
        30,
        "json",
    )
