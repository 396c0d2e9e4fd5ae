"""One reader sign-in for every surface: the portal, SIP2 kiosks and the API check the PIN
with circulation.identity, and wrong guesses on one surface count on all of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from thuvien.circulation import identity

from .conftest import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_attempt_counts(settings: Any, request: pytest.FixtureRequest) -> None:
    """Wrong PINs are counted in the shared ``ratelimit`` cache; each test counts its own."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"identity-test:{request.node.nodeid}",
        },
    }


def test_the_right_card_and_pin_give_the_reader_and_a_wrong_one_says_nothing_more(
    desk: Desk,
) -> None:
    assert identity.authenticate("B001", "1234") == desk.reader
    assert identity.authenticate("VN-CT0001:B001", "1234") == desk.reader
    for card, pin in (("B001", "9999"), ("B999", "1234")):
        with pytest.raises(identity.WrongCredentials) as refused:
            identity.authenticate(card, pin)
        assert refused.value.message == "Số thẻ hoặc mã PIN không đúng."


def test_wrong_pins_at_the_portal_lock_the_card_for_the_api_too(desk: Desk) -> None:
    portal = Client()
    for _attempt in range(identity.MAX_ATTEMPTS):
        page = portal.post("/account/sign-in/", {"card": "B001", "pin": "0000"})
        assert "Số thẻ hoặc mã PIN không đúng." in page.content.decode()
    with pytest.raises(identity.TooManyAttempts):
        identity.authenticate("B001", "1234")
    page = portal.post("/account/sign-in/", {"card": "B001", "pin": "1234"})
    assert page.status_code == 200
    assert "Đã nhập sai mã PIN quá 5 lần" in page.content.decode()
    # Another card is not affected.
    desk.add_reader("B002", pin="4321")
    assert identity.authenticate("B002", "4321").card_number == "B002"


def test_a_right_pin_clears_the_count_of_earlier_mistakes(desk: Desk) -> None:
    for _attempt in range(identity.MAX_ATTEMPTS - 1):
        with pytest.raises(identity.WrongCredentials):
            identity.authenticate("B001", "0000")
    identity.authenticate("B001", "1234")
    for _attempt in range(identity.MAX_ATTEMPTS - 1):
        with pytest.raises(identity.WrongCredentials):
            identity.authenticate("B001", "0000")
    assert identity.authenticate("B001", "1234") == desk.reader


def test_a_token_expires_and_a_revoked_one_signs_nobody_in(desk: Desk) -> None:
    raw, token = identity.issue_token(desk.reader, "điện thoại")
    assert identity.token_reader(raw) == desk.reader
    token.expires_at = token.created_at
    token.save()
    assert identity.token_reader(raw) is None
    raw, _token = identity.issue_token(desk.reader)
    assert identity.revoke_token(raw) is True
    assert identity.token_reader(raw) is None
    assert identity.revoke_token(raw) is False
