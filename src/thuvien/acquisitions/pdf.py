"""Turning a register's pages into PDF, a slice at a time, in worker processes.

WeasyPrint lays out about a thousand table rows a second on one core; a register of 100,000
lines is a few thousand pages. Each page is laid out alone (its rows are cut to one line, so
a page holds exactly its rows), slices of pages are rendered in parallel by
:func:`thuvien.workers.in_order` and joined with pypdf. This module imports nothing of Django
(a spawned worker imports it).
"""

from __future__ import annotations

import io
from collections.abc import Iterable


def render(html: str) -> bytes:
    """One slice of pages: HTML in, PDF out."""
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def join(parts: Iterable[bytes]) -> bytes:
    """The slices as one PDF, in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
