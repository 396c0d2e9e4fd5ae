"""An import whose worker died resumes after its last committed batch and ends as an unbroken
run would: the same records, the same counts, the same report and the same rejects file."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pymarc
import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from thuvien.catalogue import importing, services, tasks
from thuvien.catalogue.models import ImportBatch, Record
from thuvien.network.models import Library
from thuvien.testing import factories
from thuvien.testing.factories import shared

THUVIEN = Path(sys.executable).parent / "thuvien"
BAD_RECORDS = shared("marc", "pymarc", "bad_records.mrc")


def _marc_file(path: Path, count: int) -> Path:
    """``count`` records, with what makes resuming hard: identical records (keyed by their
    occurrence), a control number used twice, and broken records between good ones."""
    out = io.BytesIO()
    for n in range(count):
        record = pymarc.Record(force_utf8=True)
        if n % 7 == 0:
            record.add_field(pymarc.Field(tag="001", data="DUP-1" if n % 14 == 0 else f"C{n}"))
        title = "Bản giống nhau" if n % 5 == 0 else f"Sách số {n}"
        record.add_field(
            pymarc.Field(
                tag="245",
                indicators=pymarc.Indicators("1", "0"),
                subfields=[pymarc.Subfield("a", title)],
            )
        )
        out.write(record.as_marc())
        if n % 40 == 20:
            out.write(BAD_RECORDS.read_bytes()[127:254])  # one damaged record
    path.write_bytes(out.getvalue())
    return path


def _batch(library: Library, path: Path) -> ImportBatch:
    return ImportBatch.objects.create(
        library=library,
        file_name=path.name,
        stored_path=str(path),
        format="iso2709",
        status=ImportBatch.Status.QUEUED,
    )


class _Killed(Exception):
    """Stands for the worker's death in the middle of a batch (the real kill is below)."""


@pytest.mark.django_db(transaction=True)
def test_a_resumed_import_ends_as_an_unbroken_run(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.THUVIEN_IMPORT_BATCH_SIZE = 10
    whole, broken = factories.library("LIEN"), factories.library("DUT")
    source = _marc_file(tmp_path / "sach.mrc", 120)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    reference = _batch(whole, Path((tmp_path / "a" / "sach.mrc").write_bytes(source.read_bytes())
                                   and tmp_path / "a" / "sach.mrc"))  # fmt: skip
    expected = services.run_import_batch(reference)

    batch = _batch(broken, Path((tmp_path / "b" / "sach.mrc").write_bytes(source.read_bytes())
                                and tmp_path / "b" / "sach.mrc"))  # fmt: skip
    write = importing.Importer._write
    calls = {"n": 0}

    def dies_in_the_fifth_batch(self: importing.Importer, pending: list[Any]) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise _Killed
        write(self, pending)

    monkeypatch.setattr(importing.Importer, "_write", dies_in_the_fifth_batch)
    with pytest.raises(_Killed):
        services.run_import_batch(batch)
    monkeypatch.setattr(importing.Importer, "_write", write)
    batch.refresh_from_db()
    # Four batches of ten good records committed, with the damaged record read among them.
    assert batch.status == ImportBatch.Status.RUNNING
    assert batch.checkpoint["records"] == 41
    assert batch.processed == 41
    assert Record.objects.filter(library=broken).count() == batch.imported + batch.updated

    resumed = services.run_import_batch(batch)

    batch.refresh_from_db()
    assert resumed.as_dict() == expected.as_dict()
    assert (batch.status, batch.checkpoint, batch.processed) == ("done", {}, 123)
    assert (batch.imported, batch.updated, batch.unchanged, batch.rejected) == (
        expected.imported,
        expected.updated,
        expected.unchanged,
        3,
    )

    def keys(library: Library) -> list[tuple[str, str]]:
        return sorted(
            Record.objects.filter(library=library).values_list("match_key", "content_hash")
        )

    assert keys(broken) == keys(whole)
    assert len(keys(broken)) == expected.imported
    assert Path(batch.rejects_path).read_bytes() == Path(reference.rejects_path).read_bytes()
    assert Path(batch.rejects_path).read_bytes() == BAD_RECORDS.read_bytes()[127:254] * 3


@pytest.mark.django_db(transaction=True)
def test_a_stalled_import_is_queued_again_then_failed_after_three_starts(
    tmp_path: Path,
) -> None:
    batch = _batch(factories.library("CHET"), _marc_file(tmp_path / "sach.mrc", 3))
    tasks._enqueue(batch)
    batch.refresh_from_db()
    dead_job = DBTaskResult.objects.get(id=batch.task_id)
    DBTaskResult.objects.filter(id=dead_job.id).update(status=TaskResultStatus.RUNNING)
    stopped = timezone.now() - timedelta(seconds=5)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, lease_until=stopped, attempts=1
    )

    assert [b.pk for b in tasks.recover_stalled()] == [batch.pk]

    batch.refresh_from_db()
    dead_job.refresh_from_db()
    assert (batch.status, batch.lease_until) == ("queued", None)
    assert dead_job.status == TaskResultStatus.FAILED
    assert dead_job.traceback.startswith("worker stopped: no heartbeat since ")
    queued = DBTaskResult.objects.get(id=batch.task_id)
    assert (queued.status, queued.args_kwargs["args"]) == (TaskResultStatus.READY, [batch.pk])
    assert tasks.recover_stalled() == []  # a live or queued batch is left alone

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, lease_until=stopped, attempts=3
    )
    assert tasks.recover_stalled() == []
    batch.refresh_from_db()
    since = timezone.localtime(stopped).strftime("%H:%M:%S")
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.failure == (
        f"Tiến trình nhập đã dừng giữa chừng 3 lần (lần cuối không còn tín hiệu từ {since}); "
        "hãy báo quản trị hệ thống. Các lô bản ghi đã ghi vẫn giữ nguyên."
    )


def _query(db: Path, sql: str) -> Any:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchone()


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_is_killed_resumes_in_the_next_worker(tmp_path: Path) -> None:
    """Real processes: `thuvien worker` is killed with SIGKILL in the middle of an import; the
    next worker's scheduler finds the batch's lease run out and the import completes once."""
    data = tmp_path / "data"
    env = {
        **os.environ,
        "THUVIEN_DATA_DIR": str(data),
        "THUVIEN_DATABASE_URL": "",
        "THUVIEN_IMPORT_BATCH_SIZE": "25",
    }
    source = _marc_file(tmp_path / "sach.mrc", 3000)
    add = [str(THUVIEN), "library", "add", "VN-TAT", "--name", "Thư viện thử", "--type", "public"]
    subprocess.run(add, env=env, check=True, capture_output=True)
    subprocess.run(
        [str(THUVIEN), "shell", "-c",
         "from django.utils import timezone; from thuvien.operations.models import Job; "
         "from thuvien.catalogue import tasks; from thuvien.catalogue.models import ImportBatch; "
         "from thuvien.network.models import Library; "
         "Job.objects.all().delete(); "
         f"b = ImportBatch.objects.create(library=Library.objects.get(code='VN-TAT'), "
         f"file_name='sach.mrc', stored_path={str(source)!r}, format='iso2709'); "
         "tasks._enqueue(b)"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    db = data / "thuvien.sqlite3"
    worker = subprocess.Popen([str(THUVIEN), "worker", "--no-schedule"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            (records,) = _query(db, "SELECT count(*) FROM catalogue_record")
            if records >= 500:
                break
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(30)
    status, committed, attempts = _query(
        db, "SELECT status, json_extract(checkpoint, '$.records'), attempts "
        "FROM catalogue_importbatch"
    )  # fmt: skip
    assert (status, attempts) == ("running", 1)
    assert 500 <= committed < 3075
    # What time does to a dead worker's lease, done at once so the test need not wait 30 s.
    with sqlite3.connect(db, timeout=30) as conn:
        conn.execute("UPDATE catalogue_importbatch SET lease_until = '2000-01-01 00:00:00'")

    worker = subprocess.Popen([str(THUVIEN), "worker"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            (status,) = _query(db, "SELECT status FROM catalogue_importbatch")
            if status in ("done", "failed"):
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(30)
    row = _query(
        db, "SELECT status, imported, updated, unchanged, rejected, processed, attempts "
        "FROM catalogue_importbatch"
    )  # fmt: skip
    # 3,000 records: 600 identical ones are 600 occurrences, so every record is one row.
    assert row == ("done", 3000, 0, 0, 75, 3075, 2)
    assert _query(db, "SELECT count(*), count(DISTINCT match_key) FROM catalogue_record") == (
        3000,
        3000,
    )
