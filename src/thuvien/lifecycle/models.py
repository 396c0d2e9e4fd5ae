"""The history of every lifecycle in one table: one row per move of any object."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Transition(models.Model):
    """One move of one object: a loan renewed, a hold trapped, a thesis published.

    The object is named by its model (``circulation.loan``) and its key as text, not by a
    foreign key: this table sits below the domains (it imports none of them), and a history
    must outlive what it tells of. A row with no ``from_state`` is the object's start (a loan
    lent, a hold placed).
    """

    machine = models.CharField(max_length=32, help_text="loan, hold, ill, digital-workflow…")
    model = models.CharField(max_length=64, help_text="app_label.model of the object")
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, as in the audit log: who it was after the account is gone, and which
    # program (``sip2:…``, ``system``) when no one was signed in.
    actor_label = models.CharField(max_length=150)
    library_code = models.CharField(max_length=32, blank=True, help_text="where the move was made")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["model", "object_id"]),
            # The yearly statistics count one kind of move in a year by library (renewals,
            # reporting.figures): a range of this index, read alone.
            models.Index(
                fields=["machine", "action", "at", "library_code"], name="transition_kind_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.machine} {self.object_id} {self.action}: {self.from_state}→{self.to_state}"
