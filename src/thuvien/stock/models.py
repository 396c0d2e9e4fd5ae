"""Stock-taking (kiểm kê) and weeding (thanh lọc, thanh lý by a recorded decision).

A stock-take counts one library's copies in the locations it names (all of them when it names
none); every scan is kept with the client's own id, so a batch re-sent by a phone that lost its
connection counts once. A weeding list is proposed by rules, reviewed copy by copy and ends in a
withdrawal decision (quyết định thanh lý) whose number and date stay with each copy withdrawn.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Item
from thuvien.network.models import Library


class StockTake(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Mới mở")
        COUNTING = "counting", _("Đang kiểm")
        CLOSED = "closed", _("Đã đóng")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="stock_takes")
    name = models.CharField(max_length=200)
    # The locations counted, as the copies' own ``location`` strings; empty: the whole library.
    locations = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.CharField(max_length=150, blank=True)
    # Set at close: the counts of the report, frozen as they were that day.
    figures = models.JSONField(default=dict, blank=True)
    marked_lost = models.IntegerField(default=0)
    # Kept with each batch, so the scanners' answer does not count 100,000 rows each time.
    scan_count = models.IntegerField(default=0)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.library.code}: {self.name}"


class Scan(models.Model):
    """One barcode read, as the scanner sent it (the copy it names, if any, resolved once)."""

    stock_take = models.ForeignKey(StockTake, on_delete=models.CASCADE, related_name="scans")
    client_id = models.CharField(
        max_length=64, help_text="Chosen by the scanner: resent, kept once."
    )
    barcode = models.CharField(max_length=64)
    location = models.CharField(max_length=255, blank=True, help_text="Where it was scanned.")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scanned_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    scanner = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stock_take", "client_id"], name="scan_once_per_client_id"
            )
        ]
        indexes = [models.Index(fields=["stock_take", "item"])]

    def __str__(self) -> str:
        return f"{self.barcode} ({self.client_id})"


class WeedingList(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("Đang xét")
        DECIDED = "decided", _("Đã có quyết định")
        CANCELLED = "cancelled", _("Đã huỷ")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="weeding_lists")
    name = models.CharField(max_length=200)
    rules = models.JSONField(default=dict, blank=True, help_text="The rules that proposed it.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    decision_number = models.CharField(max_length=64, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.library.code}: {self.name}"


class WeedingCandidate(models.Model):
    """A copy on a list: kept on the shelf or withdrawn by the decision."""

    weeding = models.ForeignKey(WeedingList, on_delete=models.CASCADE, related_name="candidates")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="weeding")
    reason = models.CharField(max_length=255)
    keep = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["weeding", "item"], name="weeding_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {'giữ lại' if self.keep else 'thanh lý'}"
