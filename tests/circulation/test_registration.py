"""Online self-registration: a card at once, loans only after the library approves."""

from __future__ import annotations

import pytest
from django.test import Client

from thuvien.audit.models import AuditEntry
from thuvien.circulation import errors, services
from thuvien.circulation.models import Patron

from .conftest import Desk


def test_reader_registers_online_and_borrows_after_approval(desk: Desk) -> None:
    reader = Client()
    page = reader.post(
        "/account/register/",
        {
            "library": desk.library.code,
            "full_name": "Nguyễn Thị Mai",
            "category": "student",
            "birth_year": "2005",
            "email": "mai@example.vn",
            "pin": "480264",
            "pin2": "480264",
        },
        follow=True,
    ).content.decode()
    patron = Patron.objects.get(full_name="Nguyễn Thị Mai")
    assert f"Số thẻ của bạn là {patron}." in page
    assert "Thư viện đang duyệt đăng ký của bạn; sau khi duyệt bạn có thể mượn." in page
    with pytest.raises(errors.PatronBlocked) as caught:
        services.checkout(desk.clerk, desk.library, str(patron), "TK-1")
    assert caught.value.message == (
        f"Thẻ {patron} đang bị khoá: chờ thư viện duyệt đăng ký trực tuyến. Mời bạn đọc gặp "
        f"thủ thư."
    )
    staff = Client()
    staff.force_login(desk.clerk)
    listing = staff.get("/staff/circulation/registrations/").content.decode()
    assert "Nguyễn Thị Mai" in listing
    staff.post("/staff/circulation/registrations/", {"patron": patron.pk})
    services.checkout(desk.clerk, desk.library, str(patron), "TK-1")
    assert AuditEntry.objects.filter(summary=f"{patron} approved").exists()


def test_mismatched_pins_register_nobody(desk: Desk) -> None:
    page = (
        Client()
        .post(
            "/account/register/",
            {"library": desk.library.code, "full_name": "Lê Văn Tú", "pin": "1234", "pin2": "4321"},
        )
        .content.decode()
    )
    assert "Hai lần nhập mã PIN không khớp." in page
    assert not Patron.objects.filter(full_name="Lê Văn Tú").exists()
