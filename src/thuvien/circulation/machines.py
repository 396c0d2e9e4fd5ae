"""Circulation's lifecycles: loans, holds, inter-library loans, loans by post, copy requests
and copies in transit, each a table of :mod:`thuvien.lifecycle`.

Every move goes through :func:`move` (the engine's, with the circulation desk's library), so it
is race-safe and leaves its history row; the services run it inside their transaction together
with the rest of the change (the copy's status, the change feed). Circulation's moves are not
written to the audit log: their history rows are the desk's log, and a loan is the reader's
business, not an administrative change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from thuvien.circulation.models import (
    CopyRequest,
    Fee,
    Hold,
    IllRequest,
    Loan,
    PostalLoan,
    Transit,
)
from thuvien.lifecycle import services as lifecycle
from thuvien.lifecycle.machine import Machine, Move

if TYPE_CHECKING:
    from thuvien.actors import Actor

Stateful = Loan | Hold | IllRequest | PostalLoan | CopyRequest | Transit | Fee

_LOAN = Loan.State
LOAN = Machine(
    "loan",
    Loan,
    noun=_("lượt mượn"),
    starts={"checkout": _("cho mượn")},
    moves={
        "renew": Move(_("gia hạn"), {_LOAN.ACTIVE}, _LOAN.ACTIVE),
        "checkin": Move(_("nhận trả"), {_LOAN.ACTIVE}, _LOAN.RETURNED),
        # Asked back early for another reader: the loan stays active, its due date comes forward.
        "recall": Move(_("gọi trả sớm"), {_LOAN.ACTIVE}, _LOAN.ACTIVE),
    },
)

_HOLD = Hold.State
HOLD = Machine(
    "hold",
    Hold,
    noun=_("lượt đặt trước"),
    starts={"place": _("đặt trước")},
    moves={
        # A returned copy is set aside on the hold shelf for the first reader waiting.
        "trap": Move(_("giữ cho bạn đọc"), {_HOLD.WAITING}, _HOLD.READY),
        "fulfil": Move(_("giao cho bạn đọc"), {_HOLD.READY}, _HOLD.FULFILLED),
        "cancel": Move(_("huỷ"), {_HOLD.WAITING, _HOLD.READY}, _HOLD.CANCELLED),
        # Not collected in time: the copy passes to the next reader.
        "expire": Move(_("cho hết hạn"), {_HOLD.READY}, _HOLD.EXPIRED),
    },
)

# Inter-library loan (Decree 93/2020, Art. 27): the lending library approves, ships and closes;
# the reader's home library receives, lends to the reader, takes back and sends back.
_ILL = IllRequest.State
ILL = Machine(
    "ill",
    IllRequest,
    noun=_("yêu cầu mượn liên thư viện"),
    starts={"request": _("gửi yêu cầu")},
    moves={
        "approve": Move(_("chấp thuận"), {_ILL.REQUESTED}, _ILL.APPROVED),
        "refuse": Move(_("từ chối"), {_ILL.REQUESTED}, _ILL.REFUSED),
        "cancel": Move(_("huỷ"), {_ILL.REQUESTED, _ILL.APPROVED}, _ILL.CANCELLED),
        "ship": Move(_("gửi đi"), {_ILL.APPROVED}, _ILL.SHIPPED),
        "receive": Move(_("nhận sách về"), {_ILL.SHIPPED}, _ILL.RECEIVED),
        "lend": Move(_("cho bạn đọc mượn"), {_ILL.RECEIVED}, _ILL.LENT),
        "return": Move(_("nhận trả từ bạn đọc"), {_ILL.LENT}, _ILL.RETURNED),
        # Sent back unread is allowed too: the reader never came for it.
        "send-back": Move(_("gửi trả"), {_ILL.RETURNED, _ILL.RECEIVED}, _ILL.SENT_BACK),
        "close": Move(_("hoàn tất"), {_ILL.SENT_BACK}, _ILL.CLOSED),
    },
)

_POST = PostalLoan.State
POSTAL = Machine(
    "postal",
    PostalLoan,
    noun=_("lượt mượn qua bưu điện"),
    starts={"request": _("gửi yêu cầu")},
    moves={
        "dispatch": Move(_("gửi bưu điện"), {_POST.REQUESTED}, _POST.DISPATCHED),
        "cancel": Move(_("huỷ"), {_POST.REQUESTED}, _POST.CANCELLED),
        "deliver": Move(_("xác nhận đã giao"), {_POST.DISPATCHED}, _POST.DELIVERED),
        "post-back": Move(_("gửi trả qua bưu điện"), {_POST.DELIVERED}, _POST.RETURNING),
        # A reader may also bring the book back in person: delivered → received.
        "receive": Move(_("nhận lại sách"), {_POST.RETURNING, _POST.DELIVERED}, _POST.RECEIVED),
    },
)

# Copies of pages: staff check the copyright limits before approving.
_COPY = CopyRequest.State
COPY = Machine(
    "copy",
    CopyRequest,
    noun=_("yêu cầu sao chụp"),
    starts={"request": _("gửi yêu cầu")},
    moves={
        "approve": Move(_("chấp thuận"), {_COPY.REQUESTED}, _COPY.APPROVED),
        "refuse": Move(_("từ chối"), {_COPY.REQUESTED}, _COPY.REFUSED),
        "deliver": Move(_("giao bản sao"), {_COPY.APPROVED}, _COPY.DELIVERED),
    },
)

TRANSIT = Machine(
    "transit",
    Transit,
    noun=_("lượt chuyển sách về"),
    starts={"send": _("gửi về thư viện chủ")},
    moves={
        "arrive": Move(_("nhận về"), {Transit.State.IN_TRANSIT}, Transit.State.ARRIVED),
    },
)

# Money: charged, then paid (with a receipt) or waived; every move is in the audit log too.
_FEE = Fee.State
FEE = Machine(
    "fee",
    Fee,
    noun=_("khoản thu"),
    starts={"charge": _("ghi khoản thu")},
    moves={
        "pay": Move(_("thu tiền"), {_FEE.OPEN}, _FEE.PAID),
        "waive": Move(_("miễn"), {_FEE.OPEN}, _FEE.WAIVED),
    },
    audit_as="fee",
)

MACHINES: dict[type[Stateful], Machine] = {
    Loan: LOAN,
    Hold: HOLD,
    IllRequest: ILL,
    PostalLoan: POSTAL,
    CopyRequest: COPY,
    Transit: TRANSIT,
    Fee: FEE,
}


def machine_of(obj: Stateful) -> Machine:
    return MACHINES[type(obj)]


def allowed_events(obj: Stateful) -> list[str]:
    """The moves the table allows from ``obj``'s state now (for the staff screens' buttons)."""
    return machine_of(obj).allowed(obj.state)


def event_label(obj: Stateful, event: str) -> str:
    """The move in the librarians' words, in the active language."""
    return machine_of(obj).label(event)


def start(obj: Stateful, event: str, *, actor: Actor, library_code: str) -> None:
    """Note that ``obj`` has just been made (lent, placed, requested, sent home)."""
    lifecycle.start(machine_of(obj), obj, event, actor=actor, library_code=library_code)


def move(
    obj: Stateful,
    event: str,
    *,
    actor: Actor,
    library_code: str,
    guard: dict[str, Any] | None = None,
    **changes: Any,
) -> None:
    """Make ``event`` happen to ``obj`` (also saving ``changes``), or raise
    :class:`~thuvien.lifecycle.errors.IllegalTransition`. Concurrent identical moves: one
    wins, the other raises. ``guard`` adds conditions the row must still meet (e.g. the
    renewal count read)."""
    lifecycle.move(
        machine_of(obj), obj, event, actor=actor, library_code=library_code, guard=guard, **changes
    )
