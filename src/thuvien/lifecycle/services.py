"""Making a move: the one entry point of every lifecycle.

:func:`move` checks the machine's table, changes the state with a conditional UPDATE (``WHERE
state = <from>``), so of two desks making a move on the same object at once exactly one
succeeds on any database (SQLite serialises writers; on PostgreSQL the second UPDATE waits for
the first and then finds the state changed), and the other gets :class:`IllegalTransition`.
In the same transaction it writes the history row and, for a machine that is audited, the
audit entry. Callers run it inside their own transaction with the rest of the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit_record
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.models import Transition

if TYPE_CHECKING:
    from thuvien.actors import Actor
    from thuvien.lifecycle.machine import Machine


def refusal(
    machine: Machine, obj: models.Model, action: str, state: str, *, raced: bool = False
) -> IllegalTransition:
    """The error for ``action`` refused while ``obj`` is in ``state``: what was tried, in which
    state, and what may be done now. ``raced``: the table allowed it, but another desk moved
    the object first."""
    values = {
        "action": machine.label(action),
        "object": machine.shown(obj),
        "state": machine.state_label(state),
    }
    if raced:
        what = _(
            "Không thể {action} {object}: nơi khác vừa thay đổi nó cùng lúc, nay nó ở trạng "
            "thái “{state}”."
        ).format(**values)
    else:
        what = _("Không thể {action} {object} khi đang ở trạng thái “{state}”.").format(**values)
    possible = [machine.label(a) for a in machine.allowed(state)]
    if possible:
        now = _("Lúc này có thể: {moves}.").format(moves=", ".join(possible))
    else:
        now = _("Ở trạng thái này không còn bước nào.")
    ids: dict[str, Any] = {
        "machine": machine.name,
        "object": machine.key(obj),
        "action": action,
        "from_state": state,
    }
    if action in machine.moves:
        ids["to_state"] = machine.moves[action].target
    return IllegalTransition(f"{what} {now}", **ids)


def check(machine: Machine, obj: models.Model, action: str) -> str:
    """The state ``action`` would lead ``obj`` to now, or :class:`IllegalTransition` (for a
    caller that checks the table before its own checks, as the digital workflow does)."""
    state = machine.state_of(obj)
    target = machine.target(state, action)
    if target is None:
        raise refusal(machine, obj, action, state)
    return target


def move(
    machine: Machine,
    obj: models.Model,
    action: str,
    *,
    actor: Actor,
    library_code: str = "",
    note: str = "",
    guard: dict[str, Any] | None = None,
    audit: bool | None = None,
    summary: str = "",
    **changes: Any,
) -> Transition:
    """Make ``action`` happen to ``obj``, saving ``changes`` with the new state, or raise
    :class:`IllegalTransition`. ``guard`` adds conditions the row must still meet (the
    renewal count read, so two renewals at once count once). ``audit`` overrides the
    machine's choice of writing an audit entry; ``summary`` replaces the entry's default one.
    ``obj`` is updated in place."""
    before = machine.state_of(obj)
    target = check(machine, obj, action)
    # A conditional UPDATE skips auto_now; do what save() would have done.
    saved = {**_touched(machine.model), **changes}
    rows = machine.model._default_manager.filter(pk=obj.pk, **{machine.field: before})
    with transaction.atomic():
        if rows.filter(**(guard or {})).update(**{machine.field: target}, **saved) != 1:
            now = (
                machine.model._default_manager.filter(pk=obj.pk)
                .values_list(machine.field, flat=True)
                .first()
            )
            raise refusal(machine, obj, action, str(now or before), raced=True)
        setattr(obj, machine.field, target)
        for name, value in saved.items():
            setattr(obj, name, value)
        row = _history(
            machine, obj, action, before=before, actor=actor, library_code=library_code, note=note
        )
        if machine.audit_as if audit is None else audit:
            key = machine.key(obj)
            audit_record(
                actor,
                AuditEntry.Action.UPDATE,
                machine.audit_as or machine.name,
                key,
                library_code=library_code,
                summary=summary or f"{key}: {action} ({before} → {target})",
                before={machine.field: before},
                after={machine.field: target, **{k: _plain(v) for k, v in changes.items()}},
            )
    return row


def start(
    machine: Machine,
    obj: models.Model,
    action: str,
    *,
    actor: Actor,
    library_code: str = "",
    note: str = "",
) -> Transition:
    """Note that ``obj`` has just come into being in its first state (a loan lent, a hold
    placed): the history row with no from-state."""
    if action not in machine.starts:
        raise ValueError(f"Machine {machine.name!r} has no start {action!r}.")  # a typo in code
    return _history(
        machine, obj, action, before="", actor=actor, library_code=library_code, note=note
    )


def history(obj: models.Model) -> models.QuerySet[Transition]:
    """Every move of ``obj``, oldest first, for the pages that show it."""
    return Transition.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk))


def _history(
    machine: Machine,
    obj: models.Model,
    action: str,
    *,
    before: str,
    actor: Actor,
    library_code: str,
    note: str,
) -> Transition:
    user = actors.user_of(actor)
    return Transition.objects.create(
        machine=machine.name,
        model=machine.model_label,
        object_id=str(obj.pk),
        action=action,
        from_state=before,
        to_state=machine.state_of(obj),
        at=timezone.now(),
        actor_id=user.pk if user is not None else None,
        actor_label=actors.label(actor),
        library_code=library_code,
        note=note,
    )


def _touched(model: type[models.Model]) -> dict[str, Any]:
    now = timezone.now()
    return {
        f.name: now
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and getattr(f, "auto_now", False)
    }


def _plain(value: Any) -> Any:
    """A changed value as the audit log's JSON keeps it."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
