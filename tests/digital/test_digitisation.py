"""The digitisation queue: every move through the lifecycle engine, the quality check on the
pixels refusing a bad scan, OCR, review and publication; the figures per library."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from tests.digital import pages
from thuvien.digital import digitisation, quality
from thuvien.digital.models import DigitalObject, DigitisationJob
from thuvien.digital.tasks import run_ocr
from thuvien.errors import Conflict, InvalidInput
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.services import history
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.api import book, import_records


def _record(library: Library, extent: str = "3 tr.") -> object:
    return import_records(
        library, book("dc1", "Địa chí Cà Mau", extra=[["300", " ", " ", [["a", extent]]]])
    )[0]


def test_a_bad_scan_is_refused_and_a_good_one_published(tmp_path: Path, library: Library) -> None:
    record = _record(library, "4 tr. ; 21 cm")
    user = factories.staff(Role.CATALOGUER, library)
    job = digitisation.select(user, record, batch="Địa chí 2026")
    with pytest.raises(InvalidInput) as early:
        digitisation.move(user, job, "scan") and digitisation.move(user, job, "check")
    assert early.value.message == f"Tài liệu #{record.pk} chưa có ảnh quét: nhập ảnh quét trước."
    bad = tmp_path / "bad"
    bad.mkdir()
    pages.text_page(bad / "1.png", pages.lines(1))
    pages.text_page(bad / "2.png", pages.lines(2), angle=3.0)
    pages.blank_page(bad / "3.png")
    digitisation.attach_scans(user, job, [bad])
    job = digitisation.move(user, job, "check")
    found = [(f["check"], f["page"]) for f in job.quality["findings"]]
    assert found == [("pages", None), ("skew", 2), ("blank", 3)]
    assert job.quality["findings"][0]["message"] == (
        "Có 3 trang quét, biểu ghi ghi 4 trang (trường 300 $a): quét bổ sung trang thiếu."
    )
    with pytest.raises(Conflict) as refused:
        digitisation.move(user, job, "pass")
    assert refused.value.message.startswith("Chưa đạt kiểm tra chất lượng (3 lỗi)")
    digitisation.move(user, job, "rescan", note="quét lại trang 2, 3")
    good = tmp_path / "good"
    good.mkdir()
    for n in range(1, 5):
        pages.text_page(good / f"{n}.png", pages.lines(n))
    digitisation.attach_scans(user, job, [good])
    job = digitisation.move(user, job, "check")
    assert job.quality == {"passed": True, "findings": []}
    assert job.pages == 4
    job = digitisation.move(user, job, "pass")
    obj = DigitalObject.objects.get(record=record)
    assert (obj.status, obj.ocr_languages) == ("submitted", "vie")
    with pytest.raises(Conflict) as waiting:
        digitisation.move(user, job, "review")
    assert waiting.value.message == "OCR chưa xong: 0/4 trang có chữ. Chờ OCR chạy xong."
    run_ocr(obj)
    digitisation.move(user, job, "review")
    job = digitisation.move(user, job, "publish")
    obj.refresh_from_db()
    assert obj.status == "published"
    moves = [(t.action, t.to_state, t.actor_label) for t in history(job)]
    assert [m[0] for m in moves] == [
        "select",
        "scan",
        "check",
        "rescan",
        "check",
        "pass",
        "review",
        "publish",
    ]
    assert {m[2] for m in moves} == {user.get_username()}
    with pytest.raises(IllegalTransition):
        digitisation.move(user, job, "scan")
    today = timezone.now()
    out = digitisation.figures(
        today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    )
    assert (out[library.pk].items, out[library.pk].pages) == (1, 4)
    assert digitisation.progress([library.pk], "Địa chí 2026")["published"] == 1


def test_duplicate_sideways_and_low_resolution_pages_are_found(
    tmp_path: Path, library: Library
) -> None:
    record = _record(library)
    job = digitisation.select("test", record)
    digitisation.move("test", job, "scan")
    folder = tmp_path / "scans"
    folder.mkdir()
    pages.text_page(folder / "1.png", pages.lines(1))
    pages.text_page(folder / "2.png", pages.lines(1))
    pages.text_page(folder / "3.png", pages.lines(3), sideways=True)
    pages.text_page(folder / "4.png", pages.lines(4), dpi=150)
    digitisation.attach_scans("test", job, [folder])
    job = digitisation.move("test", job, "check")
    found = [(f["check"], f["page"]) for f in job.quality["findings"]]
    assert found == [("duplicate", 2), ("orientation", 3), ("resolution", 4)]


def test_the_extent_is_read_from_300a() -> None:
    from thuvien.catalogue.marc import MarcRecord

    def extent(value: str) -> int | None:
        return quality.expected_pages(MarcRecord("", [["300", " ", " ", [["a", value]]]]))

    assert extent("245 tr. : ảnh ; 21 cm") == 245
    assert extent("xii, 180 p.") == 180
    assert extent("45 lá") == 45
    assert extent("1 tập") is None
    assert DigitisationJob.State.CHECKING.label == "Kiểm tra chất lượng"
