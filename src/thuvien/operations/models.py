from django.db import models


class BackupRun(models.Model):
    """One backup or restore drill, as the staff "system" page and /health report it."""

    class Kind(models.TextChoices):
        BACKUP = "backup", "Sao lưu"
        VERIFY = "verify", "Diễn tập phục hồi"

    class Outcome(models.TextChoices):
        OK = "ok", "Thành công"
        FAILED = "failed", "Thất bại"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    name = models.CharField(max_length=80, blank=True, help_text="The backup's folder name.")
    destination = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    summary = models.TextField(blank=True, help_text="What happened, in the operator's words.")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "-started_at"], name="operations_run_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.name} {self.outcome}"


class Job(models.Model):
    """A periodic job the worker runs: what, when, and how its last run went. The jobs and
    their default times are thuvien's (operations.schedule.DEFAULTS); an administrator
    changes the time, the day and whether it runs."""

    class Every(models.TextChoices):
        HOUR = "hour", "Mỗi giờ"
        DAY = "day", "Mỗi ngày"
        WEEK = "week", "Mỗi tuần"
        MONTH = "month", "Mỗi tháng"

    class Outcome(models.TextChoices):
        OK = "ok", "Thành công"
        FAILED = "failed", "Thất bại"
        SKIPPED = "skipped", "Bỏ qua"

    name = models.SlugField(max_length=40, unique=True)
    command = models.JSONField(help_text='The thuvien command, e.g. ["circulation", "daily"].')
    every = models.CharField(max_length=10, choices=Every.choices)
    at = models.TimeField(help_text="Local time of day (the minute, for hourly jobs).")
    day = models.PositiveSmallIntegerField(
        default=1, help_text="Weekday (1 Monday … 7 Sunday) or day of the month (1-28)."
    )
    enabled = models.BooleanField(default=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, help_text="Heartbeat of a run.")
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_seconds = models.FloatField(null=True, blank=True)
    last_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    last_message = models.TextField(blank=True)
    failures = models.PositiveSmallIntegerField(default=0, help_text="Failed runs in a row.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
