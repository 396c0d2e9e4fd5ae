"""A line of text stamped at the foot of every page of a PDF: who a copy was made for and
when (the digital library's downloads, a reader's remote copy). The base-14 Helvetica font
needs no embedding but has no Vietnamese letters, so the text is written without accents
("Ban sao cho ...") rather than with question marks (thuvien.vietnamese's folding would also
lower the case)."""

from __future__ import annotations

import io
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PageObject


def without_accents(text: str) -> str:
    """ "Bản sao cho Đặng" → "Ban sao cho Dang": letters kept, case kept, marks dropped."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def stamp_page(page: PageObject, text: str) -> None:
    from pypdf import PageObject
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    safe = without_accents(text).encode("cp1252", "replace").decode("cp1252")
    safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    box = page.mediabox
    overlay = PageObject.create_blank_page(width=float(box.width), height=float(box.height))
    size = max(6.0, min(14.0, float(box.width) / 60))
    stream = ContentStream(None, None)
    stream.set_data(
        f"q 0.25 g BT /ThuvienF {size:.1f} Tf {float(box.left) + 8:.1f} "
        f"{float(box.bottom) + 8:.1f} Td ({safe}) Tj ET Q".encode("cp1252")
    )
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/ThuvienF"): font})}
    )
    overlay.replace_contents(stream)
    page.merge_page(overlay)


def stamp_pdf(data: bytes, text: str) -> bytes:
    """``data`` with ``text`` on every page; raises ValueError when it is not a readable PDF."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    except (PdfReadError, OSError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    if not writer.pages:
        raise ValueError("no pages")
    for page in writer.pages:
        stamp_page(page, text)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
