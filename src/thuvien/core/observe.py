"""What /health and /metrics report: the database, how far the search index lags behind the
change feed, the queue of background jobs, the periodic jobs, disk space and the last backup.
Read at each request (a scrape every 15-60 s costs a few COUNTs)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from thuvien.catalogue.models import Item, Record
from thuvien.changes import feed
from thuvien.changes.models import RecordChange
from thuvien.circulation.models import Loan
from thuvien.operations import status
from thuvien.operations.models import Job

DISK_LOW = 1 << 30  # under 1 GiB free in the data folder is worth a warning


def index_lag() -> dict[str, Any]:
    oldest = RecordChange.objects.order_by("id").values_list("created_at", flat=True).first()
    seconds = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"pending_changes": feed.pending(), "oldest_seconds": round(seconds, 1)}


def job_backlog() -> dict[str, int]:
    results = DBTaskResult.objects
    return {"queued": results.ready().count(), "running": results.running().count()}


def disk() -> dict[str, Any]:
    usage = shutil.disk_usage(settings.DATA_DIR)
    return {"free_bytes": usage.free, "total_bytes": usage.total, "low": usage.free < DISK_LOW}


def health() -> dict[str, Any]:
    return {
        "index": index_lag(),
        "jobs": job_backlog(),
        "disk": disk(),
        "backups": status.current().as_dict(),
    }


class ThuvienCollector(Collector):
    """The figures as Prometheus gauges, read when scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        def gauge(name: str, text: str, value: float) -> GaugeMetricFamily:
            return GaugeMetricFamily(f"thuvien_{name}", text, value=value)

        yield gauge("records", "Bibliographic and authority records.", Record.objects.count())
        yield gauge("items", "Copies (items) of every library.", Item.objects.count())
        active = Loan.objects.filter(state=Loan.State.ACTIVE).count()
        yield gauge("loans_active", "Loans not yet returned.", active)
        lag = index_lag()
        yield gauge(
            "index_pending_changes", "Changes not yet in the index.", lag["pending_changes"]
        )
        yield gauge(
            "index_lag_seconds", "Age of the oldest change not yet indexed.", lag["oldest_seconds"]
        )
        backlog = job_backlog()
        yield gauge("jobs_queued", "Background jobs waiting for a worker.", backlog["queued"])
        yield gauge("jobs_running", "Background jobs running.", backlog["running"])
        space = disk()
        yield gauge("disk_free_bytes", "Free space where the data folder is.", space["free_bytes"])
        current = status.current()
        good = current.last_good_backup
        yield gauge(
            "backup_last_success_timestamp_seconds",
            "When the last successful backup started (0: never).",
            good.started_at.timestamp() if good else 0,
        )
        drill = current.last_drill
        yield gauge(
            "backup_drill_identical",
            "1 when the last restore drill found the backup identical.",
            1 if drill is not None and drill.outcome == "ok" else 0,
        )
        failures = GaugeMetricFamily(
            "thuvien_periodic_job_failures", "Failed runs in a row of each periodic job.",
            labels=["job"],
        )  # fmt: skip
        for name, count in Job.objects.values_list("name", "failures"):
            failures.add_metric([name], count)
        yield failures
