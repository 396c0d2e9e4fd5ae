"""What a migration from another system keeps: which source rows it has already brought
(so running it again changes nothing) and the uploads run from the staff page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.network.models import Library


class SourceKey(models.Model):
    """One row of an old system already brought over: a loan (Koha's ``issue_id``, or the
    card, barcode and date when the export has none) and what it became here."""

    class Kind(models.TextChoices):
        LOAN = "loan", _("Lượt mượn đang mở")
        HISTORY = "history", _("Lượt mượn đã trả")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="source:prefix:identifier")
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "kind", "key"], name="legacy_source_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class Migration(models.Model):
    """Files uploaded on the staff page, tried (dry run) and then run in the background."""

    class Source(models.TextChoices):
        KOHA = "koha", "Koha"
        LIBOL = "libol", "Libol"
        VEBRARY = "vebrary", "Vebrary"
        XLSX = "xlsx", _("Bảng tính XLSX")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    prefix = models.CharField(max_length=16, blank=True)
    # {"marc": path, "patrons": path, "issues": path, "old_issues": path, "xlsx": path}
    files = models.JSONField(default=dict)
    names = models.JSONField(default=dict, help_text="the uploaded files' own names")
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    report = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} → {self.library.code} ({self.status})"
