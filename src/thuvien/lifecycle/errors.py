"""The one refusal of every lifecycle, in the one error shape of :mod:`thuvien.errors`."""

from __future__ import annotations

from thuvien.errors import Conflict


class IllegalTransition(Conflict):
    """A move the machine's table does not allow from the object's state (renewing a returned
    loan, shipping a refused request), or one another desk made first. Its ids name the
    machine, the object, the action, the state it was in and, for a known action, where the
    move would have led."""

    code = "lifecycle.illegal_transition"
