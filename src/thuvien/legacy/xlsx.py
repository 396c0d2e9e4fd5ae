"""The spreadsheet template for small libraries that keep their books in Excel.

One workbook, four sheets: instructions, documents (one row per copy), readers, and open
loans. The documents become MARC records with a 952 field per copy (rows with the same
title, author, publisher, year and ISBN are one record), so they go through the catalogue's
own import like Koha's; readers and loans are read under Koha's column names
(:data:`thuvien.legacy.tables.ALIASES`).
"""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from thuvien.errors import InvalidInput
from thuvien.legacy.services import Export
from thuvien.legacy.tables import Row, canonical
from thuvien.reports import ImportSummary, Reject

DOCUMENTS = "Tài liệu"
READERS = "Bạn đọc"
LOANS = "Đang mượn"
GUIDE = "Hướng dẫn"

# Header → the 952 subfield (or the record's part) it fills.
DOCUMENT_COLUMNS = {
    "Nhan đề*": "title",
    "Tác giả": "author",
    "Nhà xuất bản": "publisher",
    "Nơi xuất bản": "place",
    "Năm xuất bản": "year",
    "ISBN": "isbn",
    "Ký hiệu phân loại (DDC)": "ddc",
    "Số gọi": "o",
    "Số ĐKCB*": "i",
    "Mã vạch": "p",
    "Kho": "c",
    "Loại tài liệu": "y",
    "Giá (đồng)": "g",
    "Ngày nhập": "d",
    "Ghi chú": "z",
}
READER_COLUMNS = [
    "Số thẻ*",
    "Họ và tên*",
    "Loại bạn đọc",
    "Email",
    "Điện thoại",
    "Năm sinh",
    "Địa chỉ",
    "Ngày hết hạn",
]
LOAN_COLUMNS = ["Số thẻ*", "Mã vạch*", "Ngày mượn*", "Hạn trả*"]

GUIDE_LINES = [
    "MẪU CHUYỂN DỮ LIỆU THƯ VIỆN VÀO THUVIEN",
    "",
    "Điền ba trang: Tài liệu, Bạn đọc, Đang mượn. Cột có dấu * là bắt buộc. Giữ nguyên "
    "dòng tiêu đề; mỗi dòng dưới tiêu đề là một mục.",
    "",
    "Trang Tài liệu: mỗi dòng là MỘT BẢN SÁCH (một số ĐKCB). Các dòng cùng nhan đề, tác "
    "giả, nhà xuất bản, năm và ISBN được gộp thành một biểu ghi có nhiều bản.",
    "Mã vạch: để trống nếu sách chưa dán mã vạch; khi đó số ĐKCB được dùng làm mã vạch.",
    "Ngày viết YYYY-MM-DD (2024-03-15) hoặc DD/MM/YYYY (15/03/2024), hoặc ô kiểu ngày của Excel.",
    "Giá ghi số đồng, ví dụ 85000.",
    "",
    "Trang Bạn đọc: Loại bạn đọc là một trong: adult (người lớn), student (học sinh, sinh "
    "viên), child (trẻ em), elderly (người cao tuổi), disabled (người khuyết tật), "
    "war-invalid (thương binh, người có công), poor-household (hộ nghèo, cận nghèo); để "
    "trống là người lớn. Bạn đọc tự đặt mã PIN khi đến thư viện.",
    "",
    "Trang Đang mượn: sách bạn đọc đang mượn, với ngày mượn và hạn trả. Mã vạch là mã vạch "
    "(hoặc số ĐKCB) của bản sách ở trang Tài liệu; Số thẻ là số thẻ ở trang Bạn đọc.",
    "",
    "Chạy thử trước: thuvien migrate-from xlsx TỆP --library MÃ --dry-run (hoặc trang "
    "Chuyển dữ liệu của cán bộ) cho biết dòng nào bị loại và vì sao; sửa rồi chạy lại. "
    "Chạy lại cùng tệp không sinh bản trùng.",
    "",
    "Ví dụ một dòng Tài liệu: Truyện Kiều | Nguyễn Du | Văn học | Hà Nội | 2019 | "
    "9786049690000 | 895.9221 | 895.9221 NG-D | VV.000123 | (trống) | Kho mượn | Sách | "
    "85000 | 2020-05-04 | ",
]


def write_template(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    guide = book.active
    guide.title = GUIDE
    for n, line in enumerate(GUIDE_LINES, 1):
        guide.cell(row=n, column=1, value=line)
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120
    for title, headers in (
        (DOCUMENTS, list(DOCUMENT_COLUMNS)),
        (READERS, READER_COLUMNS),
        (LOANS, LOAN_COLUMNS),
    ):
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for n in range(len(headers)):
            sheet.column_dimensions[chr(ord("A") + n)].width = 18
        sheet.freeze_panes = "A2"
    book.save(path)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(sheet: Any) -> list[tuple[int, list[str]]]:
    found = []
    for n, cells in enumerate(sheet.iter_rows(values_only=True), 1):
        texts = [_text(c) for c in cells]
        if any(texts):
            found.append((n, texts))
    return found


def read_workbook(path: Path, marc_dir: Path) -> Export:
    """The workbook as an export: its documents written as MARC in ``marc_dir``."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise InvalidInput(
            _(
                "{file} không phải tệp XLSX đọc được; dùng mẫu của thuvien migrate-from xlsx "
                "--template."
            ).format(file=path.name)
        ) from None
    missing = [t for t in (DOCUMENTS, READERS, LOANS) if t not in book.sheetnames]
    if missing:
        raise InvalidInput(
            _(
                "{file} thiếu trang {missing}; dùng mẫu của thuvien migrate-from xlsx --template."
            ).format(file=path.name, missing=", ".join(missing))
        )
    export = Export(source="xlsx")
    export.marc, sheet_summary = _documents(path.name, _rows(book[DOCUMENTS]), marc_dir)
    export.names["marc"] = f"{path.name} › {DOCUMENTS}"
    if sheet_summary.rejected:
        export.rows_rejected.append(sheet_summary)
    export.patrons = _table(_rows(book[READERS]))
    export.names["patrons"] = f"{path.name} › {READERS}"
    export.issues = _table(_rows(book[LOANS]))
    export.names["issues"] = f"{path.name} › {LOANS}"
    book.close()
    return export


def _table(rows: list[tuple[int, list[str]]]) -> list[Row]:
    if not rows:
        return []
    header = [canonical(h, {}) for h in rows[0][1]]
    return [Row(n, dict(zip(header, cells, strict=False))) for n, cells in rows[1:]]


def _documents(
    name: str, rows: list[tuple[int, list[str]]], marc_dir: Path
) -> tuple[Path, ImportSummary]:
    from pymarc import Field, Record, Subfield

    headers = {h.rstrip("*").strip().lower(): k for h, k in DOCUMENT_COLUMNS.items()}
    summary = ImportSummary(f"{name} › {DOCUMENTS}", "", "line")
    records: dict[str, tuple[dict[str, str], list[dict[str, str]]]] = {}
    if rows:
        columns = [headers.get(h.rstrip("*").strip().lower(), "") for h in rows[0][1]]
        for line, cells in rows[1:]:
            values = {k: v for k, v in zip(columns, cells, strict=False) if k}
            if not values.get("title"):
                summary.rejected += 1
                summary.rejects.append(Reject(line, _("ô Nhan đề trống: cần nhan đề tài liệu")))
                continue
            if not values.get("i") and not values.get("p"):
                summary.rejected += 1
                summary.rejects.append(
                    Reject(line, _("ô Số ĐKCB và Mã vạch đều trống: cần một trong hai"))
                )
                continue
            parts = ("title", "author", "publisher", "year", "isbn")
            key = "|".join(values.get(p, "").lower() for p in parts)
            records.setdefault(key, (values, []))[1].append(values)
    out = tempfile.NamedTemporaryFile(  # noqa: SIM115 - the migration deletes the folder
        dir=marc_dir, suffix=".mrc", delete=False
    )
    with out:
        for key, (first, copies) in records.items():
            record = Record(force_utf8=True)
            _add(
                record,
                Field(
                    tag="001", data="X" + hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
                ),
            )
            _add(record, Field(tag="003", data="XLSX"))
            if first.get("isbn"):
                _add(record, _field(Field, Subfield, "020", [("a", first["isbn"])]))
            if first.get("ddc"):
                _add(record, _field(Field, Subfield, "082", [("a", first["ddc"])]))
            if first.get("author"):
                _add(record, _field(Field, Subfield, "100", [("a", first["author"])]))
            _add(record, _field(Field, Subfield, "245", [("a", first["title"])]))
            published = [
                (code, first[k])
                for code, k in (("a", "place"), ("b", "publisher"), ("c", "year"))
                if first.get(k)
            ]
            if published:
                _add(record, _field(Field, Subfield, "260", published))
            for copy in copies:
                if not copy.get("p"):
                    copy["p"] = copy["i"]  # no barcode yet: the register number serves
                subs = [(c, copy[c]) for c in "picoygdz" if copy.get(c)]
                _add(record, _field(Field, Subfield, "952", subs))
            out.write(record.as_marc())
    return Path(out.name), summary


def _field(field: Any, subfield: Any, tag: str, subs: list[tuple[str, str]]) -> Any:
    from pymarc import Indicators

    return field(
        tag=tag,
        indicators=Indicators(" ", " "),
        subfields=[subfield(code=c, value=v) for c, v in subs],
    )


def _add(record: Any, field: Any) -> None:
    record.add_field(field)
