"""The demo's readers (cards CM-0001…CM-0005, PIN 271828) sign in to the API and open the card
page at once, as the README promises."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from thuvien.demo import circulation as demo
from thuvien.testing import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("card", ["CM-0001", "CM-0005"])
def test_a_demo_reader_signs_in_to_the_api_and_opens_the_card_page(card: str) -> None:
    demo.load(factories.library("VN-CM0001"), "cli:demo")
    client = Client()
    signed_in = client.post(
        "/api/v1/me/token",
        json.dumps({"card": card, "pin": demo.PIN}),
        content_type="application/json",
    )
    assert signed_in.status_code == 201
    token = signed_in.json()["token"]
    me = client.get("/api/v1/me/card", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert me["card"] == f"VN-CM0001:{card}"
    client.post("/account/sign-in/", {"card": card, "pin": "271828"})
    page = client.get("/account/card/").content.decode()
    assert f"data-card>VN-CM0001:{card}</strong>" in page
