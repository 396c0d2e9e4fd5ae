"""The XLSX template read back, refused with the cell named; the exports; the open data with
small counts suppressed; the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from thuvien.errors import InvalidInput
from thuvien.network.models import Role
from thuvien.reporting import exports, output, services, sheets
from thuvien.reporting.models import ReportForm
from thuvien.testing import factories

from .conftest import World, at


def template(world: World, **cells: Any) -> bytes:
    data = sheets.form_workbook(world.library.code, world.library.name_vi, 2026, {}, {})
    wb = load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        wb.active[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(key: str) -> int:
    from thuvien.reporting.labels import LABELS

    return sheets.FIRST_ROW + list(LABELS).index(key)


@pytest.fixture
def form(world: World, officer: Any) -> tuple[Any, ReportForm]:
    period = services.open_period(officer, 2026, date(2026, 12, 15))
    admin = factories.staff(Role.LIBRARY_ADMIN, world.library)
    return admin, services.form_for(admin, period, world.library)


def test_an_uploaded_template_fills_the_form(world: World, form: Any) -> None:
    admin, f = form
    seats = row_of("seats")
    data = template(
        world, **{f"C{seats}": 80, f"D{seats}": "Phòng mới", f"C{row_of('floor_area_m2')}": "120,5"}
    )
    services.upload(admin, f, data)
    f.refresh_from_db()
    assert (f.values["seats"], f.values["floor_area_m2"], f.explanations["seats"]) == (
        80,
        120.5,
        "Phòng mới",
    )
    assert f.source == ReportForm.Source.XLSX


def test_a_value_of_the_wrong_type_is_refused_naming_the_cell(world: World, form: Any) -> None:
    admin, f = form
    row = row_of("seats")
    with pytest.raises(InvalidInput) as refused:
        services.upload(admin, f, template(world, **{f"C{row}": "abc"}))
    assert refused.value.message == f"Ô C{row}: cần một số nguyên, nhận 'abc'."
    f.refresh_from_db()
    assert f.values.get("seats") is None


def test_a_wrong_layout_is_refused_naming_the_cell(world: World, form: Any) -> None:
    admin, f = form
    with pytest.raises(InvalidInput) as refused:
        services.upload(admin, f, template(world, E7="sai"))
    assert refused.value.message == "Ô E7: cần mã chỉ tiêu “copies”, nhận 'sai'."
    with pytest.raises(InvalidInput) as refused:
        services.upload(admin, f, template(world, B2="VN-KHAC"))
    assert refused.value.message == "Ô B2: cần mã thư viện VN-TH0001, nhận 'VN-KHAC'."
    with pytest.raises(InvalidInput) as refused:
        services.upload(admin, f, b"not a workbook")
    assert refused.value.message.startswith("Tệp không phải XLSX đọc được")


def test_public_figures_never_show_a_count_under_five(world: World) -> None:
    for n in range(3):
        world.reader(when=at(2026, 1, 1 + n))
    for n in range(7):
        world.reader(when=at(2026, 2, 1 + n), lib=world.other)
    report = output.province_report(2026)
    public = exports.open_data(report)
    assert report["by_type"]["public"]["readers_new"] == 3
    assert public["by_type"]["public"]["readers_new"] is None
    assert public["by_type"]["school"]["readers_new"] == 7
    assert public["total"]["readers_new"] == 10
    assert public["total"]["loans"] == 0
    rows = list(csv.DictReader(io.StringIO(exports.province_csv(report, public=True))))
    assert [r["readers_new"] for r in rows if r["group"] in ("public", "school")] == ["<5", "7"]


def test_the_province_report_adds_up_by_type_and_level(world: World) -> None:
    world.item(world.record(), when=at(2026, 1, 1))
    world.item(world.record(lib=world.other), when=at(2026, 1, 1), lib=world.other)
    world.item(world.record(lib=world.other), when=at(2026, 1, 1), lib=world.other)
    report = output.province_report(2026)
    assert report["libraries"] == 2
    assert report["total"]["copies"] == 3
    assert {k: v["copies"] for k, v in report["by_type"].items()} == {"public": 1, "school": 2}
    assert {k: v["titles"] for k, v in report["by_level"].items()} == {
        "institution": 2,
        "provincial": 1,
    }


def test_report_show_prints_the_live_figures_as_json(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    item = world.item(world.record(), when=at(2025, 12, 1, 0, 0))
    world.loan(item, when=at(2026, 11, 30, 23, 59))
    call_command("report", "show", "--library", "VN-TH0001", "--year", "2026", "--json")
    shown = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    keys = [
        "titles",
        "copies",
        "copies_acquired",
        "readers_registered",
        "readers_new",
        "loans",
        "renewals",
        "ill_loans",
        "digital_objects",
        "digitised_pages",
    ]
    assert {k: shown[k] for k in keys} == dict(
        zip(keys, [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True)
    )
    call_command("report", "show", "--province", "--year", "2026", "--json")
    province = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {k: province[k] for k in keys} == dict(
        zip(keys, [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True)
    )


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "csv"])
def test_report_export_writes_each_format(world: World, tmp_path: Path, fmt: str) -> None:
    world.item(world.record(), when=at(2026, 1, 1))
    for scope in (["--library", "VN-TH0001"], ["--province"]):
        path = tmp_path / f"r.{fmt}"
        call_command(
            "report", "export", *scope, "--year", "2026", "--format", fmt, "--output", str(path)
        )
        data = path.read_bytes()
        magic = {"xlsx": b"PK", "pdf": b"%PDF", "csv": b"\xef\xbb\xbf"}[fmt]
        assert data.startswith(magic)
    if fmt == "csv":
        path = tmp_path / "r.csv"
        call_command(
            "report",
            "export",
            "--library",
            "VN-TH0001",
            "--year",
            "2026",
            "--format",
            "csv",
            "--output",
            str(path),
        )
        rows = {
            r["figure"]: r["value"]
            for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))
        }
        assert (rows["titles"], rows["copies_acquired"]) == ("1", "1")


def test_the_province_report_adds_up_by_2025_unit_and_by_the_unit_before_2025(
    world: World,
) -> None:
    from thuvien.network.models import AdministrativeUnit

    old = AdministrativeUnit.objects.create(
        scheme="2004",
        code="968",
        name="Huyện Trần Văn Thời",
        division_type="huyện",
        level="district",
    )
    new = AdministrativeUnit.objects.create(
        scheme="2025", code="32095", name="Xã Trần Văn Thời", division_type="xã", level="commune"
    )
    old.successors.add(new)
    world.library.admin_unit = new
    world.library.save()
    world.other.admin_unit = old  # still registered under the old district
    world.other.save()
    world.item(world.record(), when=at(2026, 1, 1))
    world.item(world.record(lib=world.other), when=at(2026, 1, 1), lib=world.other)
    report = output.province_report(2026)
    assert {k: v["copies"] for k, v in report["by_unit"].items()} == {"Xã Trần Văn Thời": 2}
    assert {k: v["copies"] for k, v in report["by_unit_before_2025"].items()} == {
        "Huyện Trần Văn Thời": 2
    }


def test_report_remind_mails_the_libraries_not_sent_and_lists_them(
    world: World, officer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core import mail

    world.library.email = "thuvien@example.vn"
    world.library.save()
    services.open_period(officer, 2026, date(2026, 12, 15))
    call_command("report", "remind", "--year", "2026", "--json")
    shown = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [p["library"] for p in shown["pending"]] == ["VN-TH0001", "VN-TH0002"]
    assert [m.to for m in mail.outbox] == [["thuvien@example.vn"]]
    assert mail.outbox[0].body.startswith("Hạn nộp báo cáo thống kê năm 2026 là 15/12/2026.")
