"""Rows of an old system's tables (CSV files, sheets of a workbook), under one set of names.

The names are Koha's own export columns (``cardnumber``, ``surname``, ``issuedate``,
``date_due`` …). Another system's columns are renamed to them by a mapping (Libol and
Vebrary publish no export format: the library gives the mapping of its own files), and the
headers of thuvien's XLSX template are known aliases, so a spreadsheet filled in Vietnamese
reads the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.errors import InvalidInput

# The template's Vietnamese headers (and a few usual spellings) → Koha's column names.
ALIASES: dict[str, str] = {
    "số thẻ": "cardnumber",
    "họ và tên": "fullname",
    "họ tên": "fullname",
    "loại bạn đọc": "categorycode",
    "email": "email",
    "điện thoại": "phone",
    "năm sinh": "yearofbirth",
    "địa chỉ": "address",
    "ngày hết hạn": "dateexpiry",
    "mã vạch": "barcode",
    "ngày mượn": "issuedate",
    "hạn trả": "date_due",
    "ngày trả": "returndate",
    "số lần gia hạn": "renewals",
}


@dataclass(frozen=True)
class Row:
    line: int  # of the file (the header is line 1), or the sheet's row number
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


def canonical(header: str, columns: dict[str, str]) -> str:
    """The Koha name of ``header``: by the library's mapping, then the known aliases."""
    text = header.strip().lstrip("\ufeff").strip()
    mapped = {theirs.strip().lower(): ours for ours, theirs in columns.items()}
    key = text.lower().rstrip("*").strip()
    return mapped.get(key) or ALIASES.get(key) or key


def read_csv(path: Path, columns: dict[str, str], required: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a CSV file, comma, semicolon or tab separated (Koha's reports offer all
    three), UTF-8 with or without BOM. A header without a required column is refused: no
    row could be read."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        head = stream.readline()
        delimiter = max(",;\t", key=head.count)
        reader = csv.reader(io.StringIO(head), delimiter=delimiter)
        header = [canonical(h, columns) for h in next(reader, [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise InvalidInput(
                _("{file}: dòng tiêu đề thiếu cột {missing}; có: {header}.").format(
                    file=path.name, missing=", ".join(missing), header=", ".join(header)
                )
            )
        rows = csv.reader(stream, delimiter=delimiter)
        for cells in rows:
            if not any(c.strip() for c in cells):
                continue
            # rows.line_num counts from after the header line read above.
            yield Row(rows.line_num + 1, dict(zip(header, cells, strict=False)))


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M")


def parse_when(text: str, column: str) -> datetime:
    """'2026-11-06 14:32:10', '2026-11-06', '06/11/2026' → an aware moment (a date alone
    is read as noon, local time: never the day before in UTC)."""
    text = text.strip().replace("T", " ")
    day_part, _sep, time_part = text.partition(" ")
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(day_part, fmt).date()
            break
        except ValueError:
            continue
    else:
        raise InvalidInput(_bad_date(text, column))
    moment = time(12, 0)
    if time_part:
        for fmt in _TIME_FORMATS:
            try:
                moment = datetime.strptime(time_part.strip()[:8], fmt).time()
                break
            except ValueError:
                continue
        else:
            raise InvalidInput(_bad_date(text, column))
    return timezone.make_aware(datetime.combine(day, moment))


def parse_day(text: str, column: str) -> date:
    return timezone.localdate(parse_when(text, column))


def _bad_date(text: str, column: str) -> str:
    return _(
        "ngày “{value}” ở cột {column} không đọc được; viết YYYY-MM-DD hoặc DD/MM/YYYY"
    ).format(value=text, column=column)
