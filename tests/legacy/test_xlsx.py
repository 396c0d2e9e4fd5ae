"""`thuvien migrate-from xlsx`: the template a small library fills in, read back."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.management import call_command
from openpyxl import load_workbook

from thuvien.catalogue.models import Item, Record
from thuvien.circulation.models import Loan, Patron
from thuvien.testing import factories

CODE = "VN-XL0001"


def _run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("migrate-from", "xlsx", *args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue().splitlines()[-1])


def _filled(tmp_path: Path) -> Path:
    path = tmp_path / "mau.xlsx"
    call_command("migrate-from", "xlsx", "--template", str(path), stdout=io.StringIO())
    book = load_workbook(path)
    assert book.sheetnames == ["Hướng dẫn", "Tài liệu", "Bạn đọc", "Đang mượn"]
    assert [c.value for c in book["Đang mượn"][1]] == [
        "Số thẻ*",
        "Mã vạch*",
        "Ngày mượn*",
        "Hạn trả*",
    ]
    docs = book["Tài liệu"]
    docs.append(
        [
            "Truyện Kiều",
            "Nguyễn Du",
            "Văn học",
            "Hà Nội",
            2019,
            "",
            "895.9221",
            "895.9221 NG-D",
            "VV.0001",
            "",
            "Kho mượn",
            "Sách",
            85000,
            date(2020, 5, 4),
            "",
        ]
    )
    docs.append(
        [
            "Truyện Kiều",
            "Nguyễn Du",
            "Văn học",
            "Hà Nội",
            2019,
            "",
            "895.9221",
            "895.9221 NG-D",
            "VV.0002",
            "MV0002",
            "Kho mượn",
            "Sách",
            85000,
            "",
            "",
        ]
    )
    docs.append(["", "Vô danh", "", "", "", "", "", "", "VV.0003", "", "", "", "", "", ""])
    docs.append(["Dế mèn phiêu lưu ký", "Tô Hoài", "Kim Đồng", "", 2021, "", "", "",
                 "", "", "", "", "", "", ""])  # fmt: skip
    readers = book["Bạn đọc"]
    readers.append(["X01", "Đỗ Thị Giang", "elderly", "", "", 1950, "", "2030-01-01"])
    readers.append(["X02", "", "adult", "", "", "", "", ""])
    loans = book["Đang mượn"]
    lent = datetime.now().replace(microsecond=0) - timedelta(days=3)
    loans.append(["X01", "VV.0001", lent, (lent + timedelta(days=14)).date()])
    book.save(path)
    return path


def test_template_round_trip_and_rejects_by_sheet_and_row(tmp_path: Path) -> None:
    factories.library(CODE)
    path = _filled(tmp_path)
    report = _run(str(path), "--library", CODE)
    files = {f["source"]: f for f in report["files"]}
    docs = files["mau.xlsx › Tài liệu"]
    assert [(r["line"], r["reason"]) for r in docs["rejects"]] == [
        (4, "ô Nhan đề trống: cần nhan đề tài liệu"),
        (5, "ô Số ĐKCB và Mã vạch đều trống: cần một trong hai"),
    ]
    record = Record.objects.get()
    assert record.title.startswith("Truyện Kiều")
    assert sorted(Item.objects.values_list("barcode", "accession_number", "status")) == [
        ("MV0002", "VV.0002", "available"),
        ("VV.0001", "VV.0001", "on-loan"),
    ]
    readers = files["mau.xlsx › Bạn đọc"]
    assert [(r["line"], r["reason"]) for r in readers["rejects"]] == [
        (3, "ô surname và firstname trống: cần họ tên bạn đọc")
    ]
    assert Patron.objects.get().category == "elderly"
    loan = Loan.objects.get()
    assert (loan.patron.card_number, loan.item.barcode) == ("X01", "VV.0001")
    assert files["mau.xlsx › Đang mượn"]["created"] == 1
    again = _run(str(path), "--library", CODE)
    assert [f["created"] for f in again["files"]] == [0, 0, 0, 0]
