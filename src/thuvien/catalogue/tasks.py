"""Background jobs of the catalogue: imports of uploaded files.

An upload is written to ``FILES_DIR/imports`` and an :class:`ImportBatch` is queued by
:func:`queue_import`; a worker (``thuvien worker``) runs :func:`import_file`, which keeps the
batch up to date so the page can show the progress.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import OperationalError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from thuvien.catalogue import formats, services
from thuvien.catalogue.models import ImportBatch
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action, require

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from thuvien.network.models import Library

logger = logging.getLogger(__name__)


def upload_path(file_name: str) -> Path:
    """Where an upload is kept: a fresh name that still says what the file was."""
    try:
        safe = get_valid_filename(Path(file_name).name)[-100:]
    except SuspiciousFileOperation:  # nothing usable in the name, such as "???"
        safe = "upload"
    return Path(settings.FILES_DIR) / "imports" / f"{uuid.uuid4().hex}_{safe}"


def queue_import(
    actor: AbstractBaseUser | AnonymousUser,
    library: Library,
    *,
    file_name: str,
    head: bytes,
    chunks: Iterable[bytes],
    fmt: str = "",
) -> ImportBatch:
    """Store an uploaded file and queue its import.

    ``head`` is the file's first bytes: a file that is not MARC at all is refused here
    (:class:`formats.NotMarc`) before anything is written or queued.
    """
    profile = require(actor, Action.IMPORT_RECORDS, library)
    detected = formats.sniff(head)
    path = upload_path(file_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                library=library,
                file_name=file_name[:255],
                stored_path=str(path),
                format=fmt or detected,
                status=ImportBatch.Status.QUEUED,
                created_by=profile.user,
                bytes_total=path.stat().st_size,
            )
            # The database queue writes its row in this same transaction: a batch is
            # never left queued without a job, nor a job without its batch.
            _enqueue(batch)
    except BaseException:
        path.unlink(missing_ok=True)  # nothing is left behind by a refused or broken upload
        raise
    return batch


def _enqueue(batch: ImportBatch) -> None:
    result = import_file.enqueue(batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id))


@task()
def import_file(batch_id: int) -> dict[str, Any]:
    """Run a queued upload's import; whatever happens, the batch says how it ended."""
    started = ImportBatch.objects.filter(
        pk=batch_id, status__in=(ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    ).update(lease_until=timezone.now() + LEASE, attempts=F("attempts") + 1)
    batch = ImportBatch.objects.select_related("library", "created_by").get(pk=batch_id)
    if not started:
        return {"status": batch.status}  # a stale job for a batch that has since ended
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(batch_id, stop), daemon=True)
    beat.start()
    try:
        return _run(batch)
    finally:
        stop.set()
        beat.join()


def _run(batch: ImportBatch) -> dict[str, Any]:
    batch_id = batch.pk
    try:
        report = services.run_import_batch(batch)
    except formats.NotMarc as exc:
        # run_import_batch has marked the batch failed with this message.
        return {"status": "failed", "failure": str(exc)}
    except ThuvienError as exc:
        _fail(batch_id, exc.message)
        return {"status": "failed", "failure": exc.message}
    except Exception as exc:
        _fail(
            batch_id,
            _("Lỗi ngoài dự kiến khi nhập; hãy báo quản trị hệ thống: {error}").format(
                error=f"{exc.__class__.__name__}: {exc}"
            ),
        )
        raise
    counts = report.as_dict()
    return {k: counts[k] for k in ("imported", "updated", "unchanged", "rejected")}


def _fail(batch_id: int, message: str) -> None:
    logger.warning("import batch %s failed: %s", batch_id, message)
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.FAILED,
        failure=message,
        finished_at=timezone.now(),
        lease_until=None,
    )


# --- crash recovery --------------------------------------------------------------------------
# The worker running an import renews its lease every HEARTBEAT; a batch still "running" whose
# lease ran out lost its worker (killed, machine restarted). recover_stalled(), called by the
# scheduler of every `thuvien worker`, queues it again: the new run resumes after the last
# committed batch of records. After MAX_ATTEMPTS starts it is failed with the reason instead.
LEASE = timedelta(seconds=30)
HEARTBEAT_SECONDS = 10.0
MAX_ATTEMPTS = 3


def _heartbeat(batch_id: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
                    lease_until=timezone.now() + LEASE
                )
            except OperationalError:  # SQLite busy with the import's own batch: next beat
                logger.info("import batch %s: heartbeat skipped (database busy)", batch_id)
    finally:
        close_old_connections()


def recover_stalled(now: datetime | None = None) -> list[ImportBatch]:
    """Queue again (or fail, after MAX_ATTEMPTS) every import whose worker stopped."""
    now = now or timezone.now()
    recovered = []
    stalled = ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING, lease_until__lt=now)
    for batch in stalled:
        since = timezone.localtime(batch.lease_until).strftime("%H:%M:%S")
        with transaction.atomic():
            # One conditional update claims the batch: two workers never queue it twice.
            claimed = ImportBatch.objects.filter(
                pk=batch.pk, status=ImportBatch.Status.RUNNING, lease_until=batch.lease_until
            )
            _end_dead_task(batch.task_id, since)
            if batch.attempts >= MAX_ATTEMPTS:
                claimed.update(
                    status=ImportBatch.Status.FAILED,
                    lease_until=None,
                    finished_at=now,
                    failure=_(
                        "Tiến trình nhập đã dừng giữa chừng {attempts} lần (lần cuối không còn tín "
                        "hiệu từ {since}); hãy báo quản trị hệ thống. Các lô bản ghi đã ghi vẫn "
                        "giữ nguyên."
                    ).format(attempts=batch.attempts, since=since),
                )
                continue
            if claimed.update(status=ImportBatch.Status.QUEUED, lease_until=None):
                logger.warning(
                    "import batch %s: worker stopped (no heartbeat since %s); queued again at "
                    "record %s",
                    batch.pk,
                    since,
                    batch.checkpoint.get("records", 0),
                )
                _enqueue(batch)
                recovered.append(batch)
    return recovered


def _end_dead_task(task_id: str, since: str) -> None:
    """The dead worker's job row says so, rather than "running" for ever."""
    if task_id:
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="thuvien.catalogue.tasks.WorkerStopped",
            traceback=f"worker stopped: no heartbeat since {since}",
        )
