"""Ingest loses no page: every page of a multi-page TIFF or PDF, mixed orientations, files in
natural order or by a page list, and a page count stated by the source checked before anything
is kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.digital import samples
from thuvien.digital import storage
from thuvien.digital.errors import Rejected
from thuvien.digital.models import DigitalObject
from thuvien.network.models import Library
from thuvien.testing import factories
from thuvien.testing.search import import_records

Ingest = Callable[..., DigitalObject]


def nothing_left_behind() -> None:
    """No object, no folder: a refusal found before the copy, or after it, leaves nothing."""
    assert not DigitalObject.objects.exists()
    root = storage.root()
    if root.exists():
        assert [p.name for p in root.iterdir() if p.name != ".incoming"] == []
        assert list((root / ".incoming").iterdir()) == []


def shapes(obj: DigitalObject) -> list[tuple[int, str, int, int]]:
    return [(p.sequence, p.original, p.width, p.height) for p in obj.pages.all()]


def test_every_page_of_a_scanners_multipage_tiff_is_kept(tmp_path: Path, ingested: Ingest) -> None:
    scan = samples.multipage_tiff(tmp_path / "scan.tif", [(200, 300), (300, 200), (210, 290)])
    obj = ingested([scan])
    assert shapes(obj) == [
        (1, "original/0001.tif", 200, 300),
        (2, "original/0001.tif", 300, 200),  # a landscape page between portrait ones
        (3, "original/0001.tif", 210, 290),
    ]


def test_a_pyramidal_tiff_is_one_page_not_one_per_level(tmp_path: Path, ingested: Ingest) -> None:
    obj = ingested([samples.pyramidal_tiff(tmp_path / "map.tif")])
    assert shapes(obj) == [(1, "original/0001.tif", 1000, 700)]


def test_orientations_recorded_in_the_files_are_applied(tmp_path: Path, ingested: Ingest) -> None:
    obj = ingested([samples.turned_tiff(tmp_path / "a.tif"), samples.pdf_mixed(tmp_path / "b.pdf")])
    assert shapes(obj) == [
        (1, "original/0001.tif", 300, 200),  # Orientation 6: shown turned
        (2, "original/0002.pdf", 833, 1167),
        (3, "original/0002.pdf", 1167, 833),
        (4, "original/0002.pdf", 1167, 833),  # /Rotate 90
    ]


def test_a_folder_is_read_in_natural_order(tmp_path: Path, ingested: Ingest) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    for number in (10, 2, 1):
        samples.png(folder / f"p{number}.png", 100 + number, 100)
    obj = ingested([folder])
    assert [p.width for p in obj.pages.all()] == [101, 102, 110]


def test_a_page_list_orders_the_folder_and_states_the_count(
    tmp_path: Path, ingested: Ingest
) -> None:
    folder = tmp_path / "dia-chi"
    folder.mkdir()
    samples.png(folder / "bia-truoc.png", 101, 100)
    samples.pdf_pages(folder / "ruot.pdf", pages=2)
    samples.multipage_tiff(folder / "bia-sau.tif", [(103, 100), (104, 100)])
    (folder / "pages.txt").write_text(
        "# bìa, ruột, bìa sau\npages: 5\nbia-truoc.png\nruot.pdf\nbia-sau.tif\n", encoding="utf-8"
    )
    obj = ingested([folder])
    assert [p.width for p in obj.pages.all()] == [101, 833, 833, 103, 104]


@pytest.mark.parametrize(
    ("listing", "reason"),
    [
        (
            "pages: 6\na.png\nb.tif\n",
            "pages.txt ghi 6 trang nhưng các tệp có 3 trang; không nhập gì cả. Hãy kiểm tra "
            "trang thiếu hoặc thừa, hoặc sửa số trang.",
        ),
        (
            "pages: 2\na.png\nb.tif\n",
            "pages.txt ghi 2 trang nhưng các tệp có 3 trang; không nhập gì cả. Hãy kiểm tra "
            "trang thiếu hoặc thừa, hoặc sửa số trang.",
        ),
        ("a.png\nc.png\nb.tif\n", "pages.txt dòng 2: không có tệp c.png trong thư mục."),
        ("a.png\nb.tif\na.png\n", "pages.txt dòng 3: tệp a.png đã có ở dòng trên."),
        (
            "b.tif\n",
            "Thư mục có tệp không ghi trong pages.txt: a.png. Hãy ghi chúng vào danh sách hoặc "
            "chuyển ra khỏi thư mục.",
        ),
    ],
)
def test_a_page_list_that_does_not_match_the_files_refuses_everything(
    tmp_path: Path, ingested: Ingest, listing: str, reason: str
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    samples.png(folder / "a.png")
    samples.multipage_tiff(folder / "b.tif", [(100, 150), (150, 100)])
    (folder / "pages.txt").write_text(listing, encoding="utf-8")
    with pytest.raises(Rejected) as refused:
        ingested([folder])
    assert refused.value.message == reason
    nothing_left_behind()


def test_the_records_extent_is_a_count_the_scans_must_reach(
    tmp_path: Path, ingested: Ingest, library: Library
) -> None:
    extent = ["300", " ", " ", [["a", "ii, 2 tr. ;"], ["c", "21 cm"]]]
    import_records(library, [factories.marc("Địa chí", extra=[extent])])
    record = library.records.get()
    two = samples.multipage_tiff(tmp_path / "two.tif", [(100, 100), (100, 100), (100, 100)])
    with pytest.raises(Rejected) as refused:
        ingested([two], record=record)
    assert refused.value.message == (
        f"biểu ghi {record.pk} (300 $a) ghi 4 trang nhưng các tệp có 3 trang; không nhập gì cả. "
        "Hãy kiểm tra trang thiếu hoặc thừa, hoặc sửa số trang."
    )
    nothing_left_behind()
    sample = ingested([two], "sample", record=record, partial=True)  # knowingly a part
    assert sample.pages.count() == 3
    with_covers = samples.multipage_tiff(tmp_path / "six.tif", [(100, 100)] * 6)
    assert ingested([with_covers], record=record).pages.count() == 6  # covers are extra pages


def test_a_batch_row_states_its_pages(
    tmp_path: Path, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    samples.multipage_tiff(tmp_path / "hai.tif", [(100, 140), (140, 100)])
    samples.multipage_tiff(tmp_path / "mot.tif", [(100, 140)])
    (tmp_path / "manifest.csv").write_text(
        "id,title,files,pages\nhai,Hai trang,hai.tif,2\nthieu,Thiếu trang,mot.tif,2\n"
        "sai,Sai số,mot.tif,một\n",
        encoding="utf-8",
    )
    call_command("ingest", manifest=str(tmp_path / "manifest.csv"), library=library.code)
    assert capsys.readouterr().err.splitlines() == [
        "  bị loại: dòng 3 (thieu): tệp kê khai (cột pages) ghi 2 trang nhưng các tệp có 1 "
        "trang; không nhập gì cả. Hãy kiểm tra trang thiếu hoặc thừa, hoặc sửa số trang.",
        "  bị loại: dòng 4 (sai): Cột pages phải là một số trang, không phải “một”.",
    ]
    assert list(DigitalObject.objects.values_list("identifier", flat=True)) == ["hai"]
    assert DigitalObject.objects.get().pages.count() == 2
