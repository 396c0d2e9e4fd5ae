"""Migrations uploaded on the staff page: stored, tried (dry run) and run by the worker.

A migration of a whole library takes minutes: the page stores the files and queues a job
(``thuvien worker`` runs it); the same files are run for real only after the librarian has
read the dry run's report and asked for it.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from thuvien.catalogue.tasks import upload_path
from thuvien.errors import Conflict, ThuvienError
from thuvien.legacy.models import Migration
from thuvien.legacy.runs import run_files
from thuvien.network.permissions import Action, require

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from thuvien.network.models import Library

logger = logging.getLogger(__name__)


def queue_dry_run(
    actor: AbstractBaseUser | AnonymousUser,
    library: Library,
    *,
    source: str,
    uploads: dict[str, tuple[str, Iterable[bytes]]],
    prefix: str = "",
) -> Migration:
    """Store the uploaded files (part → (file name, chunks)) and queue their dry run."""
    profile = require(actor, Action.EDIT_LIBRARY, library)
    folder = upload_path("migration").with_suffix("")
    folder.mkdir(parents=True)
    try:
        files: dict[str, str] = {}
        for part, (name, chunks) in uploads.items():
            path = folder / f"{part}{Path(name).suffix[:10]}"
            with path.open("wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            files[part] = str(path)
        with transaction.atomic():
            migration = Migration.objects.create(
                library=library,
                source=source,
                prefix=prefix,
                files=files,
                names={part: name[:255] for part, (name, _c) in uploads.items()},
                dry_run=True,
                created_by=profile.user,
            )
            run_migration.enqueue(migration.pk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return migration


def queue_run(actor: AbstractBaseUser | AnonymousUser, tried: Migration) -> Migration:
    """Run for real the files whose dry run ``tried`` was."""
    profile = require(actor, Action.EDIT_LIBRARY, tried.library)
    if not tried.dry_run or tried.status != Migration.Status.DONE:
        raise Conflict(
            _(
                "Chỉ chạy thật được sau khi chạy thử xong; lần này đang ở trạng thái “{status}”."
            ).format(status=tried.get_status_display())
        )
    with transaction.atomic():
        migration = Migration.objects.create(
            library=tried.library,
            source=tried.source,
            prefix=tried.prefix,
            files=tried.files,
            names=tried.names,
            dry_run=False,
            created_by=profile.user,
        )
        run_migration.enqueue(migration.pk)
    return migration


@task()
def run_migration(migration_id: int) -> dict[str, Any]:
    """Run a queued migration; whatever happens, the row says how it ended."""
    migration = Migration.objects.select_related("library", "created_by").get(pk=migration_id)
    Migration.objects.filter(pk=migration_id).update(status=Migration.Status.RUNNING)
    try:
        report = run_files(
            migration.created_by if migration.created_by else "upload",
            migration.library,
            migration.source,
            {part: Path(path) for part, path in migration.files.items()},
            prefix=migration.prefix,
            dry_run=migration.dry_run,
            names=migration.names,
        )
    except ThuvienError as exc:
        _finish(migration_id, Migration.Status.FAILED, failure=exc.message)
        return {"status": "failed", "failure": exc.message}
    except Exception as exc:
        _finish(
            migration_id,
            Migration.Status.FAILED,
            failure=_("Lỗi ngoài dự kiến; hãy báo quản trị hệ thống: {error}").format(
                error=f"{exc.__class__.__name__}: {exc}"
            ),
        )
        raise
    data = report.as_dict()
    _finish(migration_id, Migration.Status.DONE, report=data)
    return {"status": "done"}


def _finish(migration_id: int, status: str, **values: Any) -> None:
    if status == Migration.Status.FAILED:
        logger.warning("migration %s failed: %s", migration_id, values.get("failure"))
    Migration.objects.filter(pk=migration_id).update(
        status=status, finished_at=timezone.now(), **values
    )
