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
