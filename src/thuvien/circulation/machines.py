"""The loan and hold state machines: a transition table and one entry point, :func:`move`.

``move`` checks the table, changes the state with a conditional UPDATE (``WHERE state =
<from>``), so of two processes making the same move at once exactly one succeeds on any
database, and writes the :class:`~.models.Transition` row. Callers run it inside their
transaction together with the rest of the change.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from thuvien.circulation.errors import IllegalTransition
from thuvien.circulation.models import (
    CopyRequest,
    Hold,
    IllRequest,
    Loan,
    PostalLoan,
    Transit,
    Transition,
)

Stateful = Loan | Hold | IllRequest | PostalLoan | CopyRequest | Transit
Table = dict[str, tuple[frozenset[str], str]]

# (event) -> (allowed from-states, to-state)
LOAN_TABLE: Table = {
    "renew": (frozenset({Loan.State.ACTIVE}), Loan.State.ACTIVE),
    "checkin": (frozenset({Loan.State.ACTIVE}), Loan.State.RETURNED),
    "recall": (frozenset({Loan.State.ACTIVE}), Loan.State.ACTIVE),
}

HOLD_TABLE: Table = {
    "trap": (frozenset({Hold.State.WAITING}), Hold.State.READY),
    "fulfil": (frozenset({Hold.State.READY}), Hold.State.FULFILLED),
    "cancel": (frozenset({Hold.State.WAITING, Hold.State.READY}), Hold.State.CANCELLED),
    "expire": (frozenset({Hold.State.READY}), Hold.State.EXPIRED),
}

_ILL = IllRequest.State
ILL_TABLE: Table = {
    "approve": (frozenset({_ILL.REQUESTED}), _ILL.APPROVED),
    "refuse": (frozenset({_ILL.REQUESTED}), _ILL.REFUSED),
    "cancel": (frozenset({_ILL.REQUESTED, _ILL.APPROVED}), _ILL.CANCELLED),
    "ship": (frozenset({_ILL.APPROVED}), _ILL.SHIPPED),
    "receive": (frozenset({_ILL.SHIPPED}), _ILL.RECEIVED),
    "lend": (frozenset({_ILL.RECEIVED}), _ILL.LENT),
    "return": (frozenset({_ILL.LENT}), _ILL.RETURNED),
    "send-back": (frozenset({_ILL.RETURNED, _ILL.RECEIVED}), _ILL.SENT_BACK),
    "close": (frozenset({_ILL.SENT_BACK}), _ILL.CLOSED),
}

_POST = PostalLoan.State
POSTAL_TABLE: Table = {
    "dispatch": (frozenset({_POST.REQUESTED}), _POST.DISPATCHED),
    "cancel": (frozenset({_POST.REQUESTED}), _POST.CANCELLED),
    "deliver": (frozenset({_POST.DISPATCHED}), _POST.DELIVERED),
    "post-back": (frozenset({_POST.DELIVERED}), _POST.RETURNING),
    "receive": (frozenset({_POST.RETURNING, _POST.DELIVERED}), _POST.RECEIVED),
}

_COPY = CopyRequest.State
COPY_TABLE: Table = {
    "approve": (frozenset({_COPY.REQUESTED}), _COPY.APPROVED),
    "refuse": (frozenset({_COPY.REQUESTED}), _COPY.REFUSED),
    "deliver": (frozenset({_COPY.APPROVED}), _COPY.DELIVERED),
}

TRANSIT_TABLE: Table = {
    "arrive": (frozenset({Transit.State.IN_TRANSIT}), Transit.State.ARRIVED),
}

_TABLES: dict[type[Stateful], tuple[str, Table]] = {
    Loan: ("loan", LOAN_TABLE),
    Hold: ("hold", HOLD_TABLE),
    IllRequest: ("ill", ILL_TABLE),
    PostalLoan: ("postal", POSTAL_TABLE),
    CopyRequest: ("copy", COPY_TABLE),
    Transit: ("transit", TRANSIT_TABLE),
}

_EVENT_NAMES = {
    "renew": ("gia hạn", "renew"),
    "checkin": ("trả", "return"),
    "trap": ("giữ cho bạn đọc", "trap"),
    "fulfil": ("giao", "hand over"),
    "cancel": ("huỷ", "cancel"),
    "expire": ("cho hết hạn", "expire"),
    "recall": ("gọi trả sớm", "recall"),
    "arrive": ("nhận về", "receive home"),
    "approve": ("chấp thuận", "approve"),
    "refuse": ("từ chối", "refuse"),
    "ship": ("gửi đi", "ship"),
    "receive": ("nhận", "receive"),
    "lend": ("cho mượn", "lend"),
    "return": ("nhận trả", "take back"),
    "send-back": ("gửi trả", "send back"),
    "close": ("hoàn tất", "close"),
    "dispatch": ("gửi bưu điện", "dispatch"),
    "deliver": ("giao", "deliver"),
    "post-back": ("gửi trả qua bưu điện", "post back"),
}


def allowed_events(obj: Stateful) -> list[str]:
    """The moves the table allows from ``obj``'s state now (for the staff screens' buttons)."""
    _, table = _TABLES[type(obj)]
    return [event for event, (sources, _) in table.items() if obj.state in sources]


def event_label(event: str) -> str:
    vi, en = _EVENT_NAMES[event]
    return f"{vi} / {en}"


def record(
    obj: Stateful, event: str, from_state: str, *, actor_label: str, library_code: str
) -> None:
    kind, _ = _TABLES[type(obj)]
    Transition.objects.create(
        kind=kind,
        object_id=obj.pk,
        event=event,
        from_state=from_state,
        to_state=obj.state,
        at=timezone.now(),
        actor_label=actor_label,
        library_code=library_code,
    )


def move(
    obj: Stateful,
    event: str,
    *,
    actor_label: str,
    library_code: str,
    guard: dict[str, Any] | None = None,
    **changes: Any,
) -> None:
    """Make ``event`` happen to ``obj`` (also saving ``changes``), or raise
    :class:`IllegalTransition`. Concurrent identical moves: one wins, the other raises.
    ``guard`` adds conditions the row must still meet (e.g. the renewal count read)."""
    kind, table = _TABLES[type(obj)]
    allowed, to_state = table.get(event, (frozenset(), ""))
    from_state = obj.state
    vi, en = _EVENT_NAMES.get(event, (event, event))
    refusal = IllegalTransition(
        f"Không thể {vi} {kind} #{obj.pk} đang ở trạng thái “{from_state}”. "
        f"/ Cannot {en} {kind} #{obj.pk} while it is “{from_state}”.",
        **{kind: obj.pk, "state": from_state},
    )
    if from_state not in allowed:
        raise refusal
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, state=from_state, **(guard or {}))
        .update(state=to_state, **changes)
    )
    if updated != 1:  # another desk made a move first
        raise refusal
    obj.state = to_state
    for name, value in changes.items():
        setattr(obj, name, value)
    record(obj, event, from_state, actor_label=actor_label, library_code=library_code)
