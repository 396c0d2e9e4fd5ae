"""Built-in scheduling: the periodic jobs ``thuvien worker`` runs, no crontab needed.

A run is claimed with one conditional UPDATE (several workers never run a job twice) and
holds a lease that its heartbeat renews every few seconds; a worker that dies stops the
heartbeat, and within a minute any worker marks that run failed, with the reason, and
retries it. A failed run is retried after 5, 10, 20 minutes, then waits for its next time.
"""

from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import conf
from thuvien.catalogue import tasks as import_tasks
from thuvien.errors import InvalidInput, NotFound
from thuvien.operations.models import Job

LEASE = timedelta(seconds=45)
HEARTBEAT_SECONDS = 15
RETRIES = (5, 10, 20)  # minutes after a failed run


@dataclass(frozen=True)
class Default:
    name: str
    command: tuple[str, ...]
    every: str
    at: str
    day: int = 1
    needs: str = ""  # a THUVIEN_ setting without which the job is skipped


DEFAULTS = (
    Default("circulation-daily", ("circulation", "daily"), Job.Every.DAY, "06:00"),
    Default("reader-alerts", ("circulation", "alerts"), Job.Every.DAY, "07:00"),
    Default("harvest", ("harvest", "run", "--due"), Job.Every.HOUR, "00:20"),
    Default("opendata", ("opendata",), Job.Every.DAY, "04:00"),
    Default("union-rebuild", ("union", "rebuild"), Job.Every.WEEK, "03:00", day=7),
    Default("fixity", ("fixity",), Job.Every.WEEK, "02:00", day=6),
    # Suggesters learn the week's new records and loans; the models are replaced whole.
    Default("ai-train", ("ai", "train"), Job.Every.WEEK, "03:30", day=7),
    Default("backup", ("backup",), Job.Every.DAY, "01:00", needs="BACKUP_DIR"),
    Default("backup-drill", ("backup", "verify"), Job.Every.MONTH, "05:00", needs="BACKUP_DIR"),
)
NEEDS = {d.name: d.needs for d in DEFAULTS}


def next_time(job: Job, after: datetime) -> datetime:
    """The first moment after ``after`` that fits the job's schedule (local time)."""
    local = timezone.localtime(after)
    if job.every == Job.Every.HOUR:
        candidate = local.replace(minute=job.at.minute, second=0, microsecond=0)
        return candidate if candidate > local else candidate + timedelta(hours=1)
    candidate = local.replace(hour=job.at.hour, minute=job.at.minute, second=0, microsecond=0)
    for _step in range(400):
        fits = (
            job.every == Job.Every.DAY
            or (job.every == Job.Every.WEEK and candidate.isoweekday() == job.day)
            or (job.every == Job.Every.MONTH and candidate.day == job.day)
        )
        if fits and candidate > local:
            return candidate
        candidate = timezone.make_aware(
            datetime.combine(candidate.date() + timedelta(days=1), job.at),
            timezone.get_current_timezone(),
        )
    raise AssertionError(job)  # pragma: no cover - a day of the month 1-28 fits every month


def ensure_defaults(now: datetime | None = None) -> list[Job]:
    """The jobs, made from DEFAULTS where missing (an administrator's changes are kept)."""
    now = now or timezone.now()
    for default in DEFAULTS:
        if not Job.objects.filter(name=default.name).exists():
            job = Job(
                name=default.name,
                command=list(default.command),
                every=default.every,
                at=clock_time.fromisoformat(default.at),
                day=default.day,
            )
            job.next_run_at = next_time(job, now)
            job.save()
    return list(Job.objects.all())


def change(name: str, *, at: str | None = None, day: int | None = None,
           enabled: bool | None = None) -> Job:  # fmt: skip
    """An administrator's change of a job's time, day or whether it runs."""
    job = Job.objects.filter(name=name).first()
    if job is None:
        raise NotFound(
            _("Không có việc định kỳ “{name}”. Có: {names}.").format(
                name=name, names=", ".join(Job.objects.values_list("name", flat=True))
            ),
            name=name,
        )
    if at is not None:
        try:
            job.at = clock_time.fromisoformat(at)
        except ValueError:
            raise InvalidInput(
                _("Giờ “{at}” không đọc được: viết HH:MM, ví dụ 02:30.").format(at=at), at=at
            ) from None
    if day is not None:
        limit = 7 if job.every == Job.Every.WEEK else 28
        if not 1 <= day <= limit:
            raise InvalidInput(
                _("Ngày {day} không hợp lệ cho việc này: từ 1 đến {limit}.").format(
                    day=day, limit=limit
                ),
                day=day,
            )
        job.day = day
    if enabled is not None:
        job.enabled = enabled
    job.next_run_at = next_time(job, timezone.now())
    job.save()
    return job


def run_soon(name: str) -> Job:
    """Run the job at the worker's next look (a button on the system page)."""
    job = change(name)
    Job.objects.filter(pk=job.pk).update(next_run_at=timezone.now())
    job.refresh_from_db()
    return job


def _reap(now: datetime) -> int:
    """Runs whose worker stopped beating: failed, with the reason, and retried."""
    dead = Job.objects.filter(running_since__isnull=False, lease_until__lt=now)
    count = 0
    for job in dead:
        message = _(
            "Tiến trình chạy việc đã dừng giữa chừng (không còn tín hiệu từ {since}); sẽ chạy lại."
        ).format(since=timezone.localtime(job.lease_until).strftime("%H:%M:%S"))
        count += Job.objects.filter(pk=job.pk, running_since=job.running_since).update(
            running_since=None,
            lease_until=None,
            last_outcome=Job.Outcome.FAILED,
            last_message=message,
            failures=job.failures + 1,
            next_run_at=now,
        )
    return count


def _claim(job: Job, now: datetime) -> bool:
    return bool(
        Job.objects.filter(
            pk=job.pk, next_run_at=job.next_run_at, running_since__isnull=True
        ).update(running_since=now, lease_until=now + LEASE, last_started_at=now)
    )


def _heartbeat(job_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        Job.objects.filter(pk=job_id, running_since__isnull=False).update(
            lease_until=timezone.now() + LEASE
        )
    close_old_connections()


def _execute(job: Job) -> tuple[str, str]:
    need = NEEDS.get(job.name, "")
    if need and str(conf.get(need)) in ("", "."):
        return Job.Outcome.SKIPPED, _("Chưa đặt THUVIEN_{need}: việc này chưa chạy được.").format(
            need=need
        )
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*job.command, stdout=out, stderr=err)
    except (CommandError, SystemExit, Exception) as error:
        text = (err.getvalue() + "\n" + str(error)).strip()
        return Job.Outcome.FAILED, text[-2000:]
    return Job.Outcome.OK, (out.getvalue().strip() or err.getvalue().strip())[-2000:]


def run(job: Job, now: datetime | None = None) -> Job:
    """Claim and run one job now; returns it with its result."""
    now = now or timezone.now()
    if not _claim(job, now):
        job.refresh_from_db()
        return job
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(job.pk, stop), daemon=True)
    beat.start()
    started = time.monotonic()
    try:
        outcome, message = _execute(job)
    finally:
        stop.set()
        beat.join()
    failures = job.failures + 1 if outcome == Job.Outcome.FAILED else 0
    finished = timezone.now()
    if outcome == Job.Outcome.FAILED and failures <= len(RETRIES):
        next_run = finished + timedelta(minutes=RETRIES[failures - 1])
    else:
        next_run = next_time(job, finished)
    Job.objects.filter(pk=job.pk).update(
        running_since=None,
        lease_until=None,
        last_seconds=round(time.monotonic() - started, 2),
        last_outcome=outcome,
        last_message=message,
        failures=failures,
        next_run_at=next_run,
    )
    job.refresh_from_db()
    return job


def run_due(now: datetime | None = None) -> list[Job]:
    """Every enabled job whose time has come (and dead runs reaped first)."""
    now = now or timezone.now()
    _reap(now)
    import_tasks.recover_stalled(now)  # imports whose worker died resume where they stopped
    due = Job.objects.filter(enabled=True, running_since__isnull=True).filter(
        Q(next_run_at__lte=now) | Q(next_run_at__isnull=True)
    )
    done = []
    for job in due:
        if job.next_run_at is None:
            Job.objects.filter(pk=job.pk).update(next_run_at=next_time(job, now))
            continue
        done.append(run(job, now))
    return done


def loop(stop: threading.Event, every: float = 20.0) -> None:
    """The worker's scheduling thread."""
    ensure_defaults()
    while not stop.is_set():
        try:
            run_due()
        finally:
            close_old_connections()
        stop.wait(every)
