"""Screening of every file offered for ingest, before anything is stored.

The type comes from the content (magic bytes), never from the name: a Word file renamed
``.tif`` is a Word file. Sizes are checked from the header before any pixel is decoded (a
50,000 × 50,000 "bomb" is a few kilobytes of PNG), PDFs with active content are refused,
and a malware scan runs: our own EICAR check always, ClamAV when it has signatures.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thuvien import conf
from thuvien.digital import tiff
from thuvien.digital.errors import Rejected

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

IMAGE_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "image/jp2": "jp2",
}
PDF = "application/pdf"

# The limits: a page of a large atlas scanned at 600 dpi is ~25,000 px on its long side.
# The area limit is THUVIEN_DIGITAL_MAX_MEGAPIXELS (200 by default: an A1 map at 600 dpi is
# ~300 megapixels, ask for more; 900 megapixels took 39 s to ingest).
MAX_SIDE = 40_000

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CLAMAV_DB = Path("/var/lib/clamav")


@dataclass(frozen=True)
class Screened:
    media_type: str
    width: int = 0
    height: int = 0
    pages: int = 1
    # The pages to ingest, by their index in the file: every page of a PDF, every
    # full-resolution directory of a TIFF (not its pyramid levels or thumbnails).
    frames: tuple[int, ...] = (0,)


_OTHER_KINDS: tuple[tuple[bytes, StrOrPromise], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        gettext_lazy("tài liệu Microsoft Office cũ (Word/Excel .doc/.xls)"),
    ),
    (
        b"PK\x03\x04",
        gettext_lazy("tệp nén ZIP (hoặc Word/Excel .docx/.xlsx)"),
    ),
    (b"GIF8", gettext_lazy("ảnh GIF")),
    (b"RIFF", gettext_lazy("tệp RIFF (WebP/AVI/WAV)")),
    (b"\x1f\x8b", gettext_lazy("tệp nén gzip")),
    (b"MZ", gettext_lazy("chương trình Windows (.exe)")),
    (b"\x7fELF", gettext_lazy("chương trình Linux")),
    (b"{\\rtf", gettext_lazy("văn bản RTF")),
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
    kind = next((name for magic, name in _OTHER_KINDS if head.startswith(magic)), None)
    what = str(kind) if kind else _("không phải ảnh hay PDF")
    raise Rejected(
        _("Loại tệp không được nhận: {what}. Chỉ nhận TIFF, JPEG, PNG, JPEG 2000 và PDF.").format(
            what=what
        ),
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
            _("Tệp chứa mã độc (mẫu thử EICAR) và đã bị từ chối."),
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
            _("ClamAV phát hiện mã độc ({found}); tệp bị từ chối.").format(found=found),
            signature=found,
        )


def max_file_bytes() -> int:
    return conf.get_int("DIGITAL_MAX_FILE_MB") * 1024 * 1024


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise Rejected(_("Tệp rỗng."))
    if size > max_file_bytes():
        raise Rejected(
            _("Tệp quá lớn ({size} MB; tối đa {limit} MB, THUVIEN_DIGITAL_MAX_FILE_MB).").format(
                size=size // (1024 * 1024), limit=max_file_bytes() // (1024 * 1024)
            ),
            size=size,
        )


def max_pixels() -> int:
    return conf.get_int("DIGITAL_MAX_MEGAPIXELS") * 1_000_000


def check_pixels(width: int, height: int) -> None:
    """The decompression-bomb guard: read from the header, before any pixel is decoded."""
    if width <= 0 or height <= 0:
        raise Rejected(_("Ảnh không có điểm ảnh nào."))
    limit = max_pixels()
    if max(width, height) > MAX_SIDE or width * height > limit:
        raise Rejected(
            _(
                "Ảnh quá lớn: {width} × {height} điểm ảnh (tối đa {side} mỗi cạnh và "
                "{megapixels} triệu điểm ảnh); có thể là một 'quả bom giải nén'."
            ).format(width=width, height=height, side=MAX_SIDE, megapixels=limit // 1_000_000),
            width=width,
            height=height,
        )


def screen_image(path: Path, media_type: str) -> Screened:
    """Every page's size from its header; a multi-page TIFF is every one of its pages (a
    scanner's two-page TIFF once lost its second page here without a word)."""
    import pyvips

    frames: tuple[int, ...] = (0,)
    if media_type == "image/tiff":
        try:
            frames = tuple(tiff.page_directories(path)) or (0,)
        except (OSError, struct.error) as exc:
            raise damaged(exc) from None
    sizes = []
    try:
        for frame in frames:  # reads the headers only
            image = pyvips.Image.new_from_file(str(path), **({"page": frame} if frame else {}))
            sizes.append((int(image.width), int(image.height)))
    except pyvips.Error as exc:
        raise damaged(exc) from None
    for width, height in sizes:
        check_pixels(width, height)
    width, height = sizes[0]
    return Screened(media_type, width, height, pages=len(frames), frames=frames)


def damaged(exc: Exception) -> Rejected:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = lines[-1][:200] if lines else type(exc).__name__
    return Rejected(
        _("Tệp hỏng hoặc bị cắt cụt, không đọc được: {detail}. Hãy quét hoặc xuất lại tệp.").format(
            detail=detail
        ),
        detail=detail,
    )


# Names whose presence anywhere in a PDF means active content.
_EMBEDDED = gettext_lazy("tệp đính kèm")
_ACTIVE: dict[str, StrOrPromise] = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/Launch": gettext_lazy("lệnh chạy chương trình (Launch)"),
    "/EmbeddedFile": _EMBEDDED,
    "/EmbeddedFiles": _EMBEDDED,
    "/RichMedia": gettext_lazy("nội dung đa phương tiện (RichMedia)"),
    "/XFA": gettext_lazy("biểu mẫu XFA"),
    "/SubmitForm": gettext_lazy("gửi biểu mẫu (SubmitForm)"),
    "/ImportData": gettext_lazy("nhập dữ liệu (ImportData)"),
    "/GoToR": gettext_lazy("mở tệp ở nơi khác (GoToR)"),
    "/GoToE": gettext_lazy("mở tệp nhúng (GoToE)"),
}
# A link (URI) is fine on a page; run by itself on opening or on an event it is not.
_URI = gettext_lazy("mở địa chỉ mạng khi mở tệp hoặc theo sự kiện (URI)")
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
                _("Tệp PDF bị cắt cụt (thiếu phần kết thúc %%EOF). Hãy tải lên lại tệp đầy đủ."),
            )
    try:
        reader = PdfReader(str(path), strict=True)
        if reader.is_encrypted:
            raise Rejected(_("Tệp PDF được mã hoá."))
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
        raise Rejected(_("Tệp PDF không có trang nào."))
    return Screened(PDF, pages=pages, frames=tuple(range(pages)))


def _automatic_actions(obj: Any) -> list[StrOrPromise]:
    """What runs by itself: the document's OpenAction and the actions of its events (AA)."""
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject

    def resolved(value: object) -> object:
        return value.get_object() if isinstance(value, IndirectObject) else value

    automatic = [obj.get("/OpenAction")]
    events = resolved(obj.get("/AA"))
    if isinstance(events, DictionaryObject):
        automatic += list(events.values())
    found: list[StrOrPromise] = []
    for value in automatic:
        action = resolved(value)
        if isinstance(action, DictionaryObject):
            kind = action.get("/S")
            if kind == "/URI":
                found.append(_URI)
            elif isinstance(kind, NameObject) and str(kind) in _ACTIVE:
                found.append(_ACTIVE[str(kind)])
    return found


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
    found += _automatic_actions(obj)
    if found:
        what = str(found[0])
        raise Rejected(
            _(
                "Tệp PDF chứa nội dung chủ động ({what}) và bị từ chối; hãy xuất lại PDF chỉ có "
                "trang in."
            ).format(what=what),
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
