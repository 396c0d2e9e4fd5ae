"""A made-up Koha export (MARC with 952 copies, borrowers, issues, old_issues CSV), in
Koha's own column names: for the demo and the benchmark. Invented titles and names only."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from pymarc import Field, Indicators, Record, Subfield

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Gia Huy", "Ngọc Lan"]
WORDS = ["Sông", "Núi", "Làng", "Biển", "Mùa", "Gió", "Đồng", "Trăng", "Quê", "Phố"]
BRANCHES = ["TTTV", "PHONGDOC"]


def _add(record: Record, field: Field) -> None:
    record.add_field(field)  # type: ignore[no-untyped-call]  # pymarc's is untyped


def _record(n: int, copies: int, rng: random.Random) -> Record:
    record = Record(force_utf8=True)
    _add(record, Field(tag="001", data=str(n)))
    _add(record, Field(tag="003", data="KOHA"))
    title = " ".join(rng.choice(WORDS) for _ in range(3)) + f" {n}"
    _add(
        record,
        Field(
            tag="100",
            indicators=Indicators("1", " "),
            subfields=[Subfield("a", rng.choice(SURNAMES))],
        ),
    )
    _add(
        record, Field(tag="245", indicators=Indicators("1", "0"), subfields=[Subfield("a", title)])
    )
    _add(
        record,
        Field(
            tag="260",
            indicators=Indicators(" ", " "),
            subfields=[Subfield("a", "Hà Nội"), Subfield("b", "Kim Đồng"), Subfield("c", "2020")],
        ),
    )
    for c in range(copies):
        number = n * 10 + c
        _add(
            record,
            Field(
                tag="952",
                indicators=Indicators(" ", " "),
                subfields=[
                    Subfield("a", BRANCHES[c % 2]),
                    Subfield("b", BRANCHES[c % 2]),
                    Subfield("d", "2021-03-15"),
                    Subfield("g", "85000"),
                    Subfield("i", f"VV.{number:07d}"),
                    Subfield("o", f"895.922 {n}"),
                    Subfield("p", f"B{number:08d}"),
                    Subfield("y", "BK"),
                ],
            ),
        )
    return record


def write_koha_export(
    folder: Path,
    *,
    records: int,
    copies: int,
    readers: int,
    open_loans: int,
    old_loans: int = 0,
    today: date | None = None,
    seed: int = 18,
) -> dict[str, Path]:
    """Write the export into ``folder``: ``records`` records of ``copies`` copies each,
    ``readers`` borrowers, ``open_loans`` issues (each of a different copy) and
    ``old_loans`` old_issues. Returns the paths by part (marc, patrons, issues, old_issues)."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, the same on every run
    today = today or date.today()
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "marc": folder / "koha.mrc",
        "patrons": folder / "borrowers.csv",
        "issues": folder / "issues.csv",
        "old_issues": folder / "old_issues.csv",
    }
    with paths["marc"].open("wb") as out:
        for n in range(1, records + 1):
            out.write(_record(n, copies, rng).as_marc())
    with paths["patrons"].open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(
            ["borrowernumber", "cardnumber", "surname", "firstname", "categorycode",
             "branchcode", "email", "phone", "dateofbirth", "dateexpiry", "privacy"]
        )  # fmt: skip
        for n in range(1, readers + 1):
            w.writerow(
                [n, f"TV{n:06d}", rng.choice(SURNAMES), rng.choice(GIVEN),
                 rng.choice(["PT", "ST", "J", "SENIOR"]), "TTTV", f"bd{n}@example.vn", "",
                 f"{rng.randint(1950, 2015)}-01-01", (today + timedelta(days=365)).isoformat(),
                 "1"]
            )  # fmt: skip
    barcodes = [f"B{n * 10 + c:08d}" for n in range(1, records + 1) for c in range(copies)]
    lent = rng.sample(barcodes, min(open_loans, len(barcodes)))
    with paths["issues"].open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["issue_id", "cardnumber", "barcode", "issuedate", "date_due", "renewals",
                    "branchcode"])  # fmt: skip
        for n, barcode in enumerate(lent, 1):
            issued = today - timedelta(days=rng.randint(1, 40))
            w.writerow(
                [n, f"TV{rng.randint(1, readers):06d}", barcode, f"{issued} 09:30:00",
                 f"{issued + timedelta(days=21)} 23:59:00", rng.randint(0, 2), "TTTV"]
            )  # fmt: skip
    with paths["old_issues"].open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["issue_id", "cardnumber", "barcode", "issuedate", "date_due",
                    "returndate"])  # fmt: skip
        for n in range(1, old_loans + 1):
            issued = today - timedelta(days=rng.randint(60, 700))
            w.writerow(
                [open_loans + n, f"TV{rng.randint(1, readers):06d}", rng.choice(barcodes),
                 f"{issued} 10:00:00", f"{issued + timedelta(days=21)} 23:59:00",
                 f"{issued + timedelta(days=rng.randint(3, 30))} 15:00:00"]
            )  # fmt: skip
    return paths
