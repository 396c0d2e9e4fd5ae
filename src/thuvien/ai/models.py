"""The log of what the suggesters proposed and what a person decided (issue 17: AI suggests,
a person decides, and every decision is kept with the score and model behind it)."""

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
