from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

from thuvien.catalogue.models import Item

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
