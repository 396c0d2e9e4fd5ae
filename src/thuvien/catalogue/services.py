"""Catalogue operations: the only code that changes records and items.

Each checks the actor's permission on the owning library and writes the audit log.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.audit.services import snapshot
from thuvien.catalogue import formats, validation
from thuvien.catalogue.extract import extract
from thuvien.catalogue.importing import Checkpoint, Importer, ImportReport
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import ImportBatch, Item, Record
from thuvien.changes import feed
from thuvien.errors import Conflict, InvalidInput
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from collections.abc import Callable

    from thuvien.actors import Actor


# --- import ----------------------------------------------------------------------------------


def run_import(
    library: Library,
    stream: BinaryIO,
    *,
    actor: Actor,
    source: str,
    fmt: str | None = None,
    rejects: BinaryIO | None = None,
    batch: ImportBatch | None = None,
    progress: Callable[[int], None] | None = None,
    resume: Checkpoint | None = None,
    checkpoint: Callable[[Checkpoint], None] | None = None,
) -> ImportReport:
    """Import a MARC stream into ``library``. ``actor`` is a user (checked) or, for the
    command line, a label such as ``cli:root`` (the operator of the machine).

    Raises :class:`formats.NotMarc` when the stream is not MARC at all.
    """
    check(actor, Action.IMPORT_RECORDS, library)
    if fmt is None:
        head = stream.read(64)
        stream.seek(0)
        fmt = formats.sniff(head)
    importer = Importer(
        library,
        actor=actor,
        source=source,
        batch=batch,
        rejects=rejects,
        progress=progress,
        resume=resume,
        checkpoint=checkpoint,
    )
    report = importer.run(stream, fmt)
    counts = report.as_dict()
    audit(
        actor,
        AuditEntry.Action.IMPORT,
        "import",
        batch.pk if batch is not None else source,
        library_code=library.code,
        summary=(
            f"{source}: {report.imported} imported, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.rejected} rejected"
        ),
        after={k: counts[k] for k in ("imported", "updated", "unchanged", "rejected")},
    )
    return report


def run_import_batch(batch: ImportBatch) -> ImportReport:
    """Run an uploaded file's import, keeping ``batch`` up to date for the progress page.

    A batch with a checkpoint was stopped part-way (its worker died): the run resumes after
    the last committed batch of records and ends with the report an unbroken run gives."""
    resume = Checkpoint.from_dict(batch.checkpoint)
    batch.status = ImportBatch.Status.RUNNING
    batch.started_at = batch.started_at if resume else timezone.now()
    path = Path(batch.stored_path)
    batch.bytes_total = path.stat().st_size
    batch.save()

    def progress(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(bytes_done=done)

    def checkpoint(point: Checkpoint) -> None:
        report = ImportReport.from_state(point.report)
        ImportBatch.objects.filter(pk=batch.pk).update(
            checkpoint=point.as_dict(),
            processed=report.processed,
            imported=report.imported,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=report.rejected,
        )

    rejects_path = path.with_suffix(path.suffix + ".rejects")
    try:
        with path.open("rb") as stream, _rejects_file(rejects_path, resume) as rejects:
            report = run_import(
                batch.library,
                stream,
                actor=batch.created_by if batch.created_by else "upload",
                source=batch.file_name,
                fmt=batch.format or None,
                rejects=rejects,
                batch=batch,
                progress=progress,
                resume=resume,
                checkpoint=checkpoint,
            )
    except formats.NotMarc as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.failure = str(exc)
        batch.finished_at = timezone.now()
        batch.save()
        raise
    counts = report.as_dict()
    batch.imported, batch.updated = report.imported, report.updated
    batch.unchanged, batch.rejected = report.unchanged, report.rejected
    batch.processed = report.processed
    batch.report = {"warnings": counts["warnings"], "errors": counts["errors"]}
    batch.rejects_path = str(rejects_path) if report.rejected else ""
    batch.bytes_done = batch.bytes_total
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.lease_until = None
    batch.checkpoint = {}
    batch.save()
    return report


def _rejects_file(path: Path, resume: Checkpoint | None) -> BinaryIO:
    """The rejects file, cut back on a resumed run to what the committed batches wrote."""
    if resume is None or not path.exists():
        return path.open("wb")
    stream = path.open("r+b")
    stream.truncate(resume.rejects_bytes)
    stream.seek(resume.rejects_bytes)
    return stream


# --- records ---------------------------------------------------------------------------------

_SNAPSHOT_EXCLUDE = ("marc", "classification", "import_batch", "copied_from")


def _record_snapshot(record: Record) -> dict[str, Any]:
    data = snapshot(record, exclude=_SNAPSHOT_EXCLUDE)
    data["marc"] = record.marc
    return data


def _checked(marc: MarcRecord) -> None:
    problems = validation.validate(marc)
    if problems:
        raise InvalidInput(
            _("Bản ghi chưa hợp lệ: {problems}").format(problems="; ".join(problems)),
            problems=" | ".join(problems),
        )


def create_record(actor: Actor, library: Library, marc: MarcRecord, *, source: str = "") -> Record:
    check(actor, Action.EDIT_CATALOGUE, library)
    _checked(marc)
    content_hash = marc.content_hash()
    with transaction.atomic():
        record = Record.objects.create(
            library=library,
            leader=marc.leader,
            marc=marc.to_json(),
            match_key=f"h:{content_hash}",
            content_hash=content_hash,
            source=source or "thuvien",
            source_encoding="utf-8",
            **extract(marc),
        )
        feed.record_changed([record.pk])
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "record",
            record.pk,
            library_code=library.code,
            summary=record.title[:200],
            after=_record_snapshot(record),
        )
    return record


def update_record(
    actor: Actor, record: Record, marc: MarcRecord, *, expected_hash: str | None = None
) -> Record:
    """Save a new version of ``record``. ``expected_hash`` is the content hash of the version
    the cataloguer started from: if someone saved in between, the save is refused instead of
    silently overwriting their work."""
    check(actor, Action.EDIT_CATALOGUE, record.library)
    _checked(marc)
    with transaction.atomic():
        locked = Record.objects.select_for_update().get(pk=record.pk)
        if expected_hash is not None and locked.content_hash != expected_hash:
            raise Conflict(
                _("Bản ghi vừa được người khác sửa; hãy mở lại để xem bản mới."),
                record=locked.pk,
            )
        before = _record_snapshot(locked)
        locked.leader = marc.leader
        locked.marc = marc.to_json()
        locked.content_hash = marc.content_hash()
        for name, value in extract(marc).items():
            setattr(locked, name, value)
        locked.save()
        feed.record_changed([locked.pk])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "record",
            locked.pk,
            library_code=locked.library.code,
            summary=locked.title[:200],
            before=before,
            after=_record_snapshot(locked),
        )
    return locked


def delete_record(actor: Actor, record: Record) -> None:
    check(actor, Action.EDIT_CATALOGUE, record.library)
    with transaction.atomic():
        if record.items.exclude(status=Item.Status.AVAILABLE).exists():
            raise Conflict(
                _("Bản ghi còn bản sao đang lưu thông; hãy xử lý các bản sao trước."),
                record=record.pk,
            )
        before = _record_snapshot(record)
        pk = record.pk
        record.delete()
        feed.record_changed([pk])
        audit(
            actor,
            AuditEntry.Action.DELETE,
            "record",
            pk,
            library_code=record.library.code,
            summary=before["title"][:200],
            before=before,
        )


# --- items -----------------------------------------------------------------------------------

ITEM_FIELDS = (
    "barcode",
    "accession_number",
    "call_number",
    "location",
    "item_type",
    "status",
    "price",
    "acquisition_source",
    "note",
)


def _save_item(item: Item) -> None:
    try:
        item.full_clean(exclude=["record", "library"], validate_unique=False)
    except ValidationError as exc:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
        )
        raise InvalidInput(
            _("Bản sao chưa hợp lệ: {problems}").format(problems=problems),
            problems=problems,
        ) from None
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise Conflict(
            _("Mã vạch {barcode} đã được dùng trong {library}.").format(
                barcode=item.barcode, library=item.library.code
            ),
            barcode=item.barcode or "",
        ) from None


def add_item(actor: Actor, record: Record, **values: Any) -> Item:
    check(actor, Action.EDIT_ITEMS, record.library)
    item = Item(library=record.library, record=record)
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.barcode = item.barcode or None
    with transaction.atomic():
        _save_item(item)
        feed.record_changed([record.pk])
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "item",
            item.pk,
            library_code=item.library.code,
            summary=f"{item.barcode or ''} → record {record.pk}",
            after=snapshot(item),
        )
    return item


def update_item(actor: Actor, item: Item, **values: Any) -> Item:
    check(actor, Action.EDIT_ITEMS, item.library)
    before = snapshot(item)
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.barcode = item.barcode or None
    with transaction.atomic():
        _save_item(item)
        feed.record_changed([item.record_id])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "item",
            item.pk,
            library_code=item.library.code,
            summary=item.barcode or "",
            before=before,
            after=snapshot(item),
        )
    return item


def delete_item(actor: Actor, item: Item) -> None:
    check(actor, Action.EDIT_ITEMS, item.library)
    before = snapshot(item)
    pk = item.pk
    with transaction.atomic():
        try:
            with transaction.atomic():
                item.delete()
        except ProtectedError:
            # Its loans or a weeding decision refer to it: the history must stay.
            raise Conflict(
                _(
                    "Bản sao {item} đã có lịch sử mượn hoặc nằm trong danh sách thanh lọc nên "
                    "không xoá được; hãy đổi tình trạng (ví dụ: Đã thanh lý) thay vì xoá."
                ).format(item=item.barcode or item.accession_number or pk),
                item=str(pk),
            ) from None
        feed.record_changed([item.record_id])
        audit(
            actor,
            AuditEntry.Action.DELETE,
            "item",
            pk,
            library_code=item.library.code,
            summary=item.barcode or "",
            before=before,
        )
