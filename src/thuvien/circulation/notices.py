"""Notices to readers (due soon, overdue, hold ready) and the other daily housekeeping.

Notices are written in the site's language (``THUVIEN_LANGUAGE``) and go by email (Django's
email backend: the console in the demo), by Web Push to the reader's browsers and installed
app where the reader opted in (:mod:`thuvien.circulation.push`), and by SMS through a sender
a deployment registers with :func:`register_sms_sender` (a gateway's client); with none
registered, SMS is skipped.
Each loan is told once per kind (``Loan.last_notice``), each hold once (``Hold.notified``), so
running the job twice a day sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.circulation import push, services
from thuvien.circulation.models import Hold, Loan, Patron
from thuvien.wording import day

log = logging.getLogger(__name__)

DUE_SOON_DAYS = 2
SmsSender = Callable[[str, str], None]  # (phone number, text)
_sms_senders: list[SmsSender] = []


def register_sms_sender(sender: SmsSender) -> None:
    """The extension point for an SMS gateway: called with (phone, text) for each notice."""
    _sms_senders.append(sender)


def unregister_sms_sender(sender: SmsSender) -> None:
    _sms_senders.remove(sender)


@dataclass
class Sent:
    due_soon: int = 0
    overdue: int = 0
    hold_ready: int = 0
    recalled: int = 0
    sms: int = 0
    push: int = 0
    skipped: list[str] = field(default_factory=list)  # readers with no way to reach them


def _tell(patron: Patron, subject: str, body: str, sent: Sent) -> bool:
    told = False
    if push.send(patron, subject, body):  # readers who opted in on their account page
        sent.push += 1
        told = True
    if patron.email:
        send_mail(subject, body, None, [patron.email])
        told = True
    if patron.phone and _sms_senders:
        for sender in _sms_senders:
            sender(patron.phone, f"{subject}: {body}"[:320])
        sent.sms += 1
        told = True
    if not told:
        sent.skipped.append(str(patron))
    return told


def _loan_line(loan: Loan) -> str:
    return _("- {title} ({barcode}), hạn trả {due}").format(
        title=loan.item.record.title, barcode=loan.item.barcode, due=day(loan.due_on)
    )


def send_notices(today: date | None = None) -> Sent:
    today = today or timezone.localdate()
    sent = Sent()
    loans = Loan.objects.filter(state=Loan.State.ACTIVE, patron__isnull=False).select_related(
        "patron", "item__record"
    )
    for loan in loans.filter(last_notice="recall"):
        assert loan.patron is not None  # noqa: S101 - filtered above
        if _tell(
            loan.patron,
            _("Thư viện cần sách sớm"),
            f"{loan.patron.full_name},\n{_loan_line(loan)}\n"
            + _("Một bạn đọc khác đang chờ tài liệu này; hạn trả đã được đưa lên."),
            sent,
        ):
            Loan.objects.filter(pk=loan.pk).update(last_notice="recalled")
            sent.recalled += 1
    soon = loans.filter(due_on__gt=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
    for loan in soon.exclude(last_notice__in=["due-soon", "overdue", "recall"]):
        assert loan.patron is not None  # noqa: S101 - filtered above
        if _tell(
            loan.patron,
            _("Sắp đến hạn trả sách"),
            f"{loan.patron.full_name},\n{_loan_line(loan)}\n"
            + _("Bạn có thể gia hạn trong tài khoản bạn đọc."),
            sent,
        ):
            Loan.objects.filter(pk=loan.pk).update(last_notice="due-soon")
            sent.due_soon += 1
    for loan in loans.filter(due_on__lt=today).exclude(last_notice="overdue"):
        assert loan.patron is not None  # noqa: S101 - filtered above
        if _tell(
            loan.patron,
            _("Sách quá hạn"),
            f"{loan.patron.full_name},\n{_loan_line(loan)}\n" + _("Mời bạn trả hoặc gia hạn."),
            sent,
        ):
            Loan.objects.filter(pk=loan.pk).update(last_notice="overdue")
            sent.overdue += 1
    ready = Hold.objects.filter(state=Hold.State.READY, notified=False).select_related(
        "patron", "record", "pickup_library"
    )
    for hold in ready:
        if _tell(
            hold.patron,
            _("Tài liệu đặt trước đã sẵn sàng"),
            f"{hold.patron.full_name},\n- {hold.record.title}\n"
            + _("Nhận tại {library} trước {until}.").format(
                library=hold.pickup_library.name_vi, until=day(hold.ready_until)
            ),
            sent,
        ):
            Hold.objects.filter(pk=hold.pk).update(notified=True)
            sent.hold_ready += 1
    return sent


def inactive_readers(years: int, today: date | None = None) -> list[Patron]:
    """Readers with no activity for ``years`` and nothing on loan: candidates for deletion
    (Personal Data Protection Law: data kept no longer than needed). Only flagged, never
    deleted here; staff decide."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=365 * years)
    quiet = Q(last_activity_at__lt=cutoff) | Q(last_activity_at__isnull=True, created_at__lt=cutoff)
    return list(
        Patron.objects.filter(quiet)
        .exclude(loans__state=Loan.State.ACTIVE)
        .select_related("home_library")
        .order_by("home_library__code", "card_number")
    )


def daily(today: date | None = None) -> dict[str, int]:
    """The periodic job: expire uncollected holds (passing copies on), then send notices."""
    expired = services.expire_holds(today)
    sent = send_notices(today)
    if sent.skipped:
        log.info("notices: no email or phone for %s", ", ".join(sent.skipped))
    return {
        "expired_holds": expired,
        "due_soon": sent.due_soon,
        "overdue": sent.overdue,
        "hold_ready": sent.hold_ready,
        "recalled": sent.recalled,
        "sms": sent.sms,
        "push": sent.push,
        "unreachable": len(sent.skipped),
    }
