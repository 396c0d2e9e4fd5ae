"""OCR beyond Vietnamese and OCR text put right: a printed Khmer page read by Tesseract
``khm``, its confidence kept; staff correcting a page and readers proposing corrections; search
and IIIF Content Search reading the corrected text."""

from __future__ import annotations

from pathlib import Path

import pytest
import pyvips

from thuvien.digital import corrections, searching, services
from thuvien.digital.errors import AccessDenied
from thuvien.digital.indexing import texts_between
from thuvien.digital.models import OcrProposal, Page
from thuvien.errors import InvalidInput, NotPermitted
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.api import book, import_records

KHMER = "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ\nបណ្ណាល័យខេត្តសុខត្រាំង"


def khmer_page(path: Path) -> Path:
    """A printed Khmer page: Pango sets the text in Khmer OS System (fonts-khmeros)."""
    dpi = 300
    ink = pyvips.Image.text(KHMER, dpi=dpi, width=7 * dpi, font="Khmer OS System 14")
    ink = ink.embed(dpi // 2, dpi // 2, ink.width + dpi, ink.height + dpi)
    (255 - ink).cast("uchar").copy(xres=dpi / 25.4, yres=dpi / 25.4).pngsave(str(path))
    return path


def _object(tmp_path: Path, library: Library) -> Page:
    record = import_records(library, book("kh1", "Sách lá buông Sóc Trăng"))[0]
    obj = services.ingest(
        [khmer_page(tmp_path / "khmer.png")],
        library=library,
        identifier="la-buong-1",
        title="Sách lá buông Sóc Trăng",
        actor="test",
        record=record,
    )
    return obj.pages.get()


def test_a_khmer_page_read_with_khm_is_searchable(tmp_path: Path, library: Library) -> None:
    page = _object(tmp_path, library)
    user = factories.staff(Role.CATALOGUER, library)
    page = corrections.reocr_page(user, page, "khm")
    assert "សាសនា" in page.ocr_text
    assert "បណ្ណាល័យខេត្តសុខត្រាំង" in page.ocr_text
    assert page.ocr_language == "khm"
    assert page.ocr_confidence is not None
    assert page.ocr_confidence > 60
    hits = searching.find(page.digital_object, "បណ្ណាល័យខេត្តសុខត្រាំង")
    assert [(h.sequence, h.text) for h in hits] == [(1, "បណ្ណាល័យខេត្តសុខត្រាំង")]
    record_id = page.digital_object.record_id
    assert "សាសនា" in texts_between(record_id, record_id)[record_id][0]
    with pytest.raises(InvalidInput) as unknown:
        corrections.reocr_page(user, page, "xyz")
    assert unknown.value.message == "Ngôn ngữ OCR không hỗ trợ: xyz (dùng vie, eng, khm…)."


def test_corrections_by_staff_and_by_readers_are_what_search_reads(
    tmp_path: Path, library: Library
) -> None:
    page = _object(tmp_path, library)
    staff = factories.staff(Role.CATALOGUER, library)
    corrections.correct(staff, page, "Sách kinh chép tay trên lá buông, chùa Khleang")
    page.refresh_from_db()
    assert page.ocr_corrected
    assert page.ocr_done
    hits = searching.find(page.digital_object, "chùa Khleang")
    assert [(h.text, h.box) for h in hits] == [("chùa Khleang", (0, 0, page.width, page.height))]
    reader = factories.staff(Role.CIRCULATION_CLERK, factories.library())
    proposal = corrections.propose(reader, page, "Sách kinh chép tay trên lá buông, chùa Kh'leang")
    assert proposal.state == OcrProposal.State.PENDING
    with pytest.raises(NotPermitted) as outsider:
        corrections.decide(reader, proposal, "accept")
    assert outsider.value.code == "permission.denied"
    corrections.decide(staff, proposal, "accept")
    page.refresh_from_db()
    assert page.ocr_text.endswith("chùa Kh'leang")
    record_id = page.digital_object.record_id
    assert texts_between(record_id, record_id)[record_id] == [page.ocr_text]
    with pytest.raises(IllegalTransition):
        corrections.decide(staff, proposal, "refuse")
    page.digital_object.access = "restricted"
    page.digital_object.save()
    with pytest.raises(AccessDenied):
        corrections.propose(reader, page, "x")


def test_a_reader_signed_in_with_a_card_proposes_on_the_portal(library: Library) -> None:
    from django.test import Client

    from thuvien.circulation.models import Patron
    from thuvien.digital.models import DigitalObject
    from thuvien.http import READER_CARD_KEY, READER_SESSION_KEY

    obj = DigitalObject.objects.create(identifier="dc", library=library, title="Địa chí")
    Page.objects.create(
        digital_object=obj, sequence=1, original="a.png", media_type="image/png",
        sha256="0", size=1, width=10, height=10, ocr_text="Bac Lieu", ocr_done=True,
    )  # fmt: skip
    anonymous = Client()
    form = anonymous.get("/digital/dc/pages/1/text")
    assert "Đăng nhập để gửi đề xuất sửa" in form.content.decode()
    assert anonymous.post("/digital/dc/pages/1/text", {"text": "x"}).status_code == 302
    patron = Patron.objects.create(home_library=library, card_number="BL-1", full_name="Bạn đọc")
    reader = Client()
    session = reader.session
    session[READER_SESSION_KEY] = patron.pk
    session[READER_CARD_KEY] = "BL-1"
    session.save()
    sent = reader.post("/digital/dc/pages/1/text", {"text": "Bạc Liêu"})
    assert "Đã gửi đề xuất; cảm ơn bạn." in sent.content.decode()
    proposal = OcrProposal.objects.get()
    assert (proposal.text, proposal.proposer_label) == ("Bạc Liêu", "reader:BL-1")
    staff = Client()
    staff.force_login(factories.staff(Role.CATALOGUER, library))
    listed = staff.get("/staff/digital/programme/proposals/").content.decode()
    assert "reader:BL-1" in listed
    staff.post(f"/staff/digital/programme/proposals/{proposal.pk}/accept/")
    assert Page.objects.get().ocr_text == "Bạc Liêu"
    obj.access = "restricted"
    obj.save()
    assert reader.get("/digital/dc/pages/1/text").status_code in (403, 404)
