"""Background jobs of the catalogue: imports of uploaded files.

An upload is written to ``FILES_DIR/imports`` and an :class:`ImportBatch` is queued by
:func:`queue_import`; a worker (``thuvien worker``) runs :func:`import_file`, which keeps the
batch up to date so the page can show the progress.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task

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
            import_file.enqueue(batch.pk)
    except BaseException:
        path.unlink(missing_ok=True)  # nothing is left behind by a refused or broken upload
        raise
    return batch


@task()
def import_file(batch_id: int) -> dict[str, Any]:
    """Run a queued upload's import; whatever happens, the batch says how it ended."""
    batch = ImportBatch.objects.select_related("library", "created_by").get(pk=batch_id)
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
        status=ImportBatch.Status.FAILED, failure=message, finished_at=timezone.now()
    )
