"""The Department's pages, the API and the library's side of them: who sees what."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from thuvien.network.models import Role
from thuvien.oversight import evaluations, inspections, training
from thuvien.testing import factories


def signed_in(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_department_sees_every_page_with_a_table_beside_each_chart(
    officer: AbstractUser,
) -> None:
    library = factories.library("VN-TR0001")
    evaluation = evaluations.open_evaluation(officer, library, 2026)
    inspection = inspections.plan(officer, library, date(2026, 3, 2), "Kiểm tra")
    course = training.add_course(
        officer, title="Tập huấn", hours=4, starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 2)
    )
    client = signed_in(officer)
    dashboard = client.get("/staff/oversight/kpis/?year=2026").content.decode()
    assert dashboard.count("<svg") == 2
    assert "<caption>Các chỉ tiêu năm 2026</caption>" in dashboard
    assert 'aria-hidden="true"' in dashboard
    for path in (
        "/staff/oversight/kpis/rare-digitised/?year=2026",
        "/staff/oversight/settings/",
        "/staff/oversight/evaluations/",
        f"/staff/oversight/evaluations/{evaluation.pk}/",
        f"/staff/oversight/evaluations/{evaluation.pk}/mau-01/",
        f"/staff/oversight/evaluations/{evaluation.pk}/mau-02/",
        "/staff/oversight/inspections/",
        f"/staff/oversight/inspections/{inspection.pk}/",
        "/staff/oversight/training/",
        f"/staff/oversight/training/{course.pk}/",
        "/staff/libraries/VN-TR0001/",
    ):
        assert client.get(path).status_code == 200, path
    menu = client.get("/staff/oversight/kpis/").content.decode()
    for entry in ("Đánh giá", "Chỉ tiêu (KPI)", "Kiểm tra", "Tập huấn"):
        assert f">{entry}</a>" in menu


def test_a_library_sees_and_answers_its_own_evaluation_only(officer: AbstractUser) -> None:
    own, other = factories.library("VN-TR0002"), factories.library("VN-TR0003")
    librarian = factories.staff(Role.LIBRARY_ADMIN, own, username="qt-tr2")
    mine = evaluations.open_evaluation(officer, own, 2026)
    theirs = evaluations.open_evaluation(officer, other, 2026)
    client = signed_in(librarian)
    listing = client.get("/staff/oversight/evaluations/").content.decode()
    assert "VN-TR0002" in listing
    assert "VN-TR0003" not in listing
    refused = client.get(f"/staff/oversight/evaluations/{theirs.pk}/")
    assert refused.status_code == 403
    assert "Đợt đánh giá này thuộc thư viện VN-TR0003; tài khoản qt-tr2 không xem được." in (
        refused.content.decode()
    )
    assert client.get("/staff/oversight/kpis/").status_code == 403
    page = client.post(
        f"/staff/oversight/evaluations/{mine.pk}/submit/",
        {"v-B.1.2": "2,1", "n-B.1.2": "", "summary": "Tốt."},
        follow=True,
    )
    assert "Đã ghi." in page.content.decode()
    mine.refresh_from_db()
    assert mine.state == "submitted"
    assert mine.scores.get(criterion__code="B.1.2").self_value == "2,1"


def test_the_facilities_page_saves_what_the_kpis_read() -> None:
    library = factories.library("VN-TR0004")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    response = signed_in(admin).post(
        "/staff/libraries/VN-TR0004/facilities/",
        {
            "reader_computers": "5",
            "scanners": "1",
            "online_services": ["catalogue", "digital"],
            "has_internet": "on",
            "seats": "40",
        },
    )
    assert response.status_code == 302
    facilities = library.facilities
    assert (facilities.reader_computers, facilities.seats, facilities.online_services) == (
        5,
        40,
        ["catalogue", "digital"],
    )
    assert facilities.has_internet
    assert not facilities.has_rfid


def test_the_kpi_api_is_for_signed_in_department_staff(officer: AbstractUser) -> None:
    anonymous = Client().get("/api/v1/kpis")
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"] == "Cần đăng nhập tài khoản cán bộ Sở để xem các chỉ tiêu."
    clerk = factories.staff(Role.CIRCULATION_CLERK, factories.library())
    assert signed_in(clerk).get("/api/v1/kpis").status_code == 403
    body = signed_in(officer).get("/api/v1/kpis?year=2026").json()
    assert body["year"] == 2026
    assert [k["code"] for k in body["kpis"]][:2] == [
        "rare-digitised",
        "endogenous-digitised",
    ]
    one = signed_in(officer).get("/api/v1/kpis/managed?year=2026").json()
    # The clerk's library has an account: it is managed through the system.
    assert (one["numerator"], one["denominator"], one["value"]) == (1, 1, 100.0)
    assert one["by_type"] == [
        {
            "key": "public",
            "label": "Thư viện công cộng",
            "numerator": 1,
            "denominator": 1,
            "value": 100.0,
        }
    ]
    assert signed_in(officer).get("/api/v1/kpis/nope").status_code == 404


def test_the_forms_come_as_pdf_where_weasyprint_is_installed(officer: AbstractUser) -> None:
    pytest.importorskip("weasyprint")
    evaluation = evaluations.open_evaluation(officer, factories.library("VN-TR0005"), 2026)
    response = signed_in(officer).get(f"/staff/oversight/evaluations/{evaluation.pk}/mau-01/?pdf=1")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="mau-01-VN-TR0005-2026.pdf"'
    assert response.content.startswith(b"%PDF")
