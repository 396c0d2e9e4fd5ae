"""The reader's own account in the portal: card + PIN, loans, renewals, holds, history, data."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError
from django.test import Client

from tests.circulation.conftest import Desk, make_desk
from thuvien.audit.models import AuditEntry
from thuvien.circulation import patrons, services
from thuvien.circulation.models import Loan


@pytest.fixture
def desk() -> Desk:
    """A library with a clerk, reader B001 (PIN 1234) and three copies of Truyện Kiều."""
    return make_desk()


def _signed_in(card: str = "B001", pin: str = "1234") -> Client:
    client = Client()
    response = client.post("/account/sign-in/", {"card": card, "pin": pin})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_wrong_pin_or_unknown_card_get_the_same_answer(desk: Desk) -> None:
    for card, pin in (("B001", "9999"), ("B404", "1234")):
        page = Client().post("/account/sign-in/", {"card": card, "pin": pin}).content.decode()
        assert "Số thẻ hoặc mã PIN không đúng." in page
    assert Client().get("/account/").status_code == 302


def test_reader_sees_loans_renews_and_cancels_a_hold(desk: Desk) -> None:
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    other = desk.add_title("Lục Vân Tiên", ["LVT-1"])[0]
    services.checkout(desk.clerk, desk.library, "B001", "LVT-1")
    wanted = desk.add_title("Chinh phụ ngâm", ["CPN-1"])[0]
    hold = services.place_hold(desk.clerk, desk.reader, wanted.record, desk.library)
    client = _signed_in("VN-CT0001:B001")
    page = client.get("/account/").content.decode()
    for title in ("Truyện Kiều", "Lục Vân Tiên", "Chinh phụ ngâm"):
        assert title in page
    page = client.post(f"/account/loans/{loan.pk}/renew/", follow=True).content.decode()
    assert "Đã gia hạn Truyện Kiều đến" in page
    loan.refresh_from_db()
    assert loan.renewals == 1
    page = client.post(f"/account/holds/{hold.pk}/cancel/", follow=True).content.decode()
    assert "Đã huỷ đặt trước." in page
    # Another reader cannot renew this reader's loan: it is not found for them.
    desk.add_reader("B003", pin="5555")
    assert _signed_in("B003", "5555").post(f"/account/loans/{loan.pk}/renew/").status_code == 404
    assert other.pk


def test_history_is_kept_only_with_consent_and_forgotten_when_withdrawn(desk: Desk) -> None:
    client = _signed_in()
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.checkin(desk.clerk, desk.library, "TK-1")
    assert not Loan.objects.filter(patron=desk.reader).exists()
    client.post("/account/history/", {"keep": "1"})
    services.checkout(desk.clerk, desk.library, "B001", "TK-2")
    services.checkin(desk.clerk, desk.library, "TK-2")
    page = client.get("/account/").content.decode()
    assert "Lịch sử mượn của bạn đang được lưu." in page
    assert Loan.objects.filter(patron=desk.reader, state="returned").count() == 1
    page = client.post("/account/history/", {"keep": "0"}, follow=True).content.decode()
    assert "Lịch sử mượn của bạn đã được xoá và sẽ không lưu nữa." in page
    assert not Loan.objects.filter(patron=desk.reader).exists()
    # Both choices are logged, by the reader, with the erasure counted.
    changes = AuditEntry.objects.filter(object_type="patron", action="update").order_by("id")
    assert [(e.actor_label, e.summary) for e in changes] == [
        ("reader:VN-CT0001:B001", "VN-CT0001:B001 keeps loan history"),
        ("reader:VN-CT0001:B001", "VN-CT0001:B001 keeps no loan history; 1 past loans forgotten"),
    ]
    assert (changes[1].before["keep_history"], changes[1].after["keep_history"]) == (True, False)


def test_withdrawn_consent_forgets_nothing_when_the_change_cannot_be_logged(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    patrons.set_history_consent("test", desk.reader, True)
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.checkin(desk.clerk, desk.library, "TK-1")

    def broken_log(*args: object, **kwargs: object) -> None:
        raise DatabaseError("the audit table is unavailable")

    monkeypatch.setattr(patrons, "audit", broken_log)
    with pytest.raises(DatabaseError):
        patrons.set_history_consent("test", desk.reader, False)
    desk.reader.refresh_from_db()
    assert desk.reader.keep_history
    assert Loan.objects.filter(patron=desk.reader, state="returned").count() == 1


def test_reader_downloads_their_data_without_the_pin(desk: Desk) -> None:
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    response = _signed_in().get("/account/my-data.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["reader"]["card_number"] == "B001"
    assert data["reader"]["home_library"] == "VN-CT0001"
    assert "pin_hash" not in data["reader"]
    assert [loan["barcode"] for loan in data["loans"]] == ["TK-1"]


def test_reader_sees_the_state_of_their_requests(desk: Desk) -> None:
    from thuvien.circulation import requests

    requests.request_copy("reader:B001", desk.reader, desk.record, "12-30")
    page = _signed_in().get("/account/").content.decode()
    assert "Sao chụp: Truyện Kiều (12-30) · Đã gửi yêu cầu" in page
