"""An order's lifecycle: drafted, sent to the supplier, received in one or several batches,
or cancelled. A receipt cancelled by mistake takes the order back. Every move is audited."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thuvien.acquisitions.models import Order
from thuvien.lifecycle.machine import Machine, Move

_S = Order.State
_OPEN = {_S.ORDERED, _S.PARTLY_RECEIVED}
ORDER = Machine(
    "acquisition-order",
    Order,
    noun=_("đơn đặt mua"),
    starts={"draft": _("lập đơn")},
    moves={
        "place": Move(_("gửi đơn"), {_S.DRAFT}, _S.ORDERED),
        "receive-part": Move(_("nhận một phần"), _OPEN, _S.PARTLY_RECEIVED),
        "receive-all": Move(_("nhận đủ"), _OPEN, _S.RECEIVED),
        "close": Move(_("kết thúc, không chờ phần còn lại"), {_S.PARTLY_RECEIVED}, _S.RECEIVED),
        "cancel": Move(_("huỷ đơn"), {_S.DRAFT, _S.ORDERED}, _S.CANCELLED),
        # A receipt entered by mistake is cancelled: the order waits again.
        "reopen": Move(_("chờ nhận lại"), {_S.PARTLY_RECEIVED, _S.RECEIVED}, _S.ORDERED),
        "reopen-part": Move(
            _("chờ nhận phần còn lại"), {_S.PARTLY_RECEIVED, _S.RECEIVED}, _S.PARTLY_RECEIVED
        ),
    },
    audit_as="acquisition-order",
    key=lambda order: f"{order.library.code}/{order.number}",
)
