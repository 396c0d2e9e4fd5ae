"""The reader's API (/api/v1/me): sign in with card and PIN, then the card, loans, renewals,
holds and requests, each answer exact; errors are problem documents in vi or en."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from thuvien.audit.models import AuditEntry
from thuvien.circulation import services
from thuvien.circulation.models import Hold, ReaderToken

from ..circulation.conftest import Desk, make_desk
from .conftest import problem

ME = "/api/v1/me"


def _sign_in(client: Client, card: str = "B001", pin: str = "1234", **headers: str) -> Any:
    return client.post(
        f"{ME}/token",
        json.dumps({"card": card, "pin": pin}),
        content_type="application/json",
        **headers,
    )


def _bearer(client: Client, card: str = "B001") -> dict[str, str]:
    token = _sign_in(client, card).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_reader_signs_in_with_card_and_pin_and_gets_a_token_kept_only_hashed(
    client: Client,
) -> None:
    make_desk()
    response = _sign_in(client)
    assert response.status_code == 201
    body = response.json()
    assert body["card"] == "VN-CT0001:B001"
    stored = ReaderToken.objects.get()
    assert body["token"] not in stored.digest
    assert len(stored.digest) == 64


def test_a_wrong_pin_is_refused_with_the_same_message_as_an_unknown_card(client: Client) -> None:
    make_desk()
    wrong = problem(_sign_in(client, pin="9999"))
    unknown = problem(_sign_in(client, card="NOPE"))
    assert wrong["status"] == unknown["status"] == 401
    assert wrong["title"] == "circulation.wrong_credentials"
    assert wrong["detail"] == unknown["detail"] == "Số thẻ hoặc mã PIN không đúng."
    english = problem(_sign_in(client, pin="9999", HTTP_ACCEPT_LANGUAGE="en"))
    assert english["detail"] == "Wrong card number or PIN."


def test_after_five_wrong_pins_even_the_right_pin_is_refused_for_a_while(client: Client) -> None:
    make_desk()
    for _attempt in range(4):
        assert _sign_in(client, pin="0000").status_code == 401
    locking = problem(_sign_in(client, pin="0000"))
    refused = problem(_sign_in(client))
    assert locking["status"] == refused["status"] == 429
    until = datetime.fromisoformat(refused["ids"]["locked_until"])
    at = timezone.localtime(until).strftime("%H:%M")
    assert (
        refused["detail"]
        == locking["detail"]
        == (
            f"Đã nhập sai mã PIN 5 lần; thẻ tạm khoá đăng nhập đến {at}. Hãy thử lại sau {at} "
            "hoặc gặp thủ thư để đặt lại mã PIN."
        )
    )
    assert AuditEntry.objects.filter(
        action="signfail", actor_label="api:127.0.0.1", summary__endswith="; locked)"
    ).exists()


def test_without_a_token_or_with_a_revoked_one_the_reader_is_asked_to_sign_in(
    client: Client,
) -> None:
    make_desk()
    missing = problem(client.get(f"{ME}/loans"))
    assert missing["status"] == 401
    assert missing["detail"] == (
        "Cần đăng nhập: gửi mã nhận được từ POST /api/v1/me/token trong tiêu đề "
        "Authorization: Bearer …"
    )
    headers = _bearer(client)
    assert client.get(f"{ME}/card", **headers).status_code == 200
    assert client.delete(f"{ME}/token", **headers).status_code == 204
    revoked = problem(client.get(f"{ME}/card", **headers))
    assert revoked["detail"] == (
        "Mã đăng nhập không còn hiệu lực (hết hạn hoặc đã huỷ); hãy đăng nhập lại."
    )


def test_card_and_loans_show_the_readers_own_data(client: Client) -> None:
    desk = make_desk()
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    headers = _bearer(client)
    assert client.get(f"{ME}/card", **headers).json() == {
        "card": "VN-CT0001:B001",
        "name": "Bạn đọc B001",
        "library": "VN-CT0001",
        "category": "adult",
        "expires_on": None,
        "blocked": None,
    }
    assert client.get(f"{ME}/loans", **headers).json() == [
        {
            "id": loan.pk,
            "title": "Truyện Kiều",
            "barcode": "TK-1",
            "library": "VN-CT0001",
            "due_on": loan.due_on.isoformat(),
            "renewals": 0,
            "overdue": False,
        }
    ]


def test_a_reader_renews_their_loan_but_not_another_readers(client: Client) -> None:
    desk = make_desk()
    desk.add_reader("B002", pin="5678")
    mine = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    theirs = services.checkout(desk.clerk, desk.library, "B002", "TK-2")
    headers = _bearer(client)
    renewed = client.post(f"{ME}/loans/{mine.pk}/renewal", **headers)
    assert renewed.status_code == 200
    assert renewed.json()["renewals"] == 1
    other = problem(client.post(f"{ME}/loans/{theirs.pk}/renewal", **headers))
    assert other["status"] == 404
    assert other["detail"] == f"Bạn không có lượt mượn #{theirs.pk} đang mở."


def test_a_reader_places_lists_and_cancels_a_hold(client: Client) -> None:
    desk = make_desk()
    headers = _bearer(client)
    placed = client.post(
        f"{ME}/holds",
        json.dumps({"record": desk.record.pk, "pickup": "VN-CT0001"}),
        content_type="application/json",
        **headers,
    )
    assert placed.status_code == 201
    hold = placed.json()
    assert hold["title"] == "Truyện Kiều"
    assert hold["state"] == "waiting"
    assert hold["state_label"] == "Đang chờ"
    assert client.get(f"{ME}/holds", **headers).json() == [hold]
    again = problem(
        client.post(
            f"{ME}/holds",
            json.dumps({"record": desk.record.pk, "pickup": "VN-CT0001"}),
            content_type="application/json",
            **headers,
        )
    )
    assert again["detail"] == f"Bạn đọc VN-CT0001:B001 đã đặt trước tài liệu #{desk.record.pk}."
    cancelled = client.delete(f"{ME}/holds/{hold['id']}", **headers)
    assert cancelled.json()["state"] == "cancelled"
    assert Hold.objects.get().state == Hold.State.CANCELLED
    assert client.get(f"{ME}/holds", **headers).json() == []


def test_requests_list_the_readers_interlibrary_postal_and_copy_requests(client: Client) -> None:
    desk: Desk = make_desk()
    from thuvien.circulation import requests

    requests.request_copy("reader:test", desk.reader, desk.record, "trang 1-10")
    found = client.get(f"{ME}/requests", **_bearer(client)).json()
    assert [(r["kind"], r["title"], r["state"]) for r in found] == [
        ("CopyRequest", "Truyện Kiều", "requested")
    ]
