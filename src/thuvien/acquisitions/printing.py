"""The registers printed: PDF in the customary landscape layout, XLSX for the office.

A PDF page is built by hand as HTML (a template engine costs more than WeasyPrint's layout at
100,000 lines), with a fixed number of one-line rows, so page numbers are known before the
slices are laid out in parallel (see :mod:`thuvien.acquisitions.pdf`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
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

ROWS_PER_PAGE = 28
PAGES_PER_SLICE = 40
_STYLE = """
@page { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: "DejaVu Sans Condensed", "DejaVu Sans", sans-serif; font-size: 7.5pt; }
section { break-after: page; }
h1 { font-size: 11pt; text-align: center; margin: 0 0 2pt; }
p.lib { text-align: center; margin: 0 0 4pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.5pt solid #000; padding: 1pt 2pt; }
td { white-space: nowrap; overflow: hidden; height: 10pt; }
th { font-weight: bold; }
td.n { text-align: right; }
p.page { text-align: right; margin: 2pt 0 0; }
"""
GENERAL_WIDTHS = [4, 6, 6, 12, 8, 4, 4, 4, 4, 4, 5, 5, 8, 8, 8, 10]
INDIVIDUAL_WIDTHS = [7, 9, 30, 20, 7, 7, 6, 8, 6]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return escape(str(value))


def _page(title: str, library: Library, head: str, rows: list[list[Any]], n: int, of: int) -> str:
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_text(c)}</td>' if isinstance(c, int) else f"<td>{_text(c)}</td>"
            for c in row
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<section><h1>{escape(title)}</h1><p class=lib>{escape(library.name_vi)}</p>"
        f"<table>{head}<tbody>{body}</tbody></table>"
        f'<p class="page">Trang {n}/{of}</p></section>'
    )


def _head(headings: list[str], widths: list[int]) -> str:
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    return f"<colgroup>{cols}</colgroup><thead><tr>" + "".join(
        f"<th>{escape(h)}</th>" for h in headings
    ) + "</tr></thead>"


def _slices(
    title: str, library: Library, head: str, rows: Iterator[list[Any]], total: int
) -> Iterator[str]:
    """The pages' HTML, PAGES_PER_SLICE pages a document (an empty register: one page)."""
    pages = max(1, -(-total // ROWS_PER_PAGE))
    for start in range(1, pages + 1, PAGES_PER_SLICE):
        sections = [
            _page(title, library, head, list(islice(rows, ROWS_PER_PAGE)), n, pages)
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
    headings: list[str],
    widths: list[int],
    rows: Iterable[list[Any]],
    total: int,
    workers_count: int,
) -> bytes:
    head = _head(headings, widths)
    count = workers_count or (os.cpu_count() or 1)
    parts = workers.in_order(
        pdf.render,
        _slices(title, library, head, iter(rows), total),
        workers=count,
        ahead=2 * count,
    )
    return pdf.join(parts)


def general_pdf(library: Library, first: dt.date, last: dt.date, *, workers: int = 1) -> bytes:
    lines = general(library, first, last)
    title = f"SỔ ĐĂNG KÝ TỔNG QUÁT — từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}"
    rows = (general_cells(line) for line in lines)
    return _pdf(title, library, GENERAL_HEADINGS, GENERAL_WIDTHS, rows, len(lines), workers)


def individual_pdf(
    library: Library,
    first: dt.date | None = None,
    last: dt.date | None = None,
    *,
    workers: int = 1,
) -> bytes:
    from thuvien.acquisitions.models import Accession  # noqa: PLC0415 - the count only

    qs = Accession.objects.filter(library=library)
    if first is not None:
        qs = qs.filter(registered_on__gte=first)
    if last is not None:
        qs = qs.filter(registered_on__lte=last)
    total = qs.count()
    rows = (individual_cells(line) for line in individual(library, first, last))
    return _pdf(
        "SỔ ĐĂNG KÝ CÁ BIỆT", library, INDIVIDUAL_HEADINGS, INDIVIDUAL_WIDTHS, rows, total, workers
    )


def _xlsx(title: str, library: Library, headings: list[str], rows: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - only when a register is exported
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
