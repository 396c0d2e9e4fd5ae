"""A lifecycle declared as a table: which actions there are, from which states each may be
taken, and the state it leads to.

A domain declares its machines next to its models, in the librarians' words::

    LOAN = Machine(
        "loan",
        Loan,
        noun=_("lượt mượn"),
        starts={"checkout": _("cho mượn")},
        moves={
            "renew": Move(_("gia hạn"), {Loan.State.ACTIVE}, Loan.State.ACTIVE),
            "checkin": Move(_("trả"), {Loan.State.ACTIVE}, Loan.State.RETURNED),
        },
    )

and makes every move through :func:`thuvien.lifecycle.services.move`. A machine only reads;
it changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

Label = str | Promise  # a gettext_lazy label is declared at import, read in the request's language


class Move:
    """One row of a table: the action's name in the librarians' words, the states it may be
    taken from, and the state it leads to."""

    __slots__ = ("label", "sources", "target")

    def __init__(self, label: Label, sources: Iterable[str], target: str) -> None:
        self.label = label
        self.sources = frozenset(str(s) for s in sources)
        self.target = str(target)

    def __repr__(self) -> str:
        return f"Move({sorted(self.sources)} → {self.target})"


class Machine:
    """The legal moves of one model's state field.

    ``name`` names the machine in the history (``loan``, ``digital-workflow``); ``noun`` is how
    a message names one of its objects (“lượt mượn”), followed by ``key(obj)`` where given (a
    thesis is known by its identifier) or ``#<pk>``. ``starts`` are the actions that bring an
    object into being (lending a copy starts a loan); they have no from-state. ``audit_as``,
    when set, is the audit log's object type: every move then writes an audit entry too.
    """

    def __init__(
        self,
        name: str,
        model: type[models.Model],
        *,
        noun: Label,
        moves: Mapping[str, Move],
        starts: Mapping[str, Label] | None = None,
        field: str = "state",
        audit_as: str = "",
        key: Callable[[Any], str] | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.field = field
        self.noun = noun
        self.moves = dict(moves)
        self.starts = dict(starts or {})
        self.audit_as = audit_as
        self._key = key
        state_field = model._meta.get_field(field)
        if not isinstance(state_field, models.Field):
            raise ImproperlyConfigured(f"Machine {name!r}: {model.__name__}.{field} is a relation.")
        # Lazy labels: read in the active language each time.
        self._state_labels = dict(state_field.flatchoices)
        self._check_states()

    def __repr__(self) -> str:
        return f"<Machine {self.name}: {self.model_label}.{self.field}>"

    def _check_states(self) -> None:
        """A state misspelt in the table would make a move impossible; say so at start-up."""
        known = {str(value) for value in self._state_labels}
        if not known:
            return
        for action, move in self.moves.items():
            unknown = (move.sources | {move.target}) - known
            if unknown:
                raise ImproperlyConfigured(
                    f"Machine {self.name!r}, action {action!r}: "
                    f"{self.model_label}.{self.field} has no state {sorted(unknown)}."
                )

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower

    def allowed(self, state: str) -> list[str]:
        """The actions the table allows from ``state``, in the table's order."""
        return [action for action, move in self.moves.items() if state in move.sources]

    def target(self, state: str, action: str) -> str | None:
        """Where ``action`` leads from ``state``, or None when the table does not allow it."""
        move = self.moves.get(action)
        if move is None or state not in move.sources:
            return None
        return move.target

    def label(self, action: str) -> str:
        """The action in the librarians' words, in the active language."""
        if action in self.moves:
            return str(self.moves[action].label)
        if action in self.starts:
            return str(self.starts[action])
        return action

    def state_label(self, state: str) -> str:
        """The state as the model's choices name it, in the active language."""
        return str(self._state_labels.get(state, state))

    def state_of(self, obj: models.Model) -> str:
        return str(getattr(obj, self.field))

    def key(self, obj: models.Model) -> str:
        """The object's id in ids and the audit log: its own key where it has one, else pk."""
        return self._key(obj) if self._key is not None else str(obj.pk)

    def shown(self, obj: models.Model) -> str:
        """How a message names the object: “lượt mượn #12”, “tài liệu số luan-van-1”."""
        key = self._key(obj) if self._key is not None else f"#{obj.pk}"
        return f"{self.noun} {key}"
