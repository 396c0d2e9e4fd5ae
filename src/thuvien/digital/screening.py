"""Screening of every file offered for ingest, before anything is stored.

The type comes from the content (magic bytes), never from the name: a Word file renamed
``.tif`` is a Word file. Sizes are checked from the header before any pixel is decoded (a
50,000 × 50,000 "bomb" is a few kilobytes of PNG), PDFs with active content are refused,
and a malware scan runs: our own EICAR check always, ClamAV when it has signatures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from thuvien import conf
from thuvien.digital.errors import Rejected

IMAGE_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "image/jp2": "jp2",
}
PDF = "application/pdf"

# The limits: a page of a large atlas scanned at 600 dpi is ~25,000 px on its long side.
MAX_SIDE = 40_000
MAX_PIXELS = 1_000_000_000

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CLAMAV_DB = Path("/var/lib/clamav")


@dataclass(frozen=True)
class Screened:
    media_type: str
    width: int = 0
    height: int = 0
    pages: int = 1


_OTHER_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tài liệu Microsoft Office cũ (Word/Excel .doc/.xls)"),
    (b"PK\x03\x04", "tệp nén ZIP (hoặc Word/Excel .docx/.xlsx)"),
    (b"GIF8", "ảnh GIF"),
    (b"RIFF", "tệp RIFF (WebP/AVI/WAV)"),
    (b"\x1f\x8b", "tệp nén gzip"),
    (b"MZ", "chương trình Windows (.exe)"),
    (b"\x7fELF", "chương trình Linux"),
    (b"{\\rtf", "văn bản RTF"),
)


def sniff(head: bytes) -> str:
    """The media type of a file from its first bytes, or :class:`Rejected` saying what it is."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "image/tiff"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xffO\xffQ"):
        return "image/jp2"
    if b"%PDF-" in head[:1024]:
        return PDF
    what = next((name for magic, name in _OTHER_KINDS if head.startswith(magic)), "")
    if not what:
        what = "không phải ảnh hay PDF / neither an image nor a PDF"
    raise Rejected(
        f"Loại tệp không được nhận: {what}. Chỉ nhận TIFF, JPEG, PNG, JPEG 2000 và PDF. / "
        f"Unsupported file type (detected from its content, not its name): {what}. "
        "Send TIFF, JPEG, PNG, JPEG 2000 or PDF.",
        detected=what,
    )


def _contains(path: Path, needle: bytes) -> bool:
    overlap = len(needle)
    tail = b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-overlap:]
    return False


def scan_for_malware(path: Path) -> None:
    """EICAR always (so the check is testable anywhere); ClamAV when signatures exist."""
    if _contains(path, EICAR):
        raise Rejected(
            "Tệp chứa mã độc (mẫu thử EICAR) và đã bị từ chối. / "
            "The file contains malware (the EICAR test signature) and was refused.",
            signature="EICAR-Test-File",
        )
    clamscan = shutil.which("clamscan")
    if clamscan is None or not any(CLAMAV_DB.glob("*.c[lv]d")):
        return
    result = subprocess.run(  # noqa: S603 - fixed program, our own temporary path
        [clamscan, "--no-summary", "--infected", "--stdout", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 1:
        found = result.stdout.strip().rsplit(":", 1)[-1].replace("FOUND", "").strip()
        raise Rejected(
            f"ClamAV phát hiện mã độc ({found}); tệp bị từ chối. / "
            f"ClamAV found malware ({found}); the file was refused.",
            signature=found,
        )


def max_file_bytes() -> int:
    return conf.get_int("DIGITAL_MAX_FILE_MB") * 1024 * 1024


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise Rejected("Tệp rỗng. / The file is empty.")
    if size > max_file_bytes():
        raise Rejected(
            f"Tệp quá lớn ({size // (1024 * 1024)} MB; tối đa {max_file_bytes() // (1024 * 1024)} "
            f"MB). / The file is too large ({size // (1024 * 1024)} MB; the limit is "
            f"{max_file_bytes() // (1024 * 1024)} MB, THUVIEN_DIGITAL_MAX_FILE_MB).",
            size=size,
        )


def check_pixels(width: int, height: int) -> None:
    """The decompression-bomb guard: read from the header, before any pixel is decoded."""
    if width <= 0 or height <= 0:
        raise Rejected("Ảnh không có điểm ảnh nào. / The image has no pixels.")
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise Rejected(
            f"Ảnh quá lớn: {width} × {height} điểm ảnh (tối đa {MAX_SIDE} mỗi cạnh và "
            f"{MAX_PIXELS // 1_000_000} triệu điểm ảnh); có thể là một 'quả bom giải nén'. / "
            f"The image is too large: {width} × {height} pixels (at most {MAX_SIDE} per side "
            f"and {MAX_PIXELS // 1_000_000} megapixels); it may be a decompression bomb.",
            width=width,
            height=height,
        )


def screen_image(path: Path, media_type: str) -> Screened:
    import pyvips

    try:
        image = pyvips.Image.new_from_file(str(path))  # reads the header only
        width, height = image.width, image.height
    except pyvips.Error as exc:
        raise damaged(exc) from None
    check_pixels(width, height)
    return Screened(media_type, width, height)


def damaged(exc: Exception) -> Rejected:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = lines[-1][:200] if lines else type(exc).__name__
    return Rejected(
        f"Tệp hỏng hoặc bị cắt cụt, không đọc được: {detail}. Hãy quét hoặc xuất lại tệp. / "
        f"The file is damaged or truncated and cannot be read: {detail}. "
        "Scan or export it again.",
        detail=detail,
    )


# Names whose presence anywhere in a PDF means active content.
_ACTIVE = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/Launch": "lệnh chạy chương trình (Launch) / a Launch action",
    "/EmbeddedFile": "tệp đính kèm / embedded files",
    "/EmbeddedFiles": "tệp đính kèm / embedded files",
    "/RichMedia": "nội dung đa phương tiện (RichMedia) / RichMedia",
    "/XFA": "biểu mẫu XFA / XFA forms",
    "/SubmitForm": "gửi biểu mẫu (SubmitForm) / SubmitForm actions",
    "/ImportData": "nhập dữ liệu (ImportData) / ImportData actions",
}
_PDF_EOF = re.compile(rb"%%EOF\s*$")


def screen_pdf(path: Path) -> Screened:
    """A PDF is accepted when it is whole, readable and has no active content."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import DictionaryObject, IndirectObject

    with path.open("rb") as stream:
        stream.seek(max(0, path.stat().st_size - 1024))
        if not _PDF_EOF.search(stream.read()):
            raise Rejected(
                "Tệp PDF bị cắt cụt (thiếu phần kết thúc %%EOF). Hãy tải lên lại tệp đầy đủ. / "
                "The PDF is truncated (its %%EOF end marker is missing). Upload the whole file.",
            )
    try:
        reader = PdfReader(str(path), strict=True)
        if reader.is_encrypted:
            raise Rejected("Tệp PDF được mã hoá. / The PDF is encrypted; send it unencrypted.")
        pages = len(reader.pages)
        numbers = [(num, gen) for gen, entries in reader.xref.items() for num in entries]
        numbers += [(num, 0) for num in reader.xref_objStm]
        for num, gen in numbers:
            obj = reader.get_object(IndirectObject(num, gen, reader))
            if isinstance(obj, DictionaryObject):
                _refuse_active(obj)
        _refuse_active(reader.trailer["/Root"].get_object())
    except Rejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged(exc) from None
    if pages == 0:
        raise Rejected("Tệp PDF không có trang nào. / The PDF has no pages.")
    return Screened(PDF, pages=pages)


def _refuse_active(obj: object, depth: int = 0) -> None:
    """Look through a dictionary and the direct (not referenced) objects inside it."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 32 or isinstance(obj, IndirectObject):
        return  # referenced objects are visited on their own
    if isinstance(obj, ArrayObject):
        for item in obj:
            _refuse_active(item, depth + 1)
        return
    if not isinstance(obj, DictionaryObject):
        return
    found = [label for name, label in _ACTIVE.items() if name in obj]
    action = obj.get("/S")
    if isinstance(action, NameObject) and str(action) in _ACTIVE:
        found.append(_ACTIVE[str(action)])
    if obj.get("/Type") == "/EmbeddedFile":
        found.append(_ACTIVE["/EmbeddedFile"])
    if found:
        what = found[0]
        raise Rejected(
            f"Tệp PDF chứa nội dung chủ động ({what}) và bị từ chối; hãy xuất lại PDF chỉ có "
            f"trang in. / The PDF contains active content ({what}) and was refused; export it "
            "again as plain printed pages.",
            active=what,
        )
    for value in obj.values():
        _refuse_active(value, depth + 1)


def screen(path: Path) -> Screened:
    """Everything a file must pass, in order of cost; raises :class:`Rejected` with the reason."""
    check_size(path)
    with path.open("rb") as stream:
        head = stream.read(2048)
    scan_for_malware(path)
    media_type = sniff(head)
    if media_type == PDF:
        return screen_pdf(path)
    return screen_image(path, media_type)
