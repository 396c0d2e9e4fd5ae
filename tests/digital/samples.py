"""Files the digital-library tests ingest: good scans and every kind of bad one, made here."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pyvips
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from thuvien.digital.screening import EICAR


def png(path: Path, width: int = 600, height: int = 400) -> Path:
    pyvips.Image.gaussnoise(width, height).cast("uchar").bandjoin([128, 200]).pngsave(str(path))
    return path


def jpeg(path: Path, width: int = 800, height: int = 600) -> Path:
    pyvips.Image.gaussnoise(width, height).cast("uchar").jpegsave(str(path), Q=90)
    return path


def truncated(source: Path, path: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(path: Path, side: int = 50_000) -> Path:
    """A PNG claiming side × side pixels in a few bytes (never decoded by a safe reader)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * side
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * 4))
        + _chunk(b"IEND", b"")
    )
    return path


def word_file(path: Path) -> Path:
    """The start of a Word 97-2003 document (OLE2 compound file)."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    return path


def eicar(path: Path) -> Path:
    path.write_bytes(EICAR + b"\r\n")
    return path


def pdf_pages(path: Path, pages: int = 3) -> Path:
    from PIL import Image

    images = [Image.new("RGB", (300, 420), (40 * n, 120, 200)) for n in range(pages)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=72)
    return path


def _blank_pdf() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    return writer


def pdf_with_javascript(path: Path) -> Path:
    writer = _blank_pdf()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('xin chào');"),
        }
    )
    writer.write(path)
    return path


def pdf_with_attachment(path: Path) -> Path:
    writer = _blank_pdf()
    writer.add_attachment("payload.exe", b"MZ not really")
    writer.write(path)
    return path


def pdf_with_launch(path: Path) -> Path:
    writer = _blank_pdf()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    writer.write(path)
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


GAZETTEER = """ĐỊA CHÍ TỈNH CÀ MAU
Huyện Đầm Dơi nằm ở phía đông nam của tỉnh, giáp biển Đông.
Người dân sống chủ yếu bằng nghề nuôi tôm, đánh bắt hải sản và trồng lúa.
Năm 1938, thư viện đầu tiên của vùng được dựng bên bờ sông Gành Hào.
Sách quý được lưu giữ cẩn thận qua nhiều thế hệ."""


def scanned_page(path: Path, text: str = GAZETTEER, turn: int = 0) -> Path:
    """A page as a scanner gives it: printed Vietnamese at 300 dpi, speckled, a little askew
    (and turned a quarter when ``turn`` says so)."""
    printed = pyvips.Image.text(text, font="DejaVu Serif 12", dpi=300, width=2200)
    page = printed.embed(150, 200, printed.width + 300, printed.height + 400, extend="black")
    page = (255 - page).cast("uchar")
    # Seeded: the same speckles every run, so what Tesseract reads cannot change between runs
    # (unseeded, one CI run in many read "biển Đông" as "biển Đồng").
    speckle = pyvips.Image.gaussnoise(page.width, page.height, sigma=12, mean=0, seed=1)
    page = (page + speckle).cast("uchar").rotate(0.6, background=[255])
    if turn:
        page = page.rot(f"d{turn}")
    page.jpegsave(str(path), Q=80)
    return path


def multipage_tiff(path: Path, sizes: list[tuple[int, int]]) -> Path:
    """A scanner's multi-page TIFF: one directory per page, sizes (and so orientations) mixed,
    colour and grey pages mixed."""
    from PIL import Image

    images = [
        Image.new("RGB" if n % 2 == 0 else "L", size, (30 * n, 90, 160) if n % 2 == 0 else 100)
        for n, size in enumerate(sizes)
    ]
    images[0].save(path, save_all=True, append_images=images[1:], compression="tiff_lzw")
    return path


def pyramidal_tiff(path: Path, width: int = 1000, height: int = 700) -> Path:
    """One page with its reduced-resolution levels, as libvips and many scanners write it."""
    pyvips.Image.gaussnoise(width, height).cast("uchar").tiffsave(
        str(path), tile=True, pyramid=True
    )
    return path


def turned_tiff(path: Path, width: int = 200, height: int = 300) -> Path:
    """A page whose TIFF Orientation tag (6) says it is shown turned 90° clockwise."""
    from PIL import Image

    Image.new("RGB", (width, height), (200, 10, 10)).save(path, tiffinfo={274: 6})
    return path


def pdf_mixed(path: Path) -> Path:
    """Portrait, landscape, and a portrait page with /Rotate 90 (shown landscape)."""
    from PIL import Image

    images = [Image.new("RGB", size, (90, 90, 90)) for size in [(300, 420), (420, 300), (300, 420)]]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=72)
    writer = PdfWriter(clone_from=str(path))
    writer.pages[2].rotate(90)
    writer.write(str(path))
    return path
