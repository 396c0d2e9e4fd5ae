"""What the library charges a reader, and the receipts.

A charge starts open; the clerk takes the money (the fee gets the library's next receipt
number for the year) or waives it with a reason. Fee-waiver readers (Library Law Art. 26) are
never asked for a card fee: their charge is waived at once, naming the evidence seen.
Every step is in the audit log (the fee machine writes it).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.circulation import machines
from thuvien.circulation.models import FEE_WAIVER, Fee, Patron
from thuvien.errors import InvalidInput
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor


def parse_amount(text: str | Decimal | int) -> Decimal:
    """A sum in đồng, as a clerk types it: ``20000``, ``20.000`` or ``20 000``."""
    raw = str(text).strip().replace(".", "").replace(" ", "").replace(",", "")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        amount = Decimal(-1)
    if amount <= 0 or amount != amount.to_integral_value():
        raise InvalidInput(
            _("Số tiền “{text}” không hợp lệ; nhập số đồng, ví dụ 20000.").format(text=text),
            amount=str(text),
        )
    return amount


def charge(
    actor: Actor,
    library: Library,
    patron: Patron | None,
    kind: str,
    amount: str | Decimal | int,
    *,
    payer_name: str = "",
    note: str = "",
) -> Fee:
    check(actor, Action.CIRCULATE, library)
    if kind not in Fee.Kind.values:
        raise InvalidInput(_("Loại khoản thu “{kind}” không có.").format(kind=kind), kind=kind)
    value = parse_amount(amount)
    payer = payer_name.strip() or (patron.full_name if patron is not None else "")
    if not payer:
        raise InvalidInput(_("Cần tên người nộp tiền cho biên lai."), payer_name="")
    with transaction.atomic():
        fee = Fee.objects.create(
            library=library, patron=patron, payer_name=payer, kind=kind, amount=value, note=note
        )
        machines.start(fee, "charge", actor=actor, library_code=library.code)
        if kind == Fee.Kind.CARD and patron is not None and patron.category in FEE_WAIVER:
            waive(
                actor,
                fee,
                _("{category}, miễn phí theo Luật Thư viện Điều 26 (giấy tờ: {evidence})").format(
                    category=patron.get_category_display(), evidence=patron.evidence_reference
                ),
            )
    return fee


def _next_receipt(library: Library, year: int) -> str:
    """The library's next receipt number this year. The library's row is locked while
    counting (PostgreSQL; SQLite's write lock does the same), so two clerks taking money at
    once get two numbers; the unique constraint is the last guard."""
    Library.objects.select_for_update().filter(pk=library.pk).values_list("pk", flat=True).first()
    prefix = f"{library.code}/{year}/"
    last = (
        Fee.objects.filter(library=library, receipt_number__startswith=prefix)
        .order_by("-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    n = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:06d}"


def pay(actor: Actor, fee: Fee) -> Fee:
    """The money is taken: the fee gets its receipt number."""
    check(actor, Action.CIRCULATE, fee.library)
    now = timezone.now()
    with transaction.atomic():
        number = _next_receipt(fee.library, timezone.localdate(now).year)
        machines.move(
            fee,
            "pay",
            actor=actor,
            library_code=fee.library.code,
            paid_at=now,
            receipt_number=number,
            received_by=actors.label(actor)[:150],
        )
    return fee


def waive(actor: Actor, fee: Fee, reason: str) -> Fee:
    check(actor, Action.CIRCULATE, fee.library)
    if not reason.strip():
        raise InvalidInput(_("Cần ghi lý do miễn khoản thu."), reason="")
    machines.move(
        fee, "waive", actor=actor, library_code=fee.library.code, waived_reason=reason.strip()
    )
    return fee


def open_fees(patron: Patron) -> list[Fee]:
    return list(patron.fees.filter(state=Fee.State.OPEN).order_by("charged_at"))
