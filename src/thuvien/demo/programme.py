"""The digitisation programme in the demo: the provincial library's local-studies (địa chí)
holdings flagged, 30 % of them digitised ("đã số hoá 12/40"), one work taken through the
digitisation queue from selection to publication (quality check on its pixels, OCR, review),
and, where Tesseract reads Khmer, a printed Khmer page with its OCR text.

Everything goes through the services the staff pages call. Nothing is added twice. The pages
are small and printed here, so the step stays quick (OCR of two short pages).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyvips
from django.utils.translation import gettext as _

from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.digital import corrections, digitisation, heritage, ocr, quality
from thuvien.digital.models import (
    Collection,
    DigitalObject,
    DigitisationJob,
    HeritageFlag,
    HeritageKind,
)
from thuvien.digital.services import ingest
from thuvien.digital.tasks import run_ocr
from thuvien.network.models import Library

FLAGGED = 40  # 30 % of them digitised: 12, the last through the queue (fewer records, as a
SHARE = 0.3  # small sample leaves: 30 of them flagged, or 10, always 30 % digitised)
BATCH = "Địa chí 2026"
KHMER = "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ\nបណ្ណាល័យខេត្តសុខត្រាំង"
PAGE = """Văn bia đình làng Tân Hưng, dựng năm Tự Đức thứ mười.
Ghi công người khai khẩn đất rừng đước ven sông Gành Hào."""


def _page(path: Path, text: str, font: str = "DejaVu Serif 12") -> Path:
    """A printed page at 300 dpi, as the quality check wants it."""
    ink = pyvips.Image.text(text, font=font, dpi=300, width=1800)
    ink = ink.embed(150, 150, ink.width + 300, ink.height + 300)
    (255 - ink).cast("uchar").copy(xres=300 / 25.4, yres=300 / 25.4).pngsave(str(path))
    return path


def _short(record: Record) -> bool:
    """A work the demo can scan whole: its 300 $a gives no more than one page."""
    wanted = quality.expected_pages(MarcRecord.from_stored(record.leader, record.marc))
    return wanted is None or wanted <= 1


def _flag(library: Library, actor: str) -> list[Record]:
    books = Record.objects.filter(library=library, kind=Record.Kind.BIBLIOGRAPHIC)
    count = min(FLAGGED, books.count()) // 10 * 10
    records = list(books.order_by("id")[:count])
    flagged = set(
        HeritageFlag.objects.filter(
            record__in=records, kind=HeritageKind.LOCAL, item=None
        ).values_list("record_id", flat=True)
    )
    for record in records:
        if record.pk not in flagged:
            heritage.flag(actor, record, HeritageKind.LOCAL)
    return records


def _digitise(records: list[Record], library: Library, actor: str, folder: Path) -> int:
    """Publish small scans for the flagged records until all but one of SHARE of them are
    digitised (the queue's work makes the last one); returns how many were made."""
    wanted = round(SHARE * len(records))
    collection = Collection.objects.filter(library=library, kind=Collection.Kind.LOCAL_STUDIES)
    done = set(
        DigitalObject.objects.filter(
            record__in=records, status=DigitalObject.Status.PUBLISHED
        ).values_list("record_id", flat=True)
    )
    queued = set(DigitisationJob.objects.values_list("record_id", flat=True))
    made = 0
    # One short work (scanned whole in the demo) is kept for the queue; the others get a
    # sample page each.
    kept = next((r.pk for r in records if r.pk not in done and _short(r)), None)
    for record in records:
        if len(done) >= wanted - 1:
            break
        if record.pk in done or record.pk in queued or record.pk == kept:
            continue
        ingest(
            [_page(folder / f"dc-{record.pk}.png", record.title[:60] or "Địa chí")],
            library=library,
            identifier=f"dia-chi-{record.pk}",
            title=record.title or f"#{record.pk}",
            actor=actor,
            record=record,
            collection=collection.first(),
            rights=DigitalObject.Rights.PUBLIC_DOMAIN,
            partial=True,  # one sample page of each work, not the whole book
        )
        done.add(record.pk)
        made += 1
    return made


def _through_the_queue(records: list[Record], actor: str, folder: Path) -> bool:
    """One short work selected, scanned, checked, read, reviewed and published."""
    if DigitisationJob.objects.filter(record__in=records).exists():
        return False
    digitised = set(
        DigitalObject.objects.filter(record__in=records).values_list("record_id", flat=True)
    )
    record = next((r for r in records if r.pk not in digitised and _short(r)), None)
    if record is None:
        return False
    job = digitisation.select(actor, record, batch=BATCH)
    digitisation.move(actor, job, "scan")
    digitisation.attach_scans(actor, job, [_page(folder / "van-bia.png", PAGE)])
    digitisation.move(actor, job, "check")
    digitisation.move(actor, job, "pass", ocr="vie")
    job.refresh_from_db()
    if job.digital_object is not None:
        run_ocr(job.digital_object, workers=1)  # what the background job does, done now
    digitisation.move(actor, job, "review")
    digitisation.move(actor, job, "publish")
    return True


def _khmer(library: Library, actor: str, folder: Path) -> bool:
    if "khm" not in ocr.installed_languages():
        return False
    if DigitalObject.objects.filter(identifier="la-buong-soc-trang").exists():
        return False
    obj = ingest(
        [_page(folder / "khmer.png", KHMER, font="Khmer OS System 14")],
        library=library,
        identifier="la-buong-soc-trang",
        title="Kinh lá buông chùa Khleang, Sóc Trăng (trang mẫu)",
        actor=actor,
        rights=DigitalObject.Rights.PUBLIC_DOMAIN,
        dublin_core={"language": ["khm"]},
    )
    corrections.reocr_page(actor, obj.pages.get(), "khm")
    return True


def load(library: Library, actor: str) -> tuple[list[str], str]:
    """Make what is missing; returns (what was added, summary)."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        records = _flag(library, actor)
        made = _digitise(records, library, actor, folder)
        queued = _through_the_queue(records, actor, folder)
        khmer = _khmer(library, actor, folder)
    added = []
    if made or queued:
        added.append(_("{count} tài liệu địa chí số hoá").format(count=made + int(queued)))
    if khmer:
        added.append(_("1 trang tiếng Khmer"))
    held, done = heritage.by_library([library.pk], kinds=[HeritageKind.LOCAL]).get(
        library.pk, (0, 0)
    )
    summary = _(
        "địa chí: đã số hoá {done}/{held} ({share} %); hàng đợi: {published} đã công bố"
    ).format(
        done=done,
        held=held,
        share=round(100 * done / held) if held else 0,
        published=digitisation.progress([library.pk])[DigitisationJob.State.PUBLISHED],
    )
    if DigitalObject.objects.filter(identifier="la-buong-soc-trang", pages__ocr_done=True).exists():
        summary += _("; trang tiếng Khmer có văn bản OCR")
    return added, summary
