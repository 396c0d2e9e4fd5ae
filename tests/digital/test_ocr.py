"""OCR: a scanned Vietnamese page becomes text with word boxes, searchable inside the object
(IIIF Content Search 2.0) without diacritics, and a searchable PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from tests.digital import samples
from thuvien.digital import storage
from thuvien.digital.models import DigitalObject
from thuvien.digital.tasks import ocr_object

Ingest = Callable[..., DigitalObject]

pytestmark = pytest.mark.slow


@pytest.fixture
def gazetteer(tmp_path: Path, ingested: Ingest) -> DigitalObject:
    pages = [
        samples.scanned_page(tmp_path / "1.jpg"),
        samples.scanned_page(tmp_path / "2.jpg", turn=90),
    ]
    obj = ingested(pages, "dia-chi", ocr="vie")
    [job] = DBTaskResult.objects.all()  # queued with the object, in the same transaction
    assert job.task_path == "thuvien.digital.tasks.ocr_object"
    assert job.args_kwargs == {"args": [obj.pk], "kwargs": {}}
    assert ocr_object.call(obj.pk) == {"identifier": "dia-chi", "pages": 2}
    obj.refresh_from_db()
    return obj


def test_a_scanned_vietnamese_page_becomes_text_with_word_boxes(gazetteer: DigitalObject) -> None:
    first, turned = gazetteer.pages.all()
    assert gazetteer.ocr_pages_done == 2
    assert "Huyện Đầm Dơi nằm ở phía đông nam của tỉnh, giáp biển Đông." in first.ocr_text
    assert "thư viện đầu tiên của vùng được dựng bên bờ sông Gành Hào" in turned.ocr_text
    assert (first.orientation, turned.orientation) == (0, 270)
    hocr = storage.hocr_path("dia-chi", 1).read_text(encoding="utf-8")
    assert re.search(r"<span class='ocrx_word'[^>]*title='bbox \d+ \d+ \d+ \d+; x_wconf \d+'", hocr)


def test_content_search_and_the_pdf_find_words_without_diacritics(
    gazetteer: DigitalObject,
) -> None:
    response = Client().get("/iiif/search/dia-chi", {"q": "dam doi"})
    assert response.status_code == 200
    page = response.json()
    assert page["@context"] == "http://iiif.io/api/search/2/context.json"
    assert page["type"] == "AnnotationPage"
    hits = page["items"]
    assert [h["body"]["value"] for h in hits] == ["Đầm Dơi", "Đầm Dơi"]
    canvas, box = hits[0]["target"].split("#xywh=")
    assert canvas == "http://testserver/iiif/manifests/dia-chi/canvas/1"
    x, y, w, h = map(int, box.split(","))
    assert (300 < x < 900, 200 < y < 500) == (True, True)
    assert (w > 150, 30 < h < 120) == (True, True)
    assert hits[1]["target"].startswith("http://testserver/iiif/manifests/dia-chi/canvas/2#xywh=")
    same = Client().get("/iiif/search/dia-chi", {"q": "ĐẦM DƠI"}).json()["items"]
    assert [h["target"] for h in same] == [h["target"] for h in hits]
    assert Client().get("/iiif/search/dia-chi", {"q": "Hà Nội"}).json()["items"] == []
    manifest = Client().get("/iiif/manifests/dia-chi").json()
    assert manifest["rendering"][0]["id"] == "http://testserver/digital/dia-chi.pdf"
    assert manifest["service"] == [
        {"id": "http://testserver/iiif/search/dia-chi", "type": "SearchService2"}
    ]
    # The searchable PDF: every page with its text under the scan.
    response = Client().get("/digital/dia-chi.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = storage.object_dir("dia-chi") / "ocr" / "document.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    assert "Đầm Dơi" in reader.pages[0].extract_text()
    text = Client().get("/digital/dia-chi.txt").content.decode()
    assert text.startswith("--- 1 ---\nĐỊA CHÍ TỈNH CÀ MAU")
