"""Readers sign in through a real OpenID Connect provider (pyop, on a local port): the
provider's card-number claim opens that reader's portal session; a person whose claim names
no reader is told what to do; with no client configured the route does not exist."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from .conftest import make_desk
from .oidc_provider import oidc_provider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/account/sso/callback/"


def _round_trip(client: Client) -> Any:
    """Start at the portal, let the provider answer, and bring its answer back."""
    start = client.get("/account/sso/")
    assert start.status_code == 302
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def test_the_providers_card_claim_signs_that_reader_in(settings: Any) -> None:
    make_desk()
    with oidc_provider({"card_number": "VN-CT0001:B001"}, CALLBACK) as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        client = Client()
        assert "Đăng nhập bằng VNeID" in client.get("/account/sign-in/").content.decode()
        response = _round_trip(client)
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    card = client.get("/account/card/").content.decode()
    assert "data-card>VN-CT0001:B001</strong>" in card


def test_a_person_whose_claim_names_no_reader_is_told_to_use_card_and_pin(settings: Any) -> None:
    make_desk()
    with oidc_provider({"card_number": "VN-CT0001:KHONG-CO"}, CALLBACK) as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        client = Client()
        response = _round_trip(client)
    assert response.status_code == 403
    assert (
        "Không đăng nhập được qua VNeID: tài khoản này chưa gắn với thẻ bạn đọc nào. Hãy đăng "
        "nhập bằng số thẻ và mã PIN, hoặc đăng ký thẻ tại thư viện."
    ) in response.content.decode()
    assert client.get("/account/card/").status_code == 302


def test_without_a_configured_provider_there_is_no_single_sign_on(settings: Any) -> None:
    settings.OIDC_RP_CLIENT_ID = ""
    client = Client()
    assert client.get("/account/sso/").status_code == 404
    assert "Đăng nhập bằng" not in client.get("/account/sign-in/").content.decode()
