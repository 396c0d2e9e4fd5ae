"""The registers printed: PDF in the customary ruled landscape layout, XLSX for the office.

A register's page is the paper register's: one line per copy, ruled, in fixed columns. It is
built by hand as HTML and set in a monospaced face (DejaVu Sans Mono, every Vietnamese letter),
each line one run of text with its columns padded and parted by “│”, the rules a repeated
SVG background (one PDF pattern; a CSS gradient wrote thousands of shadings): WeasyPrint
shapes one run per line instead of one per cell and lays out no table (bench/registers.py
measures both). Lines are cut to one line, so a page holds exactly
:data:`ROWS_PER_PAGE` lines and the page numbers are known before the slices of pages are laid
out in parallel (see :mod:`thuvien.acquisitions.pdf`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from itertools import islice
from typing import Any

from thuvien import workers
from thuvien.acquisitions import pdf
from thuvien.acquisitions.registers import (
    GENERAL_HEADINGS,
    INDIVIDUAL_HEADINGS,
    general,
    general_cells,
    individual,
    individual_cells,
)
from thuvien.network.models import Library

ROWS_PER_PAGE = 42
PAGES_PER_SLICE = 25
_STYLE = """
@page { size: A4 landscape; margin: 10mm 10mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; margin: 0; }
section { break-after: page; }
h1 { font-size: 11pt; text-align: center; margin: 0; }
p { margin: 0 0 3pt; text-align: center; }
pre { font-family: "DejaVu Sans Mono", monospace; font-size: 6.8pt; line-height: 11pt;
      margin: 0; border-top: 0.6pt solid #000; }
pre.head { font-weight: bold; border-bottom: 0.6pt solid #000; }
pre.rows { border-bottom: 0.6pt solid #000; background-size: 10pt 11pt;
           background-image: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' \
width='10' height='11'%3E%3Crect y='10.6' width='10' height='0.4' fill='%23777'/%3E%3C/svg%3E"); }
p.page { text-align: right; margin-top: 2pt; font-size: 8pt; }
"""


@dataclass(frozen=True)
class Layout:
    """A register's columns on paper: short headings, widths in characters, which are
    numbers (set to the right)."""

    headings: tuple[str, ...]
    widths: tuple[int, ...]
    numbers: frozenset[int]

    def line(self, cells: list[Any]) -> str:
        parts = []
        for i, (cell, width) in enumerate(zip(cells, self.widths, strict=True)):
            text = _text(cell)[:width]
            parts.append(text.rjust(width) if i in self.numbers else text.ljust(width))
        return escape("│".join(parts))


# About 190 characters fill the width of an A4 landscape page at 6.8 pt.
INDIVIDUAL = Layout(
    (
        "Ngày vào sổ",
        "Số ĐKCB",
        "Tên tài liệu / tác giả",
        "Nơi XB, NXB, năm",
        "Giá tiền",
        "Môn loại",
        "Sổ TQ",
        "Xuất: ngày, số QĐ",
        "Ghi chú",
    ),
    (11, 14, 62, 38, 9, 9, 6, 20, 12),
    frozenset({4, 6}),
)
GENERAL = Layout(
    (
        "Số",
        "Ngày",
        "Nguồn",
        "Nơi giao / người tặng",
        "Chứng từ",
        "Tên",
        "Bản",
        "Sách",
        "Báo",
        "Khác",
        "Việt",
        "Ngoại",
        "Thành tiền",
        "Số ĐKCB từ",
        "đến",
        "Ghi chú",
    ),
    (5, 10, 11, 26, 14, 5, 6, 5, 5, 5, 5, 5, 12, 14, 14, 17),
    frozenset({0, 5, 6, 7, 8, 9, 10, 11, 12}),
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return " ".join(str(value).split())


def _page(heading: str, layout: Layout, rows: list[list[Any]], n: int, of: int) -> str:
    body = "\n".join(layout.line(row) for row in rows)
    return (
        f"<section>{heading}"
        f'<pre class="head">{layout.line(list(layout.headings))}</pre>'
        f'<pre class="rows">{body}</pre>'
        f'<p class="page">Trang {n}/{of}</p></section>'
    )


def _slices(
    title: str, library: Library, layout: Layout, rows: Iterator[list[Any]], total: int
) -> Iterator[str]:
    """The pages' HTML, PAGES_PER_SLICE pages a document (an empty register: one page)."""
    pages = max(1, -(-total // ROWS_PER_PAGE))
    heading = f"<h1>{escape(title)}</h1><p>{escape(library.name_vi)}</p>"
    for start in range(1, pages + 1, PAGES_PER_SLICE):
        sections = [
            _page(heading, layout, list(islice(rows, ROWS_PER_PAGE)), n, pages)
            for n in range(start, min(start + PAGES_PER_SLICE, pages + 1))
        ]
        yield (
            f"<html><head><meta charset=utf-8><style>{_STYLE}</style></head><body>"
            + "".join(sections)
            + "</body></html>"
        )


def _pdf(
    title: str,
    library: Library,
    layout: Layout,
    rows: Iterable[list[Any]],
    total: int,
    *,
    workers_count: int,
) -> bytes:
    count = workers_count or (os.cpu_count() or 1)
    parts = workers.in_order(
        pdf.render,
        _slices(title, library, layout, iter(rows), total),
        workers=count,
        ahead=2 * count,
    )
    return pdf.join(parts)


def general_pdf(library: Library, first: dt.date, last: dt.date, *, workers: int = 1) -> bytes:
    lines = general(library, first, last)
    title = f"SỔ ĐĂNG KÝ TỔNG QUÁT — từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}"
    rows = (general_cells(line) for line in lines)
    return _pdf(title, library, GENERAL, rows, len(lines), workers_count=workers)


def individual_pdf(
    library: Library,
    first: dt.date | None = None,
    last: dt.date | None = None,
    *,
    workers: int = 1,
) -> bytes:
    from thuvien.acquisitions.models import Accession

    qs = Accession.objects.filter(library=library)
    if first is not None:
        qs = qs.filter(registered_on__gte=first)
    if last is not None:
        qs = qs.filter(registered_on__lte=last)
    total = qs.count()
    rows = (individual_cells(line) for line in individual(library, first, last))
    return _pdf("SỔ ĐĂNG KÝ CÁ BIỆT", library, INDIVIDUAL, rows, total, workers_count=workers)


def _xlsx(title: str, library: Library, headings: list[str], rows: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    heading = WriteOnlyCell(sheet, value=f"{title} — {library.name_vi}")
    heading.font = bold
    sheet.append([heading])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def general_xlsx(library: Library, first: dt.date, last: dt.date) -> bytes:
    rows = (general_cells(line) for line in general(library, first, last))
    return _xlsx("Sổ đăng ký tổng quát", library, GENERAL_HEADINGS, rows)


def individual_xlsx(
    library: Library, first: dt.date | None = None, last: dt.date | None = None
) -> bytes:
    rows = (individual_cells(line) for line in individual(library, first, last))
    return _xlsx("Sổ đăng ký cá biệt", library, INDIVIDUAL_HEADINGS, rows)
