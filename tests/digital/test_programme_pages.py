"""Staff pages of the digitisation programme: rules previewed and applied, the KPI table, a
flag set on the record page, the queue with its buttons, a page's OCR text corrected."""

from __future__ import annotations

from django.test import Client

from thuvien.digital import digitisation
from thuvien.digital.models import DigitalObject, DigitisationJob, HeritageFlag, Page
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.api import book, import_records


def _client(role: Role, library: Library | None) -> Client:
    client = Client()
    client.force_login(factories.staff(role, library))
    return client


def test_a_rule_from_the_page_then_the_kpi(library: Library) -> None:
    old, _new = import_records(
        library, book("a", "Phủ biên tạp lục", year="1776"), book("b", "Sách mới")
    )
    DigitalObject.objects.create(identifier="pbtl", library=library, record=old, title="x")
    client = _client(Role.CATALOGUER, library)
    answer = client.post(
        "/staff/digital/programme/",
        {"library": library.pk, "kind": "rare", "name": "Sách cổ", "published_before": "1900"},
    )
    assert answer.status_code == 302
    preview = client.get(answer["Location"])
    assert "Áp dụng bây giờ sẽ đánh dấu 1 biểu ghi." in preview.content.decode()
    assert HeritageFlag.objects.count() == 0
    client.post(answer["Location"])
    assert HeritageFlag.objects.get().record_id == old.pk
    page = client.get("/staff/digital/programme/").content.decode()
    assert "<td>Quý hiếm, cổ</td><td>1</td><td>1</td><td>100,0 %</td>" in page
    empty = client.post("/staff/digital/programme/", {"library": library.pk, "kind": "rare"})
    assert "Quy tắc cần ít nhất một điều kiện" in empty.content.decode()
    clerk = _client(Role.CIRCULATION_CLERK, library)
    assert clerk.get("/staff/digital/programme/").status_code == 200  # the figures
    assert clerk.get("/staff/digital/programme/queue/").status_code == 403


def test_flag_on_the_record_page_and_move_through_the_queue(library: Library) -> None:
    (record,) = import_records(library, book("c", "Địa chí Bạc Liêu"))
    client = _client(Role.CATALOGUER, library)
    client.post(f"/staff/digital/programme/records/{record.pk}/flag/", {"kind": "local"})
    shown = client.get(f"/staff/records/{record.pk}/").content.decode()
    assert "Địa chí · Cán bộ đánh dấu" in shown
    answer = client.post("/staff/digital/programme/queue/", {"record": record.pk, "batch": "Đợt 1"})
    job = DigitisationJob.objects.get()
    assert answer["Location"] == f"/staff/digital/programme/queue/{job.pk}/"
    queue = client.get("/staff/digital/programme/queue/?state=selected").content.decode()
    assert "Bắt đầu quét</button>" in queue
    client.post(f"/staff/digital/programme/queue/{job.pk}/scan/", {"back": "queue"})
    job.refresh_from_db()
    assert job.state == "scanning"
    refused = client.post(f"/staff/digital/programme/queue/{job.pk}/publish/", follow=True)
    assert "Không thể công bố tài liệu trong hàng đợi số hoá" in refused.content.decode()
    assert digitisation.progress([library.pk])["scanning"] == 1


def test_staff_correct_a_page(library: Library) -> None:
    obj = DigitalObject.objects.create(identifier="trang", library=library, title="x")
    Page.objects.create(
        digital_object=obj,
        sequence=1,
        original="a.png",
        media_type="image/png",
        sha256="0",
        size=1,
        width=10,
        height=10,
        ocr_text="Bac Lieu",
        ocr_done=True,
        ocr_confidence=71.5,
    )
    client = _client(Role.CATALOGUER, library)
    page = client.get("/staff/digital/programme/pages/trang/1/").content.decode()
    assert '<dd id="confidence">71,5 %</dd>' in page
    client.post("/staff/digital/programme/pages/trang/1/", {"text": "Bạc Liêu"})
    assert Page.objects.get().ocr_text == "Bạc Liêu"
