"""One reader sign-in for every surface: the portal, SIP2 kiosks and the API check the PIN
with circulation.identity, and wrong guesses on one surface count on all of them."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, ClassVar

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.utils import timezone

from thuvien import attempts
from thuvien.audit.models import AuditEntry
from thuvien.circulation import identity, patrons
from thuvien.errors import InvalidInput

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


def _lock_message(until: datetime) -> str:
    at = timezone.localtime(until).strftime("%H:%M")
    return (
        f"Đã nhập sai mã PIN 5 lần; thẻ tạm khoá đăng nhập đến {at}. "
        f"Hãy thử lại sau {at} hoặc gặp thủ thư để đặt lại mã PIN."
    )


def test_wrong_pins_at_the_portal_lock_the_card_for_the_api_too(desk: Desk) -> None:
    portal = Client()
    for _attempt in range(identity.MAX_ATTEMPTS - 1):
        page = portal.post("/account/sign-in/", {"card": "B001", "pin": "0000"})
        assert "Số thẻ hoặc mã PIN không đúng." in page.content.decode()
    # The fifth wrong PIN locks the card, and the reader is told until when.
    page = portal.post("/account/sign-in/", {"card": "B001", "pin": "0000"})
    until = attempts.locked_until(attempts.Subject("reader-card", "B001"))
    assert until is not None
    assert 899 <= (until - timezone.now()).total_seconds() <= 900
    assert _lock_message(until) in page.content.decode()
    with pytest.raises(identity.TooManyAttempts) as refused:
        identity.authenticate("B001", "1234")
    assert refused.value.message == _lock_message(until)
    page = portal.post("/account/sign-in/", {"card": "B001", "pin": "1234"})
    assert page.status_code == 200
    assert _lock_message(until) in page.content.decode()
    # Another card is not affected (a different address: this one has 5 failures too).
    desk.add_reader("B002", pin="4321")
    assert identity.authenticate("B002", "4321").card_number == "B002"


class _Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_a_card_can_be_guessed_at_most_twenty_times_an_hour(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's figure: guesses allowed per card per hour ≤ 20. A guesser who tries once
    a second for an hour gets 20 PINs checked; the right PIN during a lock is refused too."""
    clock = _Clock()
    monkeypatch.setattr(attempts, "_now", clock)
    start = clock.now
    while clock.now < start + 3600:
        with pytest.raises((identity.WrongCredentials, identity.TooManyAttempts)):
            identity.authenticate("B001", "0000")
        clock.now += 1
    failures = AuditEntry.objects.filter(action=AuditEntry.Action.SIGN_IN_FAILED)
    assert failures.count() == 3600
    # Only these had their PIN checked; every other one was refused by the lock unchecked.
    assert failures.exclude(summary__endswith="; locked)").count() == 20
    with pytest.raises(identity.TooManyAttempts):
        identity.authenticate("B001", "1234")
    clock.now += 15 * 60
    assert identity.authenticate("B001", "1234") == desk.reader


def test_an_unknown_card_costs_one_pin_hash_like_a_known_one(desk: Desk, settings: Any) -> None:
    """No timing tells which cards exist: the PIN is hashed for an unknown card, a known
    card with a wrong PIN and a card without a PIN alike (counted by a real hasher)."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    desk.add_reader("B003")  # no PIN at all
    desk.add_reader("B004", pin="480264")
    CountingHasher.verified.clear()
    for card in ("B004", "B999", "B003", "VN-XX9999:B004"):
        with pytest.raises(identity.WrongCredentials):
            identity.authenticate(card, "9999")
    assert CountingHasher.verified == ["9999"] * 4


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting-md5-identity"
    verified: ClassVar[list[str]] = []

    def verify(self, password: str, encoded: str) -> bool:
        type(self).verified.append(password)
        return super().verify(password, encoded)


def test_wrong_pins_from_one_address_lock_the_address_for_every_card(desk: Desk) -> None:
    for card in ("B101", "B102", "B103", "B104"):
        with pytest.raises(identity.WrongCredentials):
            identity.authenticate(card, "0000", address="203.0.113.7")
    with pytest.raises(identity.TooManyAttempts) as refused:
        identity.authenticate("B105", "0000", address="203.0.113.7")
    until = attempts.locked_until(attempts.Subject("address", "203.0.113.7", "address"))
    assert until is not None
    at = timezone.localtime(until).strftime("%H:%M")
    assert refused.value.message == (
        f"Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này; tạm ngừng nhận đăng nhập "
        f"đến {at}. Hãy thử lại sau {at}."
    )
    assert refused.value.status == 429
    with pytest.raises(identity.TooManyAttempts):
        identity.authenticate("B001", "1234", address="203.0.113.7")
    # The same reader from another address signs in.
    assert identity.authenticate("B001", "1234", address="198.51.100.2") == desk.reader


def test_every_sign_in_and_failure_is_in_the_audit_log_without_the_pin(desk: Desk) -> None:
    client = Client()
    client.post("/account/sign-in/", {"card": "B001", "pin": "0000"})
    client.post("/account/sign-in/", {"card": "B777", "pin": "0000"})
    client.post("/account/sign-in/", {"card": "B001", "pin": "1234"})
    entries = list(
        AuditEntry.objects.filter(object_type="patron", action__in=["signin", "signfail"])
        .order_by("pk")
        .values_list("action", "actor_label", "object_id", "summary")
    )
    reader = desk.reader
    assert entries == [
        ("signfail", "portal:127.0.0.1", str(reader.pk), f"{reader} (portal 127.0.0.1)"),
        ("signfail", "portal:127.0.0.1", "", "B777 (portal 127.0.0.1; no such card)"),
        ("signin", f"reader:{reader}", str(reader.pk), f"{reader} (portal 127.0.0.1)"),
    ]
    assert not AuditEntry.objects.filter(summary__contains="0000").exists()


def test_a_four_digit_pin_signs_in_and_the_reader_is_asked_for_a_six_digit_one(
    desk: Desk,
) -> None:
    client = Client()
    page = client.post("/account/sign-in/", {"card": "B001", "pin": "1234"}, follow=True)
    assert page.redirect_chain == [("/account/", 302)]
    text = page.content.decode()
    assert (
        "Mã PIN của bạn chỉ có 4 chữ số; hãy chọn mã PIN mới gồm 6 chữ số để tài khoản an toàn hơn."
    ) in text
    desk.reader.refresh_from_db()
    assert desk.reader.pin_change_required is True
    # Account page keeps asking until the PIN is changed.
    assert "Đổi sang mã PIN 6 chữ số" in client.get("/account/").content.decode()
    mismatch = client.post(
        "/account/pin/", {"pin": "1234", "new_pin": "480264", "new_pin2": "480265"}
    )
    assert "Hai lần nhập mã PIN mới không khớp." in mismatch.content.decode()
    easy = client.post("/account/pin/", {"pin": "1234", "new_pin": "123456", "new_pin2": "123456"})
    assert (
        "Mã PIN quá dễ đoán (một chữ số lặp lại hoặc dãy liên tiếp); hãy chọn mã khác."
        in easy.content.decode()
    )
    wrong = client.post("/account/pin/", {"pin": "9999", "new_pin": "480264", "new_pin2": "480264"})
    assert "Số thẻ hoặc mã PIN không đúng." in wrong.content.decode()
    done = client.post(
        "/account/pin/", {"pin": "1234", "new_pin": "480264", "new_pin2": "480264"}, follow=True
    )
    assert "Đã đổi mã PIN." in done.content.decode()
    assert "Đổi sang mã PIN 6 chữ số" not in done.content.decode()
    desk.reader.refresh_from_db()
    assert desk.reader.pin_change_required is False
    with pytest.raises(identity.WrongCredentials):
        identity.authenticate("B001", "1234")
    assert identity.authenticate("B001", "480264") == desk.reader
    assert AuditEntry.objects.filter(summary=f"{desk.reader} new PIN").count() == 1


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("1234", "Mã PIN phải gồm 6 đến 8 chữ số."),
        ("12a456", "Mã PIN phải gồm 6 đến 8 chữ số."),
        ("123456789", "Mã PIN phải gồm 6 đến 8 chữ số."),
        ("111111", "Mã PIN quá dễ đoán (một chữ số lặp lại hoặc dãy liên tiếp); hãy chọn mã khác."),
        ("987654", "Mã PIN quá dễ đoán (một chữ số lặp lại hoặc dãy liên tiếp); hãy chọn mã khác."),
    ],
)
def test_new_readers_get_six_to_eight_digit_pins(desk: Desk, pin: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        patrons.register("test", desk.library, card_number="N1", full_name="Mới", pin=pin)
    assert refused.value.message == message
    with pytest.raises(InvalidInput) as refused:
        patrons.self_register(desk.library, full_name="Mới", pin=pin)
    assert refused.value.message == message
    assert (
        patrons.register(
            "test", desk.library, card_number="N1", full_name="Mới", pin="480264"
        ).pin_change_required
        is False
    )


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
