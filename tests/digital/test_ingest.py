"""Ingest: every page screened, hashed and tiled; every bad file refused with a plain reason
and nothing half-ingested."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.digital import samples
from thuvien.audit.models import AuditEntry
from thuvien.digital import storage
from thuvien.digital.errors import Rejected
from thuvien.digital.models import Collection, DigitalObject
from thuvien.errors import Conflict
from thuvien.network.models import Library, Role
from thuvien.testing import factories

Ingest = Callable[..., DigitalObject]


def nothing_left_behind() -> None:
    assert not DigitalObject.objects.exists()
    root = storage.root()
    assert [p.name for p in root.iterdir() if p.name != ".incoming"] == []
    assert list((root / ".incoming").iterdir()) == []


def test_pages_are_kept_byte_for_byte_with_their_checksums_and_tiles(
    tmp_path: Path, ingested: Ingest
) -> None:
    first = samples.png(tmp_path / "trang-1.png")
    second = samples.jpeg(tmp_path / "trang-2.jpg")
    obj = ingested([first, second], identifier="dia-chi-1", access="onsite")
    pages = list(obj.pages.all())
    assert [(p.sequence, p.media_type, p.width, p.height) for p in pages] == [
        (1, "image/png", 600, 400),
        (2, "image/jpeg", 800, 600),
    ]
    folder = storage.object_dir("dia-chi-1")
    assert (folder / "original" / "0001.png").read_bytes() == first.read_bytes()
    assert pages[0].sha256 == hashlib.sha256(first.read_bytes()).hexdigest()
    assert pages[1].derivative_sha256 == storage.sha256_of(folder / "tiles" / "0002.tif")
    entry = AuditEntry.objects.get(object_type="digital object")
    assert entry.summary == "dia-chi-1: 2 pages ingested (onsite)"


def test_a_pdf_is_split_into_pages(tmp_path: Path, ingested: Ingest) -> None:
    obj = ingested([samples.pdf_pages(tmp_path / "sach.pdf", pages=3)])
    pages = list(obj.pages.all())
    assert [p.sequence for p in pages] == [1, 2, 3]
    assert {p.original for p in pages} == {"original/0001.pdf"}
    assert (pages[0].width, pages[0].height) == (833, 1167)  # 300 × 420 pt at 200 dpi


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            lambda d: samples.word_file(d / "scan.tif"),
            "Loại tệp không được nhận: tài liệu Microsoft Office cũ (Word/Excel .doc/.xls). "
            "Chỉ nhận TIFF, JPEG, PNG, JPEG 2000 và PDF.",
        ),
        (
            lambda d: samples.eicar(d / "scan.jpg"),
            "Tệp chứa mã độc (mẫu thử EICAR) và đã bị từ chối.",
        ),
        (
            lambda d: samples.png_bomb(d / "bomb.png"),
            "Ảnh quá lớn: 50000 × 50000 điểm ảnh (tối đa 40000 mỗi cạnh và 200 triệu điểm "
            "ảnh); có thể là một 'quả bom giải nén'.",
        ),
        (
            lambda d: samples.truncated(samples.jpeg(d / "a.jpg"), d / "cut.jpg"),
            "Tệp hỏng hoặc bị cắt cụt, không đọc được: ",
        ),
        (
            lambda d: samples.pdf_with_javascript(d / "js.pdf"),
            "Tệp PDF chứa nội dung chủ động (JavaScript) và bị từ chối",
        ),
        (
            lambda d: samples.pdf_with_attachment(d / "att.pdf"),
            "Tệp PDF chứa nội dung chủ động (tệp đính kèm) và bị từ chối",
        ),
        (
            lambda d: samples.pdf_with_launch(d / "launch.pdf"),
            "Tệp PDF chứa nội dung chủ động (lệnh chạy chương trình (Launch)) và bị từ chối",
        ),
        (
            lambda d: samples.truncated(samples.pdf_pages(d / "a.pdf"), d / "cut.pdf"),
            "Tệp PDF bị cắt cụt (thiếu phần kết thúc %%EOF). Hãy tải lên lại tệp đầy đủ.",
        ),
        (lambda d: samples.empty(d / "empty.png"), "Tệp rỗng."),
    ],
)
def test_bad_files_are_refused_with_a_plain_reason_and_nothing_is_half_ingested(
    tmp_path: Path, ingested: Ingest, make: Callable[[Path], Path], reason: str
) -> None:
    good = samples.png(tmp_path / "good.png")
    bad = make(tmp_path)
    with pytest.raises(Rejected) as caught:
        ingested([good, bad])
    assert caught.value.message.startswith(f"{bad.name}: ")
    assert reason in caught.value.message
    assert caught.value.status == 422
    nothing_left_behind()


def test_a_refusal_names_what_the_file_is_in_english_too(
    tmp_path: Path, ingested: Ingest, in_english: None
) -> None:
    with pytest.raises(Rejected) as caught:
        ingested([samples.word_file(tmp_path / "scan.tif")])
    assert caught.value.message == (
        "scan.tif: Unsupported file type (detected from its content, not its name): an old "
        "Microsoft Office document (Word/Excel .doc/.xls). Send TIFF, JPEG, PNG, JPEG 2000 or PDF."
    )
    with pytest.raises(Rejected) as caught:
        ingested([samples.pdf_with_launch(tmp_path / "launch.pdf")])
    assert caught.value.message == (
        "launch.pdf: The PDF contains active content (a Launch action) and was refused; export "
        "it again as plain printed pages."
    )


def test_an_identifier_is_used_once(tmp_path: Path, ingested: Ingest) -> None:
    ingested([samples.png(tmp_path / "a.png")], identifier="once")
    with pytest.raises(Conflict, match=r"^Đã có đối tượng số mã once\.$"):
        ingested([samples.png(tmp_path / "b.png")], identifier="once")


def test_identifiers_are_safe_in_urls_and_paths(tmp_path: Path, ingested: Ingest) -> None:
    with pytest.raises(Rejected, match=re.escape("Mã đối tượng '../etc' không hợp lệ")):
        ingested([samples.png(tmp_path / "a.png")], identifier="../etc")


def test_only_cataloguing_staff_of_the_library_may_ingest(tmp_path: Path, library: Library) -> None:
    from thuvien.digital.services import ingest
    from thuvien.errors import NotPermitted

    clerk = factories.staff(Role.CIRCULATION_CLERK, library)
    with pytest.raises(NotPermitted):
        ingest(
            [samples.png(tmp_path / "a.png")],
            library=library,
            identifier="x",
            title="X",
            actor=clerk,
        )
    cataloguer = factories.staff(Role.CATALOGUER, library)
    obj = ingest(
        [samples.png(tmp_path / "a.png")],
        library=library,
        identifier="x",
        title="X",
        actor=cataloguer,
    )
    assert obj.pages.count() == 1


def test_the_ingest_command(
    tmp_path: Path, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    samples.png(folder / "002.png")
    samples.png(folder / "001.png", 300, 300)
    call_command(
        "ingest",
        str(folder),
        library=library.code,
        identifier="gia-pha",
        title="Gia phả họ Nguyễn",
        access="request",
    )
    assert capsys.readouterr().out.strip() == "gia-pha: 2 trang → VN-DL0001 (request)"
    obj = DigitalObject.objects.get(identifier="gia-pha")
    assert [(p.width, p.height) for p in obj.pages.all()] == [(300, 300), (600, 400)]
    with pytest.raises(CommandError, match=r"^x\.tif: Tệp chứa mã độc \(mẫu thử EICAR\)"):
        call_command(
            "ingest",
            str(samples.eicar(tmp_path / "x.tif")),
            library=library.code,
            identifier="bad",
            title="X",
        )


def test_the_ingest_command_files_the_object_in_a_collection(
    tmp_path: Path, library: Library
) -> None:
    maps = Collection.objects.create(code="dia-chi", name_vi="Địa chí", library=library)
    samples.png(tmp_path / "001.png")
    options = {"library": library.code, "identifier": "ban-do", "title": "Bản đồ"}
    with pytest.raises(CommandError, match=r"^Không có bộ sưu tập ban-do\.$"):
        call_command("ingest", str(tmp_path / "001.png"), collection="ban-do", **options)
    assert not DigitalObject.objects.exists()
    call_command("ingest", str(tmp_path / "001.png"), collection="dia-chi", **options)
    assert list(maps.digital_objects.values_list("identifier", flat=True)) == ["ban-do"]


def test_a_batch_from_a_csv_manifest_goes_on_past_a_bad_row(
    tmp_path: Path, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "lo"
    (folder / "dia-chi").mkdir(parents=True)
    samples.png(folder / "dia-chi" / "001.png")
    samples.png(folder / "dia-chi" / "002.png")
    samples.pdf_pages(folder / "gia-pha.pdf", pages=2)
    samples.eicar(folder / "xau.jpg")
    (folder / "manifest.csv").write_text(
        "id,title,files,access,rights,creator,date\n"
        "dia-chi,Địa chí Cà Mau,dia-chi/,open,public-domain,Nguyễn Văn A,1938\n"
        "xau,Tệp xấu,xau.jpg,open,unknown,,\n"
        "gia-pha,Gia phả họ Lê,gia-pha.pdf|dia-chi/001.png,request,unknown,,\n",
        encoding="utf-8",
    )
    call_command("ingest", manifest=str(folder / "manifest.csv"), library=library.code)
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "  bị loại: dòng 3 (xau): xau.jpg: Tệp chứa mã độc (mẫu thử EICAR) và đã bị từ chối.",
    ]
    assert captured.out.splitlines() == [
        "manifest.csv → VN-DL0001: đọc 3, mới 2, cập nhật 0, không đổi 0, bị loại 1.",
        "5 trang.",
    ]
    first = DigitalObject.objects.get(identifier="dia-chi")
    assert first.dublin_core == {"creator": ["Nguyễn Văn A"], "date": ["1938"]}
    assert DigitalObject.objects.get(identifier="gia-pha").pages.count() == 3


@pytest.mark.parametrize(("suffix", "media_type"), [("tif", "image/tiff"), ("jp2", "image/jp2")])
def test_tiff_and_jpeg_2000_scans(
    tmp_path: Path, ingested: Ingest, suffix: str, media_type: str
) -> None:
    import pyvips

    path = tmp_path / f"scan.{suffix}"
    pyvips.Image.gaussnoise(500, 700).cast("uchar").write_to_file(str(path))
    obj = ingested([path], f"scan-{suffix}")
    page = obj.pages.get()
    assert (page.media_type, page.width, page.height) == (media_type, 500, 700)
    assert page.original == f"original/0001.{suffix}"
