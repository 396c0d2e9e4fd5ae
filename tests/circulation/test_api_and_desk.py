"""The desk's HTTP API and the keyboard-first desk page, as a signed-in clerk uses them."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from thuvien.catalogue.models import Item
from thuvien.circulation.models import Loan
from thuvien.network.models import Role
from thuvien.testing import factories

from .conftest import Desk

API = "/api/v1/circulation"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, path: str, **body: str) -> Any:
    return client.post(f"{API}{path}", json.dumps(body), content_type="application/json")


def test_api_refuses_anyone_not_signed_in(desk: Desk) -> None:
    response = _post(Client(), "/loans", library=desk.library.code, card="B001", barcode="TK-1")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["detail"] == (
        "Cần đăng nhập tài khoản cán bộ (và mã CSRF) để mượn trả."
    )
    assert not Loan.objects.exists()


def test_clerk_lends_renews_and_takes_back_through_the_api(desk: Desk) -> None:
    client = _client(desk.clerk)
    lent = _post(client, "/loans", library=desk.library.code, card="B001", barcode="TK-1")
    assert lent.status_code == 201, lent.content
    body = json.loads(lent.content)
    assert (body["barcode"], body["title"], body["card"]) == (
        "TK-1",
        "Truyện Kiều",
        "VN-CT0001:B001",
    )
    again = _post(client, "/loans", library=desk.library.code, card="B001", barcode="TK-1")
    assert again.status_code == 409
    problem = json.loads(again.content)
    assert problem["title"] == "circulation.item_on_loan"
    assert problem["detail"].startswith("Tài liệu TK-1 đang được cho mượn;")
    renewed = _post(client, "/renewals", library=desk.library.code, barcode="TK-1")
    assert json.loads(renewed.content)["renewals"] == 1
    back = _post(client, "/returns", library=desk.library.code, barcode="TK-1")
    assert back.status_code == 200
    assert json.loads(back.content)["loan"]["state"] == "returned"
    assert Item.objects.get(barcode="TK-1").status == Item.Status.AVAILABLE


def test_cataloguer_is_refused_by_the_api(desk: Desk) -> None:
    client = _client(factories.staff(Role.CATALOGUER, desk.library))
    response = _post(client, "/loans", library=desk.library.code, card="B001", barcode="TK-1")
    assert response.status_code == 403
    assert json.loads(response.content)["title"] == "permission.denied"


def test_api_keeps_the_csrf_check_of_the_staff_pages(desk: Desk) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk.clerk)
    response = _post(client, "/loans", library=desk.library.code, card="B001", barcode="TK-1")
    assert response.status_code == 403
    assert json.loads(response.content)["detail"].endswith("CSRF check Failed")
    assert not Loan.objects.exists()


def test_api_is_neither_rate_limited_nor_open_to_other_sites(desk: Desk, settings: Any) -> None:
    # It is a router of the public API, but a busy desk must never be told to wait, and
    # web apps on other sites must not lend with a clerk's cookie.
    settings.THUVIEN_API_RATE_LIMIT = 1
    client = _client(desk.clerk)
    answers = [
        _post(client, "/loans", library=desk.library.code, card="B001", barcode="TK-1"),
        _post(client, "/loans", library=desk.library.code, card="B001", barcode="TK-2"),
        _post(client, "/returns", library=desk.library.code, barcode="TK-1"),
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 200]
    assert not any("Access-Control-Allow-Origin" in answer for answer in answers)


def _scan(client: Client, text: str, **extra: str) -> str:
    response = client.post("/staff/circulation/", {"scan": text, **extra}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_desk_scan_card_then_items_then_done_and_undo(desk: Desk) -> None:
    client = _client(desk.clerk)
    page = client.get("/staff/circulation/").content.decode()
    assert 'id="scan" name="scan" autofocus' in page
    page = _scan(client, "B001")
    assert "Bạn đọc B001 · VN-CT0001:B001" in page
    page = _scan(client, "TK-1")
    assert "Đã cho mượn TK-1, hạn trả" in page
    page = _scan(client, "TK-1")
    assert "Tài liệu TK-1 đang được cho mượn; cần trả trước khi cho mượn lại." in page
    _scan(client, "TK-2")
    assert Loan.objects.filter(state="active").count() == 2
    page = _scan(client, "", undo="1")
    assert "Đã hoàn tác lần cho mượn TK-2." in page
    assert Item.objects.get(barcode="TK-2").status == Item.Status.AVAILABLE
    page = _scan(client, "")
    assert "Xong lượt bạn đọc VN-CT0001:B001." in page
    page = _scan(client, "TK-1")  # no reader: a return
    assert "Đã nhận trả TK-1." in page
    assert not Loan.objects.filter(state="active").exists()
    page = _scan(client, "", undo="1")  # the return undone: lent again to B001
    assert Loan.objects.get(state="active").patron == desk.reader


def test_every_staff_look_at_a_reader_is_audited(desk: Desk) -> None:
    from thuvien.audit.models import AuditEntry

    client = _client(desk.clerk)
    page = client.get(f"/staff/circulation/readers/{desk.reader.pk}/").content.decode()
    assert "Bạn đọc B001 · VN-CT0001:B001" in page
    _scan(client, "B001")
    views = AuditEntry.objects.filter(action="view", object_type="patron")
    assert sorted(views.values_list("summary", flat=True)) == [
        "VN-CT0001:B001 (desk)",
        "VN-CT0001:B001 (record)",
    ]
    assert {entry.actor_label for entry in views} == {desk.clerk.get_username()}
    assert {entry.get_action_display() for entry in views} == {"xem"}


def test_clerk_recalls_a_loan_from_the_reader_page(desk: Desk) -> None:
    from thuvien.circulation import services

    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    client = _client(desk.clerk)
    page = client.get(f"/staff/circulation/readers/{desk.reader.pk}/").content.decode()
    assert f'action="/staff/circulation/loans/{loan.pk}/recall/"' in page
    page = client.post(f"/staff/circulation/loans/{loan.pk}/recall/", follow=True).content.decode()
    loan.refresh_from_db()
    assert f"Đã gọi trả sớm TK-1: hạn mới {loan.due_on:%d/%m/%Y}." in page
    assert loan.last_notice == "recall"
