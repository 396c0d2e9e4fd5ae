"""A growing delay before the lock (issue 14): after the 2nd failure for a card or account,
the next try waits 1 s, then 2 s, 4 s…, capped; a try inside the wait is refused without
checking the secret and without counting, with the seconds to wait (the API: 429 and
Retry-After). Nothing sleeps: the clock is moved on instead."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from thuvien import attempts
from thuvien.network.models import Role
from thuvien.testing import factories

from ..circulation.conftest import make_desk


@pytest.fixture
def clock(settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    settings.THUVIEN_SIGNIN_DELAY_MAX_SECONDS = 30
    now = [1_800_000_000.0]
    monkeypatch.setattr(attempts, "_now", lambda: now[0])
    return now


def test_the_wait_doubles_after_the_second_failure_and_is_capped(
    clock: list[float], settings: Any
) -> None:
    settings.THUVIEN_SIGNIN_LIMIT = 10
    card = attempts.Subject("reader-card", "B001")
    attempts.fail(card)
    assert attempts.retry_after(card) is None
    waits = []
    for _n in range(7):
        attempts.fail(card)
        waits.append(attempts.retry_after(card))
        clock[0] += 100
    assert waits == [1, 2, 4, 8, 16, 30, 30]
    assert [attempts.delay_after(n) for n in (1, 2, 3, 4)] == [0, 1, 2, 4]
    attempts.clear(card)
    assert attempts.retry_after(card) is None


def test_a_staff_try_inside_the_wait_is_refused_without_counting(clock: list[float]) -> None:
    user = factories.staff(Role.CATALOGUER, factories.library())
    account = attempts.Subject("staff-account", user.username)
    for n in range(2):
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(
            "/staff/login/", {"username": user.username, "password": "sai"}
        )
    page = Client(REMOTE_ADDR="198.51.100.5").post(
        "/staff/login/", {"username": user.username, "password": "mật-khẩu-thử-1"}
    )
    assert "Vừa nhập sai; hãy chờ 1 giây rồi thử lại." in page.content.decode()
    assert attempts.failures(account) == 2
    clock[0] += 1
    signed_in = Client(REMOTE_ADDR="198.51.100.5").post(
        "/staff/login/", {"username": user.username, "password": "mật-khẩu-thử-1"}
    )
    assert signed_in.status_code == 302


def test_the_api_answers_429_with_retry_after(clock: list[float]) -> None:
    make_desk()
    client = Client()

    def sign_in(pin: str) -> Any:
        return client.post(
            "/api/v1/me/token",
            json.dumps({"card": "B001", "pin": pin}),
            content_type="application/json",
        )

    assert sign_in("0000").status_code == 401
    assert sign_in("0001").status_code == 401
    refused = sign_in("1234")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert refused.json()["detail"] == "Vừa nhập sai; hãy chờ 1 giây rồi thử lại."
    clock[0] += 1
    assert sign_in("0002").status_code == 401  # counted: the 3rd failure
    again = sign_in("1234")
    assert again.status_code == 429
    assert again["Retry-After"] == "2"
    clock[0] += 2
    assert sign_in("1234").status_code == 201


def test_a_lock_answers_retry_after_until_it_ends(clock: list[float], settings: Any) -> None:
    settings.THUVIEN_SIGNIN_DELAY_MAX_SECONDS = 0
    make_desk()
    client = Client()
    for _n in range(5):
        client.post(
            "/api/v1/me/token",
            json.dumps({"card": "B001", "pin": "0000"}),
            content_type="application/json",
        )
    refused = client.post(
        "/api/v1/me/token",
        json.dumps({"card": "B001", "pin": "1234"}),
        content_type="application/json",
    )
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 900
