"""Background jobs of the digital library: OCR of an object's pages.

``thuvien serve`` runs them itself in the embedded default; servers run ``thuvien worker``.
Progress is kept on the object (``ocr_pages_done``) so its page can show how far it got; a
job that stops is run again from the first page without text.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import transaction
from django.db.models import F
from django_tasks import task

from thuvien.digital import ocr, storage
from thuvien.digital.models import DigitalObject, Page


def page_jpeg(page: Page) -> bytes:
    import pyvips

    source = storage.tile_path(page.digital_object.identifier, page.sequence)
    image = pyvips.Image.new_from_file(str(source), page=0, access="sequential")
    return bytes(image.jpegsave_buffer(Q=85, strip=True))


def ocr_page(page: Page, languages: str) -> ocr.PageText:
    """OCR a page into ``ocr/NNNN.hocr`` and ``ocr/NNNN.pdf`` (searchable)."""
    target = storage.hocr_path(page.digital_object.identifier, page.sequence)
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf = target.with_suffix(".pdf")
    result = ocr.recognise(page_jpeg(page), languages, pdf=pdf.with_suffix(".pdf.part"))
    pdf.with_suffix(".pdf.part").replace(pdf)
    partial = target.with_suffix(".part")
    partial.write_text(result.hocr, encoding="utf-8")
    partial.replace(target)
    return result


def run_ocr(obj: DigitalObject, workers: int | None = None) -> int:
    """OCR every page still without text; returns the number of pages done now."""
    languages = obj.ocr_languages or "vie"
    pages = list(obj.pages.select_related("digital_object").filter(ocr_done=False))
    count = 0
    workers = workers or max(1, os.cpu_count() or 1)

    def one(page: Page) -> tuple[Page, ocr.PageText]:
        return page, ocr_page(page, languages)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for page, result in pool.map(one, pages):
            with transaction.atomic():
                Page.objects.filter(pk=page.pk).update(
                    ocr_text=result.text,
                    ocr_done=True,
                    orientation=result.orientation,
                    ocr_confidence=result.confidence,
                    ocr_language=languages,
                    ocr_corrected=False,
                )
                DigitalObject.objects.filter(pk=obj.pk).update(
                    ocr_pages_done=F("ocr_pages_done") + 1
                )
            count += 1
    reindex_record(obj)
    return count


def reindex_record(obj: DigitalObject) -> None:
    """The record's search document includes its objects' text: queue it again."""
    if obj.record_id is not None:
        from thuvien.changes import feed

        feed.record_changed([obj.record_id])


@task()
def ocr_object(object_id: int) -> dict[str, Any]:
    obj = DigitalObject.objects.get(pk=object_id)
    done = run_ocr(obj)
    return {"identifier": obj.identifier, "pages": done}
