"""Notices by email and the pluggable SMS channel; inactive readers flagged."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from thuvien.circulation import notices, services
from thuvien.circulation.models import Loan, Patron

from .conftest import Desk


def test_due_soon_overdue_and_hold_ready_are_each_sent_once(desk: Desk) -> None:
    texts: list[tuple[str, str]] = []

    def sms(phone: str, text: str) -> None:
        texts.append((phone, text))

    desk.add_reader("B002", email="b2@example.vn", phone="0912000111")
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.checkout(desk.clerk, desk.library, "B002", "TK-2")
    services.checkout(desk.clerk, desk.library, "B002", "TK-3")
    today = timezone.localdate()
    Loan.objects.filter(item__barcode="TK-1").update(due_on=today + timedelta(days=1))
    Loan.objects.filter(item__barcode="TK-2").update(due_on=today - timedelta(days=3))
    waiting = desk.add_reader("B003", email="b3@example.vn")
    services.place_hold(desk.clerk, waiting, desk.record, desk.library)
    services.checkin(desk.clerk, desk.library, "TK-3")  # trapped for B003
    notices.register_sms_sender(sms)
    try:
        first = notices.daily()
        second = notices.daily()
    finally:
        notices.unregister_sms_sender(sms)
    assert (first["due_soon"], first["overdue"], first["hold_ready"]) == (1, 1, 1)
    assert (second["due_soon"], second["overdue"], second["hold_ready"]) == (0, 0, 0)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Sách quá hạn",
        "Sắp đến hạn trả sách",
        "Tài liệu đặt trước đã sẵn sàng",
    ]
    overdue = next(m for m in mail.outbox if m.subject.startswith("Sách quá hạn"))
    assert overdue.to == ["b2@example.vn"]
    assert overdue.body == (
        f"Bạn đọc B002,\n- Truyện Kiều (TK-2), hạn trả {today - timedelta(days=3):%d/%m/%Y}\n"
        "Mời bạn trả hoặc gia hạn."
    )
    assert [phone for phone, _ in texts] == ["0912000111"]


def test_a_site_in_english_sends_its_notices_in_english(desk: Desk) -> None:
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    due = timezone.localdate() - timedelta(days=3)
    Loan.objects.update(due_on=due)
    with translation.override("en"):
        assert notices.daily()["overdue"] == 1
    [overdue] = mail.outbox
    assert (overdue.subject, overdue.body) == (
        "Overdue items",
        f"Bạn đọc B001,\n- Truyện Kiều (TK-1), due {due:%Y-%m-%d}\nPlease return or renew it.",
    )


def test_inactive_readers_are_listed_not_deleted(desk: Desk) -> None:
    old = timezone.now() - timedelta(days=365 * 4)
    desk.add_reader("B002")
    Patron.objects.filter(card_number="B002").update(created_at=old)
    Patron.objects.filter(card_number="B001").update(created_at=old, last_activity_at=old)
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")  # active again
    out = io.StringIO()
    call_command("circulation", "inactive", "--years", "3", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("VN-CT0001:B002\tBạn đọc B002\t")
    assert lines[-1] == "1 bạn đọc không hoạt động 3 năm"
    assert Patron.objects.count() == 2


def test_daily_command_expires_holds_and_reports_counts(desk: Desk) -> None:
    out = io.StringIO()
    call_command("circulation", "daily", stdout=out)
    assert json.loads(out.getvalue()) == {
        "expired_holds": 0,
        "due_soon": 0,
        "overdue": 0,
        "hold_ready": 0,
        "recalled": 0,
        "sms": 0,
        "push": 0,
        "unreachable": 0,
    }


def test_recalled_loan_comes_due_within_a_week_and_the_reader_is_told(desk: Desk) -> None:
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    assert loan.due_on == timezone.localdate() + timedelta(days=14)
    services.recall(desk.clerk, loan)
    loan.refresh_from_db()
    assert loan.due_on == timezone.localdate() + timedelta(days=7)
    assert notices.daily()["recalled"] == 1
    assert [m.subject for m in mail.outbox] == ["Thư viện cần sách sớm"]
    assert notices.daily()["recalled"] == 0
