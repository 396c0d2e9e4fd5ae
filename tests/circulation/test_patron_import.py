"""`thuvien patron import`: good rows kept, each bad row reported with its line and reason."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.utils import translation

from thuvien.circulation.models import Patron
from thuvien.testing import factories

CSV = """card_number,full_name,category,pin,email,phone,birth_year,expires_on
A001,Nguyễn Văn An,adult,1234,an@example.vn,0912345678,1980,2030-12-31
A002,Trần Thị Bình,child,5678,,,2016,
A003,Lê Văn Cường,wizard,1111,c@example.vn,,,
A004,Phạm Thị Dung,elderly,2222
A001,Người trùng số,adult,3333,,,,
A005,Hoàng Văn Em,disabled,4444,em@example,,,
A006,,adult,5555,,,,
A007,Đỗ Thị Giang,poor-household,6666,,,19x0,
A008,Vũ Văn Hải,war-invalid,7777,,,,31/12/2030
"""


def _import(tmp_path: Path, text: str, *extra: str) -> tuple[str, str]:
    path = tmp_path / "ban-doc.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "patron", "import", str(path), "--library", "VN-PI0001", *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_import_keeps_good_rows_and_reports_each_bad_one(tmp_path: Path) -> None:
    factories.library("VN-PI0001")
    out, err = _import(tmp_path, CSV, "--json")
    assert sorted(Patron.objects.values_list("card_number", flat=True)) == ["A001", "A002"]
    report = json.loads(out.splitlines()[-1])
    assert {k: report[k] for k in ("source", "library", "read", "created", "rejected")} == {
        "source": "ban-doc.csv",
        "library": "VN-PI0001",
        "read": 9,
        "created": 2,
        "rejected": 7,
    }
    assert [(e["line"], e["ref"], e["reason"]) for e in report["rejects"]] == [
        (
            4,
            "A003",
            "Loại bạn đọc “wizard” không có; dùng một trong: adult, student, child, "
            "elderly, disabled, war-invalid, poor-household.",
        ),
        (5, "A004", "có 4 cột, tiêu đề có 8"),
        (6, "A001", "Số thẻ A001 đã được cấp ở VN-PI0001."),
        (7, "A005", "email “em@example” không hợp lệ"),
        (8, "A006", "Cần số thẻ và họ tên bạn đọc."),
        (9, "A007", "năm sinh “19x0” không hợp lệ (ví dụ 1990)"),
        (
            10,
            "A008",
            "ngày hết hạn “31/12/2030” phải viết YYYY-MM-DD",
        ),
    ]
    assert "  bị loại: dòng 5 (A004): có 4 cột, tiêu đề có 8\n" in err
    an = Patron.objects.get(card_number="A001")
    assert an.full_name == "Nguyễn Văn An"
    assert an.pin_hash != "1234"
    assert check_password("1234", an.pin_hash)
    assert str(an.expires_on) == "2030-12-31"
    assert an.birth_year == 1980


def test_the_report_is_counts_on_stdout_and_one_line_per_reject_on_stderr(
    tmp_path: Path,
) -> None:
    factories.library("VN-PI0001")
    text = "card_number,full_name,category,pin,email\nB001,Lý Thị Mai,adult,1234,\nB002,Thiếu\n"
    out, err = _import(tmp_path, text)
    assert out == "ban-doc.csv → VN-PI0001: đọc 2, mới 1, cập nhật 0, không đổi 0, bị loại 1.\n"
    assert err == "  bị loại: dòng 3 (B002): có 2 cột, tiêu đề có 5\n"
    Patron.objects.all().delete()
    with translation.override("en"):
        out, err = _import(tmp_path, text)
    assert out == (
        "ban-doc.csv → VN-PI0001: 2 read, 1 created, 0 updated, 0 unchanged, 1 rejected.\n"
    )
    assert err == "  rejected: line 3 (B002): 2 columns where the header has 5\n"


def test_header_without_a_required_column_imports_nothing(tmp_path: Path) -> None:
    factories.library("VN-PI0001")
    with pytest.raises(CommandError) as caught:
        _import(tmp_path, "card_number,full_name,pin\nA001,An,1234\n")
    assert str(caught.value) == (
        "Dòng tiêu đề thiếu cột category, email; cần: card_number,full_name,category,pin,email "
        "(thêm tuỳ chọn phone,birth_year,address,expires_on)."
    )
    assert not Patron.objects.exists()
