"""The yearly statistical report: a period the Department opens, one form per library in it,
and every submitted version of a form kept whole."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.network.models import Library


class ReportPeriod(models.Model):
    """One reporting year (1 Dec YYYY-1 … 30 Nov YYYY), opened by the Department."""

    year = models.PositiveSmallIntegerField(unique=True)
    deadline = models.DateField(help_text="Forms are due on this day.")
    opened_by = models.CharField(max_length=150)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class ReportForm(models.Model):
    """A library's report for a period: the figures as the library states them.

    ``values`` holds every plain figure (counted ones pre-filled from live data, manual ones
    typed); ``counted`` the live count (with breakdowns) taken when it was last pre-filled, so
    a reviewer sees where the library departed from it; ``explanations`` the library's notes
    per figure (required where a figure moved more than 30% from last year).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Bị trả lại để sửa")
        APPROVED = "approved", _("Đã duyệt")

    class Source(models.TextChoices):
        PREFILLED = "prefilled", _("Lấy số liệu từ thuvien")
        ONLINE = "online", _("Nhập trực tuyến")
        XLSX = "xlsx", _("Tải lên tệp XLSX")

    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="forms")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PREFILLED)
    values = models.JSONField(default=dict, blank=True)
    counted = models.JSONField(default=dict, blank=True)
    explanations = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=0, help_text="Versions submitted so far.")
    school_year = models.BooleanField(
        default=False, help_text="Counted over the school year (1 Sep … 31 Aug), as schools may."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "library"], name="one_report_per_library")
        ]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self) -> str:
        return f"{self.library.code} {self.period.year}"


class ReportVersion(models.Model):
    """A submitted form exactly as it was sent: a submitted form never changes silently."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    counted = models.JSONField(default=dict)
    explanations = models.JSONField(default=dict)
    submitted_by = models.CharField(max_length=150)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"


class ReviewComment(models.Model):
    """The Department's comment on a form (why it was returned, or a note on approval)."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="comments")
    version = models.PositiveIntegerField(help_text="The version commented on.")
    figure = models.CharField(max_length=40, blank=True, help_text="Empty: the whole form.")
    text = models.TextField()
    author = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.form} v{self.version}: {self.text[:40]}"
