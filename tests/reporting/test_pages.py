"""The staff pages: the Department opens a period, a library fills and sends, the Department
returns with a comment and approves; the drill-down and the province report."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client

from thuvien.network.models import Role
from thuvien.reporting import sheets
from thuvien.reporting.models import ReportForm
from thuvien.testing import factories

from .conftest import World, at

MANUAL = {
    "v-staff_total": "5",
    "v-floor_area_m2": "60",
    "v-seats": "30",
    "v-opening_hours_week": "40",
}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_period_is_opened_filled_sent_returned_and_approved_through_the_pages(
    world: World, officer: Any
) -> None:
    item = world.item(world.record(), when=at(2026, 1, 1))
    world.loan(item, when=at(2026, 2, 1))
    department = signed_in(officer)
    library = signed_in(factories.staff(Role.LIBRARY_ADMIN, world.library))

    menu = library.get("/staff/").content.decode()
    assert "Báo cáo thống kê" in menu
    opened = department.post("/staff/reporting/", {"year": "2026", "deadline": "2026-12-15"})
    assert opened["Location"] == "/staff/reporting/2026/"
    assert library.get("/staff/reporting/2026/")["Location"] == "/staff/reporting/2026/VN-TH0001/"
    page = library.get("/staff/reporting/2026/VN-TH0001/").content.decode()
    assert 'name="v-loans" value="1"' in page
    assert library.get("/staff/reporting/2026/VN-TH0002/").status_code == 403

    library.post("/staff/reporting/2026/VN-TH0001/", {**MANUAL, "action": "submit"})
    assert ReportForm.objects.get().state == "submitted"
    listed = department.get("/staff/reporting/2026/").content.decode()
    assert "Đã gửi, chờ duyệt" in listed
    department.post(
        "/staff/reporting/2026/VN-TH0001/",
        {"action": "return", "comment": "Kiểm tra lại số chỗ ngồi.", "figure": "seats"},
    )
    returned = library.get("/staff/reporting/2026/VN-TH0001/").content.decode()
    assert "Kiểm tra lại số chỗ ngồi." in returned
    library.post(
        "/staff/reporting/2026/VN-TH0001/", {**MANUAL, "v-seats": "32", "action": "submit"}
    )
    department.post("/staff/reporting/2026/VN-TH0001/", {"action": "approve"})
    form = ReportForm.objects.get()
    assert (form.state, form.version, form.values["seats"]) == ("approved", 2, 32)


def test_the_officer_cannot_change_a_figure_through_the_page(world: World, officer: Any) -> None:
    department = signed_in(officer)
    department.post("/staff/reporting/", {"year": "2026", "deadline": "2026-12-15"})
    signed_in(factories.staff(Role.LIBRARY_ADMIN, world.library)).get(
        "/staff/reporting/2026/VN-TH0001/"
    )
    answer = department.post("/staff/reporting/2026/VN-TH0001/", {"action": "save", "v-seats": "9"})
    assert answer.status_code == 403
    assert ReportForm.objects.get().values.get("seats") is None


def test_an_uploaded_xlsx_with_a_wrong_cell_shows_the_cell(world: World, officer: Any) -> None:
    signed_in(officer).post("/staff/reporting/", {"year": "2026", "deadline": "2026-12-15"})
    library = signed_in(factories.staff(Role.LIBRARY_ADMIN, world.library))
    library.get("/staff/reporting/2026/VN-TH0001/")
    template = library.get("/staff/reporting/2026/VN-TH0001/report.xlsx").content
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template))
    wb.active["C6"] = "abc"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "bao-cao.xlsx"
    page = library.post(
        "/staff/reporting/2026/VN-TH0001/", {"action": "upload", "file": out}, follow=True
    ).content.decode()
    assert "Ô C6: cần một số nguyên, nhận &#x27;abc&#x27;." in page
    assert sheets.FIRST_ROW == 6


def test_the_drill_down_and_the_province_report_show_what_was_counted(
    world: World, officer: Any
) -> None:
    item = world.item(world.record(), when=at(2026, 1, 1))
    loan = world.loan(item, when=at(2026, 2, 1))
    department = signed_in(officer)
    department.post("/staff/reporting/", {"year": "2026", "deadline": "2026-12-15"})
    rows = department.get("/staff/reporting/2026/VN-TH0001/rows/loans/").content.decode()
    assert f"<td>{loan.pk}</td>" in rows
    assert "1 mục" in rows
    province = department.get("/staff/reporting/2026/province/").content.decode()
    assert "Theo đơn vị hành chính trước 2025 (so sánh)" in province
    pdf = department.get("/staff/reporting/2026/province.pdf")
    assert pdf.content.startswith(b"%PDF")
    clerk = signed_in(factories.staff(Role.LIBRARY_ADMIN, world.library))
    assert clerk.get("/staff/reporting/2026/province/").status_code == 403
