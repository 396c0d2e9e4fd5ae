"""The submission workflow: who may do what, the edit checks, versions and the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thuvien.audit.models import AuditEntry
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.network.models import Role
from thuvien.reporting import services
from thuvien.reporting.models import ReportForm, ReportVersion
from thuvien.testing import factories

from .conftest import World, at

MANUAL = {"staff_total": 12, "floor_area_m2": 850.5, "seats": 120, "opening_hours_week": 48}


@pytest.fixture
def period(officer: Any) -> Any:
    return services.open_period(officer, 2026, date(2026, 12, 15))


@pytest.fixture
def admin(world: World) -> Any:
    return factories.staff(Role.LIBRARY_ADMIN, world.library)


def test_the_form_is_pre_filled_from_live_data_on_first_opening(
    world: World, period: Any, admin: Any
) -> None:
    item = world.item(world.record(), when=at(2026, 1, 1))
    world.loan(item, when=at(2026, 2, 1))
    form = services.form_for(admin, period, world.library)
    assert (form.values["titles"], form.values["copies_acquired"], form.values["loans"]) == (
        1,
        1,
        1,
    )
    assert form.state == ReportForm.State.DRAFT


def test_a_library_sees_and_fills_only_its_own_form(world: World, period: Any, admin: Any) -> None:
    with pytest.raises(NotPermitted):
        services.form_for(admin, period, world.other)
    clerk = factories.staff(Role.CIRCULATION_CLERK, world.library)
    with pytest.raises(NotPermitted):
        services.form_for(clerk, period, world.library)


def test_the_department_officer_reads_every_form_and_changes_no_figure(
    world: World, period: Any, admin: Any, officer: Any
) -> None:
    form = services.form_for(admin, period, world.library)
    assert services.form_for(officer, period, world.library) == form
    with pytest.raises(NotPermitted):
        services.fill(officer, form, {"seats": 1})
    with pytest.raises(NotPermitted):
        services.submit(officer, form)


def test_a_form_with_missing_negative_or_impossible_figures_is_not_sent(
    world: World, period: Any, admin: Any
) -> None:
    form = services.form_for(admin, period, world.library)
    services.fill(admin, form, {**MANUAL, "seats": -3, "staff_library_trained": 20})
    with pytest.raises(InvalidInput) as refused:
        services.submit(admin, form)
    assert refused.value.message == (
        "Chưa gửi được báo cáo: “Số chỗ ngồi đọc” là -3: số liệu không được âm. "
        "“Người có chuyên môn thư viện” (20) lớn hơn “Tổng số người làm công tác thư viện” "
        "(12): không thể có, hãy kiểm tra lại."
    )
    services.fill(admin, form, {"floor_area_m2": None, "seats": 100, "staff_library_trained": 5})
    with pytest.raises(InvalidInput) as refused:
        services.submit(admin, form)
    assert refused.value.message == (
        "Chưa gửi được báo cáo: Thiếu “Diện tích (m²)”: hãy nhập số (0 nếu không có)."
    )
    assert ReportForm.objects.get(pk=form.pk).state == ReportForm.State.DRAFT


def test_a_change_over_30_percent_from_last_year_needs_an_explanation(
    world: World, officer: Any, admin: Any
) -> None:
    last = services.open_period(officer, 2025, date(2025, 12, 15))
    old = services.form_for(admin, last, world.library)
    services.fill(admin, old, {**MANUAL, "seats": 100})
    services.submit(admin, old)
    period = services.open_period(officer, 2026, date(2026, 12, 15))
    form = services.form_for(admin, period, world.library)
    services.fill(admin, form, {**MANUAL, "seats": 131})
    with pytest.raises(InvalidInput) as refused:
        services.submit(admin, form)
    assert refused.value.message == (
        "Chưa gửi được báo cáo: “Số chỗ ngồi đọc” đổi từ 100 (năm trước) thành 131, hơn 30%: "
        "hãy ghi giải thích vào ô ghi chú của số này."
    )
    services.fill(admin, form, {}, {"seats": "Mở thêm phòng đọc thiếu nhi."})
    assert services.submit(admin, form).number == 1


def test_a_sent_form_cannot_change_until_returned_and_each_sending_is_a_new_version(
    world: World, period: Any, admin: Any, officer: Any
) -> None:
    form = services.form_for(admin, period, world.library)
    services.fill(admin, form, MANUAL)
    services.submit(admin, form)
    with pytest.raises(Conflict) as refused:
        services.fill(admin, form, {"seats": 121})
    assert refused.value.message == (
        "Báo cáo 2026 của VN-TH0001 đang ở trạng thái “Đã gửi, chờ duyệt”, không sửa được: "
        "chỉ sửa khi Sở trả lại báo cáo."
    )
    with pytest.raises(InvalidInput):
        services.return_form(officer, form, "  ")
    services.return_form(officer, form, "Số chỗ ngồi chưa khớp biên bản kiểm tra.", "seats")
    services.fill(admin, form, {"seats": 121})
    services.submit(admin, form)
    services.approve(officer, form)
    versions = list(ReportVersion.objects.filter(form=form).values_list("number", "values"))
    assert [(n, v["seats"]) for n, v in versions] == [(1, 120), (2, 121)]
    assert form.comments.get().text == "Số chỗ ngồi chưa khớp biên bản kiểm tra."
    audited = AuditEntry.objects.filter(object_type="report-form").order_by("id")
    assert [e.summary for e in audited if "→" in e.summary or "gửi" in e.summary] == [
        "VN-TH0001/2026: gửi phiên bản 1",
        "VN-TH0001/2026: return (submitted → returned)",
        "VN-TH0001/2026: gửi phiên bản 2",
        "VN-TH0001/2026: approve (submitted → approved)",
    ]
    change = audited.filter(before__has_key="seats").get()
    assert (change.before, change.after) == ({"seats": 120}, {"seats": 121})
    with pytest.raises(IllegalTransition):
        services.return_form(officer, form, "Muộn rồi.")


def test_a_figure_that_is_not_a_number_is_refused_naming_it(
    world: World, period: Any, admin: Any
) -> None:
    form = services.form_for(admin, period, world.library)
    with pytest.raises(InvalidInput) as refused:
        services.fill(admin, form, {"seats": "nhiều"})
    assert refused.value.message == "“Số chỗ ngồi đọc”: cần một số, nhận “nhiều”."
    with pytest.raises(InvalidInput) as refused:
        services.fill(admin, form, {"seats": 2.5})
    assert refused.value.message == "“Số chỗ ngồi đọc”: cần một số nguyên, nhận “2.5”."


def test_the_period_is_opened_once_by_the_department_only(
    world: World, officer: Any, admin: Any
) -> None:
    with pytest.raises(NotPermitted):
        services.open_period(admin, 2026, date(2026, 12, 15))
    services.open_period(officer, 2026, date(2026, 12, 15))
    with pytest.raises(Conflict) as refused:
        services.open_period(officer, 2026, date(2026, 12, 20))
    assert refused.value.message == "Kỳ báo cáo năm 2026 đã được mở."


def test_the_late_list_holds_libraries_that_have_not_sent(
    world: World, period: Any, admin: Any
) -> None:
    form = services.form_for(admin, period, world.library)
    services.fill(admin, form, MANUAL)
    assert [lib.code for lib, _ in services.pending(period)] == ["VN-TH0001", "VN-TH0002"]
    services.submit(admin, form)
    assert [(lib.code, s) for lib, s in services.pending(period)] == [("VN-TH0002", "")]


def test_a_school_may_report_on_the_school_year(world: World, period: Any) -> None:
    school_admin = factories.staff(Role.LIBRARY_ADMIN, world.other)
    item = world.item(world.record(lib=world.other), when=at(2024, 1, 1), lib=world.other)
    world.loan(item, when=at(2025, 9, 1, 0, 0))  # school year 2025-26, not the report year
    world.loan(item, when=at(2026, 10, 1))  # report year, not the school year
    form = services.form_for(school_admin, period, world.other, school_year=True)
    assert form.values["loans"] == 1
    assert ReportForm.objects.get(pk=form.pk).school_year is True


def test_the_province_report_takes_a_sent_form_s_figures_and_live_counts_for_the_rest(
    world: World, period: Any, admin: Any
) -> None:
    from thuvien.reporting import output

    world.item(world.record(lib=world.other), when=at(2026, 1, 1), lib=world.other)
    form = services.form_for(admin, period, world.library)
    # A library that does not catalogue in thuvien types its own counts.
    services.fill(admin, form, {**MANUAL, "titles": 900, "copies": 1500})
    services.submit(admin, form)
    sent = output.province_report(2026, as_sent=True)
    assert (sent["sent"], sent["total"]["titles"], sent["total"]["copies"]) == (1, 901, 1501)
    assert (sent["total"]["seats"], sent["total"]["floor_area_m2"]) == (120, 850.5)
    live = output.province_report(2026)
    assert (live["sent"], live["total"]["titles"], live["total"]["copies"]) == (0, 1, 1)
