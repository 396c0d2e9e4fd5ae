"""What the system page and /health say about backups: the last of each kind, and whether
it is recent enough."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from thuvien.operations.models import BackupRun

BACKUP_DUE = timedelta(days=2)  # a daily backup missed twice is worth a warning
DRILL_DUE = timedelta(days=32)  # the drill is monthly


@dataclass(frozen=True)
class Status:
    last_backup: BackupRun | None
    last_good_backup: BackupRun | None
    last_drill: BackupRun | None

    @property
    def backup_overdue(self) -> bool:
        good = self.last_good_backup
        return good is None or timezone.now() - good.started_at > BACKUP_DUE

    @property
    def drill_overdue(self) -> bool:
        drill = self.last_drill
        return (
            drill is None
            or drill.outcome != BackupRun.Outcome.OK
            or timezone.now() - drill.started_at > DRILL_DUE
        )

    def as_dict(self) -> dict[str, object]:
        def run(entry: BackupRun | None) -> dict[str, object] | None:
            if entry is None:
                return None
            at = entry.started_at.isoformat()
            return {"name": entry.name, "at": at, "outcome": entry.outcome}

        return {
            "last_backup": run(self.last_backup),
            "last_drill": run(self.last_drill),
            "backup_overdue": self.backup_overdue,
        }


def current() -> Status:
    backups = BackupRun.objects.filter(kind=BackupRun.Kind.BACKUP).order_by("-started_at")
    drills = BackupRun.objects.filter(kind=BackupRun.Kind.VERIFY).order_by("-started_at")
    return Status(
        backups.first(), backups.filter(outcome=BackupRun.Outcome.OK).first(), drills.first()
    )


def history(limit: int = 30) -> list[BackupRun]:
    return list(BackupRun.objects.order_by("-started_at")[:limit])
