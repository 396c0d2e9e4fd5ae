"""What the AI services proposed, with the score they gave and the decision a person took."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Record


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
