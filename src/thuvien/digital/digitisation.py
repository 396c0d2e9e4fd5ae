"""A library's digitisation queue: selected → scanning → quality check → OCR → metadata review
→ published, each move made by the lifecycle engine (:data:`machines.DIGITISATION`: who and
when in its history, an audit entry per move).

Around the table this module keeps what is the programme's own: the scans are ingested as a
digital object waiting for review (readers do not see it); the quality check runs on the
pixels when the work is sent to it (:mod:`quality`) and a failing check refuses the pass;
passing starts OCR in the background; the review waits until every page has text; publishing
publishes the object through the theses' workflow machine, so it has its own history too.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.digital import quality, services, storage
from thuvien.digital.lookup import forget_pages
from thuvien.digital.machines import DIGITISATION, WORKFLOW
from thuvien.digital.models import Collection, DigitalObject, DigitisationJob
from thuvien.digital.tasks import reindex_record
from thuvien.errors import Conflict, InvalidInput
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require

if TYPE_CHECKING:
    from thuvien.actors import Actor

_S = DigitisationJob.State


def _require(actor: Actor, library: Library) -> None:
    if not actors.is_program(actor):
        require(actor, Action.EDIT_CATALOGUE, library)


def select(actor: Actor, record: Record, *, batch: str = "") -> DigitisationJob:
    """Put ``record`` in its library's queue."""
    _require(actor, record.library)
    with transaction.atomic():
        if DigitisationJob.objects.filter(record=record).exists():
            raise Conflict(
                _("Biểu ghi #{record} đã có trong hàng đợi số hoá.").format(record=record.pk),
                record=record.pk,
            )
        job = DigitisationJob.objects.create(
            library_id=record.library_id,
            record=record,
            batch=batch.strip(),
            created_by_id=getattr(actors.user_of(actor), "pk", None),
        )
        lifecycle.start(DIGITISATION, job, "select", actor=actor, library_code=record.library.code)
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "digitisation job",
            job.pk,
            library_code=record.library.code,
            summary=f"#{record.pk} selected{f' ({job.batch})' if job.batch else ''}",
        )
    return job


def attach_scans(
    actor: Actor,
    job: DigitisationJob,
    paths: Sequence[Path],
    *,
    collection: Collection | None = None,
    access: str = DigitalObject.Access.OPEN,
) -> DigitalObject:
    """Ingest the scanned pages of a work being scanned (again: a rescan replaces them)."""
    job = DigitisationJob.objects.select_related("library", "record").get(pk=job.pk)
    _require(actor, job.library)
    if job.state != _S.SCANNING:
        raise Conflict(
            _("Chỉ nhận ảnh quét khi tài liệu đang ở bước “{state}”; nay nó ở “{now}”.").format(
                state=_S.SCANNING.label, now=DIGITISATION.state_label(job.state)
            ),
            job=job.pk,
            state=job.state,
        )
    old = job.digital_object
    identifier = f"sh-{job.library.code}-{job.record_id}".lower()
    if old is not None:
        with transaction.atomic():
            DigitisationJob.objects.filter(pk=job.pk).update(digital_object=None)
            old.delete()
        shutil.rmtree(storage.object_dir(old.identifier), ignore_errors=True)
    obj = services.ingest(
        paths,
        library=job.library,
        identifier=identifier,
        title=job.record.title or identifier,
        access=access,
        actor=actor,
        record=job.record,
        collection=collection,
        status=DigitalObject.Status.SUBMITTED,  # not seen by readers until published
        # The record's page count is the quality check's to weigh (with the other checks,
        # shown to the person who passes or sends back), not a reason to refuse the scans.
        partial=True,
    )
    DigitisationJob.objects.filter(pk=job.pk).update(digital_object=obj)
    return obj


def move(
    actor: Actor, job: DigitisationJob, action: str, *, note: str = "", ocr: str = "vie"
) -> DigitisationJob:
    """Make ``action`` (a move of :data:`DIGITISATION`) with the programme's own conditions."""
    with transaction.atomic():
        job = DigitisationJob.objects.select_related("library", "record", "digital_object").get(
            pk=job.pk
        )
        lifecycle.check(DIGITISATION, job, action)  # an illegal move is refused first
        _require(actor, job.library)
        obj = job.digital_object
        changes: dict[str, Any] = {}
        if action in ("check", "pass", "review", "publish") and obj is None:
            raise InvalidInput(
                _("Tài liệu #{record} chưa có ảnh quét: nhập ảnh quét trước.").format(
                    record=job.record_id
                ),
                job=job.pk,
            )
        if action == "check" and obj is not None:
            marc = MarcRecord.from_stored(job.record.leader, job.record.marc)
            changes["quality"] = quality.as_json(quality.check(obj, marc))
            sizes = obj.pages.aggregate(n=Count("pk"), size=Sum("size"))
            changes["pages"] = sizes["n"] or 0
            changes["bytes"] = sizes["size"] or 0
        elif action == "pass":
            _refuse_failed(job)
        elif action == "review" and obj is not None and obj.pages.filter(ocr_done=False).exists():
            done, total = obj.pages.filter(ocr_done=True).count(), obj.pages.count()
            raise Conflict(
                _("OCR chưa xong: {done}/{total} trang có chữ. Chờ OCR chạy xong.").format(
                    done=done, total=total
                ),
                job=job.pk,
            )
        elif action == "publish":
            changes["published_at"] = timezone.now()
        lifecycle.move(
            DIGITISATION,
            job,
            action,
            actor=actor,
            library_code=job.library.code,
            note=note,
            **changes,
        )
        if action == "pass" and obj is not None:
            _start_ocr(obj, ocr)
        if action == "publish" and obj is not None:
            lifecycle.move(WORKFLOW, obj, "publish", actor=actor, library_code=job.library.code)
    if action == "publish" and obj is not None:
        forget_pages()
        reindex_record(obj)
    return job


def _refuse_failed(job: DigitisationJob) -> None:
    findings = [f for f in job.quality.get("findings", []) if f.get("failing")]
    if findings:
        raise Conflict(
            _("Chưa đạt kiểm tra chất lượng ({count} lỗi), ví dụ: {first} Trả về quét lại.").format(
                count=len(findings), first=findings[0]["message"]
            ),
            job=job.pk,
        )


def _start_ocr(obj: DigitalObject, languages: str) -> None:
    checked = services._checked_languages(languages) or "vie"
    DigitalObject.objects.filter(pk=obj.pk).update(ocr_languages=checked)
    from thuvien.digital.tasks import ocr_object

    transaction.on_commit(lambda: ocr_object.enqueue(obj.pk))


# --- what the pages and the reports read ------------------------------------------------------


def queue(library_ids: Iterable[int] | None, state: str = "") -> Any:
    jobs = DigitisationJob.objects.select_related("library", "record", "digital_object")
    if library_ids is not None:
        jobs = jobs.filter(library_id__in=list(library_ids))
    if state:
        jobs = jobs.filter(state=state)
    return jobs.order_by("state", "batch", "pk")


def progress(library_ids: Iterable[int] | None, batch: str = "") -> dict[str, int]:
    """State → how many works, for the queue's head (and one batch's progress)."""
    jobs = DigitisationJob.objects.all()
    if library_ids is not None:
        jobs = jobs.filter(library_id__in=list(library_ids))
    if batch:
        jobs = jobs.filter(batch=batch)
    counts = dict(jobs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in _S.values}


@dataclass(frozen=True)
class Output:
    items: int
    pages: int
    bytes: int

    @property
    def gigabytes(self) -> float:
        return round(self.bytes / 1e9, 3)


def figures(
    start: datetime.datetime, end: datetime.datetime, library_ids: Iterable[int] | None = None
) -> dict[int, Output]:
    """Library id → works published by the queue in [start, end), their pages and bytes."""
    jobs = DigitisationJob.objects.filter(
        state=_S.PUBLISHED, published_at__gte=start, published_at__lt=end
    )
    if library_ids is not None:
        jobs = jobs.filter(library_id__in=list(library_ids))
    rows = jobs.values("library_id").annotate(
        items=Count("pk"), pages=Sum("pages"), size=Sum("bytes")
    )
    return {
        r["library_id"]: Output(r["items"], r["pages"] or 0, r["size"] or 0)
        for r in rows.order_by()
    }


def states() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in _S.choices]


def waiting(library_ids: Iterable[int] | None) -> int:
    jobs = DigitisationJob.objects.filter(~Q(state=_S.PUBLISHED))
    if library_ids is not None:
        jobs = jobs.filter(library_id__in=list(library_ids))
    return jobs.count()
