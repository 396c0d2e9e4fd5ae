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
from thuvien.circulation.models import Hold, Loan, Transition

# (event) -> (allowed from-states, to-state)
LOAN_TABLE: dict[str, tuple[frozenset[str], str]] = {
    "renew": (frozenset({Loan.State.ACTIVE}), Loan.State.ACTIVE),
    "checkin": (frozenset({Loan.State.ACTIVE}), Loan.State.RETURNED),
}

HOLD_TABLE: dict[str, tuple[frozenset[str], str]] = {
    "trap": (frozenset({Hold.State.WAITING}), Hold.State.READY),
    "fulfil": (frozenset({Hold.State.READY}), Hold.State.FULFILLED),
    "cancel": (frozenset({Hold.State.WAITING, Hold.State.READY}), Hold.State.CANCELLED),
    "expire": (frozenset({Hold.State.READY}), Hold.State.EXPIRED),
}

_TABLES: dict[type[Loan | Hold], tuple[str, dict[str, tuple[frozenset[str], str]]]] = {
    Loan: ("loan", LOAN_TABLE),
    Hold: ("hold", HOLD_TABLE),
}

_EVENT_NAMES = {
    "renew": ("gia hạn", "renew"),
    "checkin": ("trả", "return"),
    "trap": ("giữ cho bạn đọc", "trap"),
    "fulfil": ("giao", "hand over"),
    "cancel": ("huỷ", "cancel"),
    "expire": ("cho hết hạn", "expire"),
}


def record(
    obj: Loan | Hold, event: str, from_state: str, *, actor_label: str, library_code: str
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
    obj: Loan | Hold,
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
    allowed, to_state = table[event]
    from_state = obj.state
    vi, en = _EVENT_NAMES[event]
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
