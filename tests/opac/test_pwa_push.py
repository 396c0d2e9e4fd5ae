"""Notices by Web Push: the VAPID keys are made by a command under the data dir, the reader
opts in from the account page, and the daily notices reach a push service (a real HTTP server
on a local port, playing the browser's push service) encrypted for the reader's browser
key, which the test decrypts as a browser would."""

from __future__ import annotations

import base64
import http.server
import io
import json
import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command
from django.test import Client

from thuvien.circulation import notices, push, services
from thuvien.circulation.models import Loan, PushSubscription

from ..circulation.conftest import make_desk

pytestmark = pytest.mark.django_db


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class PushService:
    """Records what it is sent; answers with ``status``."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 201
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_port}/push/abc"


@pytest.fixture
def push_service() -> Iterator[PushService]:
    service = PushService()
    thread = threading.Thread(target=service.server.serve_forever, daemon=True)
    thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


class Browser:
    """The browser's half of a subscription: its ECDH key pair and auth secret."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = _b64(public)

    def read(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth)
        document: dict[str, Any] = json.loads(plain)
        return document


def test_the_keys_command_makes_one_key_pair_under_the_data_dir(data_dir: Path) -> None:
    out = io.StringIO()
    call_command("webpush", "keys", stdout=out)
    key = push.public_key()
    assert key is not None
    assert len(key) == 87  # an uncompressed P-256 point, base64url
    assert out.getvalue() == (
        f"Khoá công khai VAPID ({data_dir / 'webpush' / 'vapid_private.pem'}): {key}\n"
    )
    call_command("webpush", "keys", stdout=io.StringIO())
    assert push.public_key() == key
    assert (data_dir / "webpush" / "vapid_private.pem").stat().st_mode & 0o777 == 0o600


def test_without_keys_the_account_page_offers_no_push(data_dir: Path) -> None:
    assert Client().get("/account/push/key").json() == {"key": None}


def test_an_opted_in_reader_gets_the_overdue_notice_by_push_as_well_as_by_email(
    data_dir: Path, push_service: PushService, mailoutbox: list[Any]
) -> None:
    push.make_keys()
    desk = make_desk()
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    Loan.objects.filter(pk=loan.pk).update(due_on=loan.due_on - timedelta(days=60))
    browser = Browser()
    client = Client()
    client.post("/account/sign-in/", {"card": "B001", "pin": "1234"})
    assert 'id="push"' in client.get("/account/").content.decode()
    answer = client.post(
        "/account/push/",
        json.dumps(
            {
                "endpoint": push_service.endpoint,
                "keys": {"p256dh": browser.p256dh, "auth": _b64(browser.auth)},
            }
        ),
        content_type="application/json",
    )
    assert answer.json() == {"message": "Đã bật thông báo trên thiết bị này."}

    sent = notices.send_notices()
    assert (sent.overdue, sent.push) == (1, 1)
    assert len(mailoutbox) == 1
    [(headers, body)] = push_service.received
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    notice = browser.read(body)
    assert notice["title"] == "Sách quá hạn"
    assert notice["url"] == "/account/"
    assert "Truyện Kiều (TK-1)" in notice["body"]


def test_a_subscription_the_push_service_has_forgotten_is_removed(
    data_dir: Path, push_service: PushService
) -> None:
    push.make_keys()
    desk = make_desk()
    browser = Browser()
    push.subscribe(desk.reader, push_service.endpoint, browser.p256dh, _b64(browser.auth))
    push_service.status = 410
    assert push.send(desk.reader, "Thử", "Nội dung") == 0
    assert PushSubscription.objects.count() == 0


def test_a_subscription_outside_https_is_refused_with_the_reason(data_dir: Path) -> None:
    make_desk()
    client = Client()
    client.post("/account/sign-in/", {"card": "B001", "pin": "1234"})
    answer = client.post(
        "/account/push/",
        json.dumps({"endpoint": "http://push.example/x", "keys": {"p256dh": "a", "auth": "b"}}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json() == {"error": "Địa chỉ nhận thông báo phải bắt đầu bằng https://."}
