"""The searchable PDF of an object: Tesseract's page PDFs (the scan with its text underneath)
joined in page order, stamped with the reader and date when the work may be in copyright."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.utils.translation import gettext as _

from thuvien.digital import storage
from thuvien.digital.errors import UnknownObject
from thuvien.digital.models import DigitalObject
from thuvien.watermark import stamp_page


def searchable_pdf(obj: DigitalObject, watermark: str = "") -> Path:
    from pypdf import PdfReader, PdfWriter

    folder = storage.object_dir(obj.identifier) / "ocr"
    pages = list(obj.pages.order_by("sequence"))
    parts = [folder / f"{p.sequence:04d}.pdf" for p in pages]
    if not pages or not all(p.exists() for p in parts):
        raise UnknownObject(
            _("Chưa có PDF: tài liệu chưa được nhận dạng chữ (OCR) xong."),
            identifier=obj.identifier,
        )
    joined = folder / "document.pdf"
    newest = max(p.stat().st_mtime for p in parts)
    if not joined.exists() or joined.stat().st_mtime < newest:
        writer = PdfWriter()
        for part in parts:
            writer.append(PdfReader(part))
        writer.add_metadata({"/Title": obj.title, "/Producer": "thuvien"})
        partial = joined.with_suffix(".part")
        with partial.open("wb") as out:
            writer.write(out)
        partial.replace(joined)
    if not watermark:
        return joined
    stamped = (
        storage.cache_dir()
        / "pdf"
        / f"{obj.identifier}-{hashlib.sha256(watermark.encode()).hexdigest()[:16]}.pdf"
    )
    if not stamped.exists() or stamped.stat().st_mtime < joined.stat().st_mtime:
        stamped.parent.mkdir(parents=True, exist_ok=True)
        writer = PdfWriter(clone_from=PdfReader(joined))
        for page in writer.pages:
            stamp_page(page, watermark)
        partial = stamped.with_suffix(".part")
        with partial.open("wb") as out:
            writer.write(out)
        partial.replace(stamped)
    return stamped
