"""`thuvien migrate-from koha`: records, copies, readers, open loans and history arrive with
their dates; bad rows are named; a second run and a dry run change nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from pymarc import Field, Record, Subfield

from thuvien.catalogue.models import Item
from thuvien.catalogue.models import Record as CatalogueRecord
from thuvien.circulation import services as desk
from thuvien.circulation.models import Loan, Patron
from thuvien.legacy.models import SourceKey
from thuvien.lifecycle.models import Transition
from thuvien.testing import factories

CODE = "VN-KH0001"
TODAY = date.today()


def _marc(path: Path, books: list[tuple[str, str, list[str]]]) -> None:
    with path.open("wb") as out:
        for control, title, barcodes in books:
            record = Record(force_utf8=True)
            record.add_field(Field(tag="001", data=control))
            record.add_field(
                Field(tag="245", indicators=["1", "0"], subfields=[Subfield("a", title)])
            )
            for n, barcode in enumerate(barcodes, 1):
                record.add_field(
                    Field(
                        tag="952",
                        indicators=[" ", " "],
                        subfields=[
                            Subfield("a", "TTTV"),
                            Subfield("i", f"VV.{n:04d}"),
                            Subfield("o", "895.922 T"),
                            Subfield("p", barcode),
                            Subfield("y", "BK"),
                            Subfield("g", "85.000 đ"),
                        ],
                    )
                )
            out.write(record.as_marc())


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(header)
        w.writerows(rows)
    return path


def _export(tmp_path: Path) -> list[str]:
    _marc(
        tmp_path / "koha.mrc",
        [("1", "Sông quê", ["B001", "B002"]), ("2", "Mùa gió", ["B003"])],
    )
    issued = TODAY - timedelta(days=10)
    due = TODAY + timedelta(days=11)
    _csv(
        tmp_path / "borrowers.csv",
        ["borrowernumber", "cardnumber", "surname", "firstname", "categorycode", "email",
         "dateexpiry", "privacy"],
        [
            [1, "C001", "Nguyễn Văn", "An", "PT", "an@example.vn", "2030-12-31", "1"],
            [2, "C002", "Trần Thị", "Bình", "J", "khong-phai-email", "", "0"],
            [3, "", "Lê", "Cường", "PT", "", "", "1"],
            [4, "C001", "Người", "Trùng", "PT", "", "", "1"],
            [5, "C005", "Phạm", "Dung", "XYZ", "", "31/13/2030", "1"],
        ],
    )  # fmt: skip
    _csv(
        tmp_path / "issues.csv",
        ["issue_id", "cardnumber", "barcode", "issuedate", "date_due", "renewals"],
        [
            [10, "C001", "B001", f"{issued} 09:30:00", f"{due} 23:59:00", 1],
            [11, "C002", "B003", f"{issued} 10:00:00", f"{due} 23:59:00", 0],
            [12, "C999", "B002", f"{issued} 10:00:00", f"{due} 23:59:00", 0],
            [13, "C001", "B404", f"{issued} 10:00:00", f"{due} 23:59:00", 0],
            [14, "C002", "B001", f"{issued} 10:00:00", f"{due} 23:59:00", 0],
            [15, "C001", "B002", "hôm qua", f"{due} 23:59:00", 0],
        ],
    )  # fmt: skip
    _csv(
        tmp_path / "old_issues.csv",
        ["issue_id", "cardnumber", "barcode", "issuedate", "date_due", "returndate"],
        [
            [1, "C001", "B002", "2025-01-02 09:00", "2025-01-23 23:59", "2025-01-20 16:00"],
            [2, "C002", "B002", "2025-02-02 09:00", "2025-02-23 23:59", "2025-02-20 16:00"],
            [3, "C002", "B002", "2025-03-02 09:00", "2025-03-23 23:59", ""],
        ],
    )  # fmt: skip
    return [
        "--marc", str(tmp_path / "koha.mrc"),
        "--patrons", str(tmp_path / "borrowers.csv"),
        "--issues", str(tmp_path / "issues.csv"),
        "--old-issues", str(tmp_path / "old_issues.csv"),
    ]  # fmt: skip


def _run(*args: str) -> tuple[dict[str, Any], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("migrate-from", *args, "--json", stdout=out, stderr=err)
    return json.loads(out.getvalue().splitlines()[-1]), err.getvalue()


def _state() -> list[Any]:
    return [
        CatalogueRecord.objects.count(),
        sorted(Item.objects.values_list("barcode", "status")),
        sorted(Patron.objects.values_list("card_number", "full_name", "category")),
        sorted(Loan.objects.values_list("item__barcode", "state", "due_on", "patron_id")),
        Transition.objects.count(),
        SourceKey.objects.count(),
    ]


def test_koha_export_arrives_with_its_loans_and_names_each_bad_row(tmp_path: Path) -> None:
    factories.library(CODE)
    report, err = _run("koha", "--library", CODE, *_export(tmp_path))
    files = {f["source"]: f for f in report["files"]}
    assert files["koha.mrc"]["created"] == 2
    readers = files["borrowers.csv"]
    assert (readers["created"], readers["rejected"]) == (2, 3)
    assert [(r["line"], r["ref"], r["reason"]) for r in readers["rejects"]] == [
        (4, "", "ô cardnumber trống: mỗi bạn đọc cần số thẻ"),
        (5, "C001", "số thẻ “C001” đã có ở dòng 2 của tệp này"),
        (
            6,
            "C005",
            "ngày “31/13/2030” ở cột dateexpiry không đọc được; viết YYYY-MM-DD hoặc DD/MM/YYYY",
        ),
    ]
    assert readers["warnings"] == ["dòng 3: email “khong-phai-email” không hợp lệ, bỏ trống"]
    loans = files["issues.csv"]
    assert (loans["created"], loans["rejected"]) == (2, 4)
    assert [(r["line"], r["ref"], r["reason"]) for r in loans["rejects"]] == [
        (4, "B002", f"không có bạn đọc thẻ “C999” ở {CODE}"),
        (5, "B404", f"không có bản sách mã vạch “B404” ở {CODE}"),
        (6, "B001", "bản sách B001 đã cho mượn ở dòng 2 của tệp này"),
        (
            7,
            "B002",
            "ngày “hôm qua” ở cột issuedate không đọc được; viết YYYY-MM-DD hoặc DD/MM/YYYY",
        ),
    ]
    history = files["old_issues.csv"]
    assert (history["created"], history["rejected"]) == (2, 1)
    assert history["rejects"][0]["reason"] == "ô returndate trống: lượt mượn đã trả cần ngày trả"
    assert "  bị loại: dòng 5 (C001): số thẻ “C001” đã có ở dòng 2 của tệp này" in err

    an = Patron.objects.get(card_number="C001")
    assert (an.full_name, an.category, an.expires_on) == (
        "Nguyễn Văn An",
        "adult",
        date(2030, 12, 31),
    )
    binh = Patron.objects.get(card_number="C002")
    assert (binh.category, binh.email, binh.keep_history) == ("child", "", True)
    loan = Loan.objects.get(item__barcode="B001")
    assert loan.state == "active"
    assert loan.patron == an
    assert loan.renewals == 1
    assert loan.due_on == TODAY + timedelta(days=11)
    assert timezone.localdate(loan.checked_out_at) == TODAY - timedelta(days=10)
    assert Item.objects.get(barcode="B001").status == "on-loan"
    assert Item.objects.get(barcode="B002").status == "available"
    # History: anonymous unless the reader chose to keep it (Koha's privacy 0).
    returned = Loan.objects.filter(state="returned").order_by("checked_out_at")
    assert [r.patron_id for r in returned] == [None, binh.pk]
    start = Transition.objects.get(model="circulation.loan", object_id=str(loan.pk))
    assert (start.action, start.note, start.at) == (
        "checkout",
        "migrated from koha",
        loan.checked_out_at,
    )

    # The desk takes a migrated loan back as any other.
    library = an.home_library
    desk.checkin("cli:test", library, "B001")
    assert Item.objects.get(barcode="B001").status == "available"


def test_second_run_and_dry_run_change_nothing(tmp_path: Path) -> None:
    factories.library(CODE)
    args = _export(tmp_path)
    dry, _ = _run("koha", "--library", CODE, *args, "--dry-run")
    assert dry["dry_run"] is True
    assert _state() == [0, [], [], [], 0, 0]
    first, _ = _run("koha", "--library", CODE, *args)
    assert [f["created"] for f in first["files"]] == [f["created"] for f in dry["files"]]
    assert [f["rejects"] for f in first["files"]] == [f["rejects"] for f in dry["files"]]
    before = _state()
    again, _ = _run("koha", "--library", CODE, *args)
    assert _state() == before
    assert [(f["created"], f["unchanged"]) for f in again["files"]] == [
        (0, 2),
        (0, 2),
        (0, 2),
        (0, 2),
    ]


def test_prefix_keeps_two_provinces_apart(tmp_path: Path) -> None:
    factories.library(CODE)
    args = _export(tmp_path)
    _run("koha", "--library", CODE, *args, "--prefix", "HT-")
    _run("koha", "--library", CODE, *args, "--prefix", "QB-")
    assert CatalogueRecord.objects.count() == 4
    assert Patron.objects.filter(card_number__in=["HT-C001", "QB-C001"]).count() == 2
    assert sorted(Loan.objects.filter(state="active").values_list("item__barcode", flat=True)) == [
        "HT-B001", "HT-B003", "QB-B001", "QB-B003"
    ]  # fmt: skip
