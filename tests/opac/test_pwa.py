"""The portal as an app: the manifest, the worker, the icons and the reader's card page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from thuvien.circulation import services

from ..circulation.conftest import make_desk

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_account_the_apps_start_in_its_own_window() -> None:
    response = Client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Thư viện của tôi"
    assert manifest["start_url"] == "/account/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#12325a"
    assert [(i["src"], i["sizes"]) for i in manifest["icons"]] == [
        ("/static/opac/icons/app-192.png", "192x192"),
        ("/static/opac/icons/app-512.png", "512x512"),
    ]


def test_the_manifest_speaks_english_when_asked() -> None:
    manifest = json.loads(Client().get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en").content)
    assert manifest["name"] == "My library"


def test_the_worker_is_served_from_the_root_uncached() -> None:
    client = Client()
    worker = client.get("/sw.js")
    assert worker["Content-Type"] == "text/javascript; charset=utf-8"
    assert worker["Cache-Control"] == "no-cache"
    assert b'const SHELL_FILES = ["/", "/static/opac/opac.css", "/manifest.webmanifest"];' in (
        worker.content
    )


def test_the_card_page_asks_a_stranger_to_sign_in() -> None:
    response = Client().get("/account/card/")
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/"


def test_the_card_page_shows_the_number_as_barcode_and_qr_with_the_loans() -> None:
    desk = make_desk()
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    client = Client()
    client.post("/account/sign-in/", {"card": "B001", "pin": "1234"})
    page = client.get("/account/card/").content.decode()
    assert '<strong class="mono" data-card>VN-CT0001:B001</strong>' in page
    assert page.count("<svg") == 2
    assert "<?xml" not in page
    assert "Truyện Kiều</span> — hạn trả" in page
