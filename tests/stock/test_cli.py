from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from django.core.management import call_command

from thuvien.catalogue.models import Item
from thuvien.serials import services

from .conftest import Shelf


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_count_from_the_command_line(shelf: Shelf, tmp_path: Path) -> None:
    opened = json.loads(
        run(
            "stocktake",
            "open",
            "--library",
            "VN-KK01",
            "--name",
            "Kiểm kê",
            "--location",
            "Kho A",
            "--json",
        ).splitlines()[-1]
    )
    take = str(opened["id"])
    codes = tmp_path / "ke-a.txt"
    codes.write_text("A1\nA2\n\nX9\n", encoding="utf-8")
    assert run("stocktake", "scan", take, str(codes)) == "Đã nhận 3 lượt quét mới, 0 lượt đã có.\n"
    assert run("stocktake", "scan", take, str(codes)) == "Đã nhận 0 lượt quét mới, 3 lượt đã có.\n"
    assert run("stocktake", "status", take) == (
        "Đang kiểm: phải có 4, tìm thấy 2, thiếu 2, sai chỗ 0, ngoài dự kiến 1 (3 lượt quét).\n"
    )
    closed = json.loads(run("stocktake", "close", take, "--mark-lost", "--json").splitlines()[-1])
    assert closed["missing"] == 2
    assert closed["state"] == "closed"
    assert Item.objects.filter(status=Item.Status.LOST).count() == 2


def test_missing_issues_from_the_command_line() -> None:
    assert run("serials", "missing") == "0 số chưa nhận.\n"


def test_next_years_issues_from_the_command_line(shelf: Shelf) -> None:
    sub = services.subscribe(
        shelf.admin,
        shelf.record,
        shelf.library,
        frequency="quarterly",
        starts_on=dt.date(2026, 1, 10),
    )
    assert sub.issues.count() == 4
    assert run("serials", "extend", "--until", "2027-12-31") == "Đã thêm 4 số dự kiến.\n"
    assert run("serials", "extend", "--until", "2027-12-31") == "Đã thêm 0 số dự kiến.\n"
    assert list(sub.issues.values_list("number", flat=True))[-1] == 8
