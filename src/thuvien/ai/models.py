"""What the AI services proposed and what a person decided (issue 17: AI suggests, a person
decides, and every decision is kept with the score and model behind it)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Record


class SuggestionDecision(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("nhận")
        REJECTED = "rejected", _("bỏ")

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=16, help_text="ddc, bbk, udc, lcc or subject.")
    value = models.CharField(max_length=255, help_text="The class, or tag:heading for a subject.")
    score = models.FloatField(help_text="The suggester's score when it was shown, 0 to 1.")
    model_version = models.CharField(max_length=40)
    decision = models.CharField(max_length=8, choices=Decision.choices)
    decided_by = models.CharField(max_length=150)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["record", "family"], name="ai_decision_record")]

    def __str__(self) -> str:
        return f"{self.decision} {self.family} {self.value} on record {self.record_id}"


class DiacriticProposal(models.Model):
    """Diacritics proposed for a record that lost them (an old export, poor OCR).

    ``changes`` lists each subfield to rewrite: ``{"tag", "field", "code", "subfield",
    "before", "after", "score"}`` (``field`` and ``subfield``: positions in the record, so
    a repeated subject is found again). Nothing is applied until a cataloguer accepts; the
    record must still be what was read (``content_hash``).
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("dấu đề xuất chờ duyệt")
        ACCEPTED = "accepted", _("dấu đề xuất đã áp dụng")
        REJECTED = "rejected", _("dấu đề xuất đã bỏ qua")

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    content_hash = models.CharField(max_length=64, help_text="The record's hash when proposed.")
    changes = models.JSONField(default=list)
    score = models.FloatField(help_text="The least confident restored syllable, 0 to 1.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "pk"]
        indexes = [models.Index(fields=["state", "record"])]

    def __str__(self) -> str:
        return f"diacritics for record {self.record_id} ({self.state})"
