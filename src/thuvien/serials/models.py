"""Periodicals (ấn phẩm định kỳ): a library's subscription to a title, the issues it expects
from the title's frequency, their check-in and claims, and the volumes they are bound into.

A bound volume is an ordinary copy (``catalogue.Item``) of the title's record, so it is lent,
counted at stock-taking and weeded like any book; its issues point at it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Hằng ngày")
        WEEKLY = "weekly", _("Hằng tuần")
        FORTNIGHTLY = "fortnightly", _("Nửa tháng một số")
        MONTHLY = "monthly", _("Hằng tháng")
        BIMONTHLY = "bimonthly", _("Hai tháng một số")
        QUARTERLY = "quarterly", _("Hằng quý")
        HALF_YEARLY = "half-yearly", _("Nửa năm một số")
        YEARLY = "yearly", _("Hằng năm")

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="subscriptions")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="subscriptions")
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    starts_on = models.DateField()
    first_number = models.PositiveIntegerField(default=1)
    # Days after its expected date before an issue counts as missing and may be claimed.
    grace_days = models.PositiveSmallIntegerField(default=7)
    supplier = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["library", "record__title", "pk"]

    def __str__(self) -> str:
        return f"{self.library.code}: {self.record.title[:60]}"


class Issue(models.Model):
    class State(models.TextChoices):
        EXPECTED = "expected", _("Chờ nhận")
        RECEIVED = "received", _("Đã nhận")
        CLAIMED = "claimed", _("Đã khiếu nại")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="issues")
    number = models.PositiveIntegerField()
    expected_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.EXPECTED)
    received_on = models.DateField(null=True, blank=True)
    claims = models.PositiveSmallIntegerField(default=0)
    last_claimed_on = models.DateField(null=True, blank=True)
    bound_in = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="bound_issues"
    )

    class Meta:
        ordering = ["subscription", "expected_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "number"], name="issue_number_once")
        ]

    def __str__(self) -> str:
        return f"Số {self.number} ({self.expected_on:%d/%m/%Y})"
