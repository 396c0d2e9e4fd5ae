"""The built-in scheduler: when jobs run, what a failure or a dead worker leaves, and the
administrator's changes from the command line and the system page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from thuvien.errors import InvalidInput, NotFound
from thuvien.network.models import Role
from thuvien.operations import schedule
from thuvien.operations.models import Job
from thuvien.testing import factories

THUVIEN = Path(sys.executable).parent / "thuvien"


def local(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def test_each_kind_of_schedule_finds_its_next_time() -> None:
    jobs = {j.name: j for j in schedule.ensure_defaults(local("2026-12-04 10:00"))}
    after = local("2026-12-04 10:30")  # a Friday
    assert schedule.next_time(jobs["circulation-daily"], after) == local("2026-12-05 06:00")
    assert schedule.next_time(jobs["harvest"], after) == local("2026-12-04 11:20")
    assert schedule.next_time(jobs["fixity"], after) == local("2026-12-05 02:00")  # Saturday
    assert schedule.next_time(jobs["union-rebuild"], after) == local("2026-12-06 03:00")
    assert schedule.next_time(jobs["backup-drill"], after) == local("2027-01-01 05:00")


def test_a_due_job_runs_once_and_is_set_for_its_next_time() -> None:
    schedule.ensure_defaults()
    Job.objects.exclude(name="opendata").update(enabled=False)
    Job.objects.filter(name="opendata").update(next_run_at=timezone.now() - timedelta(minutes=1))
    done = schedule.run_due()
    assert [(j.name, j.last_outcome) for j in done] == [("opendata", "ok")]
    job = Job.objects.get(name="opendata")
    assert job.next_run_at > timezone.now()
    assert job.running_since is None
    assert schedule.run_due() == []  # not again before its time


def test_a_job_without_its_setting_is_skipped_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("THUVIEN_BACKUP_DIR", raising=False)
    schedule.ensure_defaults()
    job = schedule.run(schedule.run_soon("backup"))
    assert (job.last_outcome, job.last_message) == (
        "skipped",
        "Chưa đặt THUVIEN_BACKUP_DIR: việc này chưa chạy được.",
    )


def test_a_failed_run_is_retried_after_five_then_ten_minutes() -> None:
    schedule.ensure_defaults()
    job = Job.objects.get(name="fixity")
    Job.objects.filter(pk=job.pk).update(command=["fixity", "--no-such-option"])
    first = schedule.run(schedule.run_soon("fixity"))
    assert (first.last_outcome, first.failures) == ("failed", 1)
    assert "unrecognized arguments: --no-such-option" in first.last_message
    assert timedelta(minutes=4) < first.next_run_at - timezone.now() <= timedelta(minutes=5)
    second = schedule.run(schedule.run_soon("fixity"))
    assert second.failures == 2
    assert timedelta(minutes=9) < second.next_run_at - timezone.now() <= timedelta(minutes=10)


def test_a_run_whose_worker_died_is_failed_with_the_reason_and_retried() -> None:
    schedule.ensure_defaults()
    now = timezone.now()
    # What a worker killed mid-run leaves: the run claimed, its lease no longer renewed.
    Job.objects.filter(name="opendata").update(
        running_since=now - timedelta(minutes=3), lease_until=now - timedelta(seconds=5)
    )
    Job.objects.exclude(name="opendata").update(enabled=False)
    done = schedule.run_due(now)
    job = Job.objects.get(name="opendata")
    assert [j.name for j in done] == ["opendata"]  # retried at once
    assert job.last_outcome == "ok"
    assert job.failures == 0


def test_a_dead_run_is_reported_before_it_is_retried() -> None:
    schedule.ensure_defaults()
    now = timezone.now()
    Job.objects.update(enabled=False)
    Job.objects.filter(name="opendata").update(
        running_since=now - timedelta(minutes=3), lease_until=now - timedelta(seconds=5)
    )
    schedule.run_due(now)
    job = Job.objects.get(name="opendata")
    assert job.last_outcome == "failed"
    assert job.last_message.startswith("Tiến trình chạy việc đã dừng giữa chừng (không còn tín")
    assert job.last_message.endswith("); sẽ chạy lại.")
    assert job.running_since is None


def test_the_administrator_changes_a_job_with_clear_refusals() -> None:
    schedule.ensure_defaults()
    job = schedule.change("fixity", at="23:15", day=3, enabled=False)
    assert (job.at.strftime("%H:%M"), job.day, job.enabled) == ("23:15", 3, False)
    with pytest.raises(InvalidInput) as refused:
        schedule.change("fixity", at="25:00")
    assert refused.value.message == "Giờ “25:00” không đọc được: viết HH:MM, ví dụ 02:30."
    with pytest.raises(InvalidInput) as refused:
        schedule.change("fixity", day=9)
    assert refused.value.message == "Ngày 9 không hợp lệ cho việc này: từ 1 đến 7."
    with pytest.raises(NotFound) as missing:
        schedule.change("sao-luu")
    assert missing.value.message.startswith(
        "Không có việc định kỳ “sao-luu”. Có: ai-train, backup, "
    )


def test_the_system_page_lists_the_jobs_and_saves_a_change() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(factories.staff(Role.NETWORK_ADMIN, username="quantri"))
    page = client.get("/staff/system/").content.decode()
    assert "<code>thuvien circulation daily</code>" in page
    saved = client.post(
        "/staff/system/jobs/circulation-daily/", {"at": "05:30", "enabled": "on"}, follow=True
    )
    job = Job.objects.get(name="circulation-daily")
    assert job.at.strftime("%H:%M") == "05:30"
    when = f"{timezone.localtime(job.next_run_at):%d/%m/%Y} 05:30"
    assert f"circulation-daily: đã lưu; lần chạy tới {when}." in saved.content.decode()
    refused = client.post("/staff/system/jobs/circulation-daily/", {"at": "5h"}, follow=True)
    assert "Giờ “5h” không đọc được: viết HH:MM, ví dụ 02:30." in refused.content.decode()
    client.post("/staff/system/jobs/opendata/", {"run": "1"})
    assert Job.objects.get(name="opendata").next_run_at <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_due_job_by_itself(tmp_path: Path) -> None:
    """`thuvien worker` in its own process, on its own data folder: no crontab."""

    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path), "THUVIEN_DATABASE_URL": ""}
    subprocess.run([str(THUVIEN), "jobs", "list"], env=env, check=True, capture_output=True)
    subprocess.run(
        [str(THUVIEN), "shell", "-c",
         "from django.utils import timezone; from thuvien.operations.models import Job; "
         "Job.objects.exclude(name='opendata').update(enabled=False); "
         "Job.objects.filter(name='opendata').update(next_run_at=timezone.now())"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(THUVIEN), "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            command = [str(THUVIEN), "jobs", "list", "--json"]
            listed = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            rows = {r["name"]: r for r in json.loads(listed.stdout.splitlines()[-1])}
            if rows["opendata"]["last_outcome"]:
                break
            time.sleep(2)
    finally:
        worker.terminate()
        worker.wait(30)
    assert rows["opendata"]["last_outcome"] == "ok"
    assert (tmp_path / "opendata").is_dir()
