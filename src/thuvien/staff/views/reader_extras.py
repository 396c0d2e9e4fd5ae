"""What the reader page shows beyond loans and holds: fees, the loan history (only when the
reader consented to keeping it), and why the reader may not borrow now, in words."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.circulation.errors import CirculationError
from thuvien.circulation.models import Fee, Loan, Patron
from thuvien.circulation.patrons import ensure_may_borrow

HISTORY_SHOWN = 50


def desk_extras(patron: Patron) -> dict[str, Any]:
    try:
        ensure_may_borrow(patron, timezone.localdate())
        block = ""
    except CirculationError as exc:
        block = exc.message
    history: list[Loan] = []
    if patron.keep_history:
        history = list(
            Loan.objects.filter(patron=patron, state=Loan.State.RETURNED)
            .select_related("item__record")
            .order_by("-returned_at")[:HISTORY_SHOWN]
        )
    fees = list(patron.fees.select_related("library").order_by("-charged_at"))
    return {
        "borrow_block": block,
        "history": history,
        "fees": fees,
        "fee_kinds": Fee.Kind.choices,
        "history_note": "" if patron.keep_history else _("Bạn đọc không đồng ý lưu lịch sử mượn."),
    }
