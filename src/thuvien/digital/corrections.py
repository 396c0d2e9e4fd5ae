"""OCR text that people put right: a page read again with another language (a Khmer page in
a Vietnamese gazetteer), staff correcting a page's text, readers proposing a correction that
staff take or refuse (:data:`machines.OCR_PROPOSAL`).

A corrected text replaces the page's ``ocr_text`` (the hOCR file stays as Tesseract read it,
for the word boxes); search and IIIF Content Search then read the corrected text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.digital import services, tasks
from thuvien.digital.errors import AccessDenied
from thuvien.digital.lookup import forget_pages
from thuvien.digital.machines import OCR_PROPOSAL
from thuvien.digital.models import DigitalObject, OcrProposal, Page
from thuvien.errors import InvalidInput
from thuvien.lifecycle import services as lifecycle
from thuvien.network.permissions import Action, require
from thuvien.vietnamese.text import nfc

if TYPE_CHECKING:
    from thuvien.actors import Actor

MAX_TEXT = 100_000


def _require(actor: Actor, obj: DigitalObject) -> None:
    if not actors.is_program(actor):
        require(actor, Action.EDIT_CATALOGUE, obj.library)


def _text(text: str) -> str:
    text = nfc(text.replace("\r\n", "\n")).strip()
    if not text:
        raise InvalidInput(_("Văn bản sửa trống: nhập văn bản của trang."))
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            _("Văn bản sửa dài quá {max} ký tự.").format(max=MAX_TEXT), length=len(text)
        )
    return text


def reocr_page(actor: Actor, page: Page, languages: str) -> Page:
    """Read ``page`` again now with ``languages`` (``khm``, ``vie+eng`` …)."""
    obj = page.digital_object
    _require(actor, obj)
    checked = services._checked_languages(languages) or "vie"
    result = tasks.ocr_page(page, checked)
    with transaction.atomic():
        Page.objects.filter(pk=page.pk).update(
            ocr_text=result.text,
            ocr_done=True,
            orientation=result.orientation,
            ocr_confidence=result.confidence,
            ocr_language=checked,
            ocr_corrected=False,
        )
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "digital page",
            page.image_id,
            library_code=obj.library.code,
            summary=f"{page.image_id}: OCR again ({checked})",
            after={"language": checked, "confidence": result.confidence},
        )
        tasks.reindex_record(obj)
    page.refresh_from_db()
    return page


def reocr_object(actor: Actor, obj: DigitalObject, languages: str) -> None:
    """Read every page of ``obj`` again with ``languages``, in the background."""
    _require(actor, obj)
    checked = services._checked_languages(languages) or "vie"
    with transaction.atomic():
        DigitalObject.objects.filter(pk=obj.pk).update(ocr_languages=checked, ocr_pages_done=0)
        obj.pages.update(ocr_done=False)
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "digital object",
            obj.identifier,
            library_code=obj.library.code,
            summary=f"{obj.identifier}: OCR again ({checked})",
            before={"ocr_languages": obj.ocr_languages},
            after={"ocr_languages": checked},
        )
        transaction.on_commit(lambda: tasks.ocr_object.enqueue(obj.pk))


def correct(actor: Actor, page: Page, text: str) -> Page:
    """Staff replace ``page``'s OCR text with ``text``."""
    obj = page.digital_object
    _require(actor, obj)
    text = _text(text)
    with transaction.atomic():
        Page.objects.filter(pk=page.pk).update(ocr_text=text, ocr_done=True, ocr_corrected=True)
        if not page.ocr_done:
            DigitalObject.objects.filter(pk=obj.pk).update(ocr_pages_done=F("ocr_pages_done") + 1)
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "digital page",
            page.image_id,
            library_code=obj.library.code,
            summary=f"{page.image_id}: OCR text corrected",
            before={"ocr_text": page.ocr_text[:2000]},
            after={"ocr_text": text[:2000]},
        )
        tasks.reindex_record(obj)
    forget_pages()
    page.refresh_from_db()
    return page


def propose(actor: Actor, page: Page, text: str, *, label: str = "") -> OcrProposal:
    """A reader's corrected text of a page of a published object, for staff to judge."""
    obj = page.digital_object
    if obj.status != DigitalObject.Status.PUBLISHED or obj.access != DigitalObject.Access.OPEN:
        raise AccessDenied(
            _("Chỉ đề xuất sửa văn bản được cho tài liệu số mở đã công bố."),
            identifier=obj.identifier,
        )
    user = actors.user_of(actor)
    with transaction.atomic():
        proposal = OcrProposal.objects.create(
            page=page,
            text=_text(text),
            proposed_by_id=user.pk if user is not None else None,
            proposer_label=label or actors.label(actor),
        )
        lifecycle.start(
            OCR_PROPOSAL, proposal, "propose", actor=actor, library_code=obj.library.code
        )
    return proposal


def decide(actor: Actor, proposal: OcrProposal, action: str, *, note: str = "") -> OcrProposal:
    """Staff ``accept`` (the text becomes the page's) or ``refuse`` a proposal."""
    with transaction.atomic():
        proposal = OcrProposal.objects.select_related("page__digital_object__library").get(
            pk=proposal.pk
        )
        lifecycle.check(OCR_PROPOSAL, proposal, action)
        obj = proposal.page.digital_object
        _require(actor, obj)
        lifecycle.move(
            OCR_PROPOSAL, proposal, action, actor=actor, library_code=obj.library.code, note=note
        )
        if action == "accept":
            correct(actor, proposal.page, proposal.text)
    return proposal


def pending(library_ids: list[int] | None) -> list[OcrProposal]:
    rows = OcrProposal.objects.filter(state=OcrProposal.State.PENDING).select_related(
        "page__digital_object"
    )
    if library_ids is not None:
        rows = rows.filter(page__digital_object__library_id__in=library_ids)
    return list(rows.order_by("created_at"))
