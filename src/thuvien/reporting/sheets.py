"""The yearly report as an XLSX workbook: the template a library fills offline, its reading
back (refused with the cell named when the layout or a type is wrong), and the province
report's workbook.

The form's sheet: row 1 the title, B2 the library's code, B3 the year, row 5 the headings,
then one row per figure from row 6: A the number, B the figure in words, C the value, D the
library's note, E the figure's code (what the reading checks the layout by).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from thuvien.errors import InvalidInput
from thuvien.reporting import figures
from thuvien.reporting.labels import DECIMAL, LABELS

TITLE = "BÁO CÁO THỐNG KÊ THƯ VIỆN"
HEADINGS = ["STT", "Chỉ tiêu", "Số liệu", "Ghi chú", "Mã"]
FIRST_ROW = 6
MAX_BYTES = 5_000_000


def form_workbook(
    code: str, name: str, year: int, values: dict[str, Any], notes: dict[str, str]
) -> bytes:
    """A library's form as XLSX (the blank template when ``values`` is empty)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"], ws["C2"] = "Thư viện", code, name
    ws["A3"], ws["B3"], ws["C3"] = "Năm", year, str(figures.period(year))
    for col, heading in enumerate(HEADINGS, start=1):
        cell = ws.cell(row=5, column=col, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for n, (key, label) in enumerate(LABELS.items()):
        row = FIRST_ROW + n
        ws.cell(row=row, column=1, value=n + 1)
        ws.cell(row=row, column=2, value=str(label))
        ws.cell(row=row, column=3, value=values.get(key))
        ws.cell(row=row, column=4, value=notes.get(key) or None)
        ws.cell(row=row, column=5, value=key)
    ws.column_dimensions["B"].width = 55
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 40
    return _bytes(wb)


def read_form(data: bytes, code: str, year: int) -> tuple[dict[str, Any], dict[str, str]]:
    """(values, notes) from an uploaded form, or InvalidInput naming the first wrong cell."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("Tệp quá lớn (tối đa 5 MB): biểu mẫu chỉ có một trang."))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise InvalidInput(
            _("Tệp không phải XLSX đọc được: hãy tải biểu mẫu mẫu về, điền và tải lên lại.")
        ) from None
    ws = wb.worksheets[0]
    cells = {
        (r, c): v
        for r, row in enumerate(ws.iter_rows(max_col=5, values_only=True), start=1)
        for c, v in enumerate(row, start=1)
    }
    wb.close()

    def cell(ref: str, row: int, col: int) -> Any:
        value = cells.get((row, col))
        return value.strip() if isinstance(value, str) else value

    if cell("A1", 1, 1) != TITLE:
        raise _wrong("A1", _("cần tiêu đề “{title}”").format(title=TITLE), cells.get((1, 1)))
    if str(cell("B2", 2, 2) or "") != code:
        raise _wrong("B2", _("cần mã thư viện {code}").format(code=code), cells.get((2, 2)))
    if _as_int(cell("B3", 3, 2)) != year:
        raise _wrong("B3", _("cần năm báo cáo {year}").format(year=year), cells.get((3, 2)))
    for col, heading in enumerate(HEADINGS, start=1):
        if cell("", 5, col) != heading:
            ref = f"{'ABCDE'[col - 1]}5"
            raise _wrong(ref, _("cần tiêu đề cột “{h}”").format(h=heading), cells.get((5, col)))
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for n, key in enumerate(LABELS):
        row = FIRST_ROW + n
        if cell("", row, 5) != key:
            raise _wrong(
                f"E{row}", _("cần mã chỉ tiêu “{key}”").format(key=key), cells.get((row, 5))
            )
        values[key] = _value(key, cells.get((row, 3)), f"C{row}")
        note = cells.get((row, 4))
        if note not in (None, ""):
            notes[key] = str(note).strip()
    return values, notes


def _value(key: str, raw: Any, ref: str) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise _wrong(ref, _("cần một số"), raw)
    if key in DECIMAL:
        if isinstance(raw, (int, float)):
            return raw
        try:
            return float(str(raw).strip().replace(",", "."))
        except ValueError:
            raise _wrong(ref, _("cần một số"), raw) from None
    number = _as_int(raw)
    if number is None:
        raise _wrong(ref, _("cần một số nguyên"), raw)
    return number


def _as_int(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw.strip())
    return None


def _wrong(ref: str, need: str, got: Any) -> InvalidInput:
    shown = "" if got is None else str(got)
    return InvalidInput(
        _("Ô {cell}: {need}, nhận '{got}'.").format(cell=ref, need=need, got=shown), cell=ref
    )


def province_workbook(report: dict[str, Any]) -> bytes:
    """The province report: the totals, then one sheet per breakdown."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws["A1"] = f"BÁO CÁO THỐNG KÊ TỔNG HỢP NĂM {report['year']}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"Kỳ báo cáo: {report['period']} — {report['libraries']} thư viện"
    ws.append([])
    ws.append(["Chỉ tiêu", "Mã", "Số liệu"])
    for key in figures.NUMBERS:
        ws.append([str(LABELS[key]), key, report["total"][key]])
    ws.column_dimensions["A"].width = 50
    for name, title in (
        ("by_type", "Theo loại"),
        ("by_level", "Theo cấp"),
        ("by_unit", "Theo đơn vị hành chính"),
        ("by_unit_before_2025", "Theo đơn vị trước 2025"),
    ):
        sheet = wb.create_sheet(title)
        sheet.append(["", *[str(LABELS[k]) for k in figures.NUMBERS]])
        sheet.append(["", *figures.NUMBERS])
        for group, total in report[name].items():
            sheet.append([group, *[total[k] for k in figures.NUMBERS]])
    return _bytes(wb)


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
