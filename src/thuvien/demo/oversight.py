"""Demo data for the Department's pages: the plan's targets, the province's population,
facilities of a few libraries, a training course with participants, an inspection with an
action due, and an evaluation in progress. Looked up before made: a second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.network import facilities
from thuvien.network.models import AdministrativeUnit, Library, Population
from thuvien.oversight import evaluations, inspections, services, training
from thuvien.oversight.models import (
    Evaluation,
    Holiday,
    Inspection,
    KpiTarget,
    TrainingCourse,
)
from thuvien.reporting.figures import current_year

PLAN = "Kế hoạch phát triển văn hoá đọc và chuyển đổi số thư viện tỉnh Cà Mau đến năm 2030"
# (kpi, target, deadline): the figures the provincial plans use (DOMAIN.md).
TARGETS = (
    ("rare-digitised", "70", date(2030, 12, 31)),
    ("endogenous-digitised", "70", date(2030, 12, 31)),
    ("staff-trained", "100", date(2030, 12, 31)),
    ("managed", "60", date(2030, 12, 31)),
    ("website-services", "60", date(2030, 12, 31)),
    ("software-linked", "100", date(2030, 12, 31)),
    ("readers-per-capita", "0.05", date(2030, 12, 31)),
    ("loans-per-capita", "0.2", date(2030, 12, 31)),
    ("books-per-capita", "0.5", date(2030, 12, 31)),
)
HOLIDAYS = (
    (date(2026, 1, 1), "Tết Dương lịch"),
    *((date(2026, 2, d), "Tết Nguyên đán") for d in range(16, 21)),
    (date(2026, 4, 27), "Giỗ Tổ Hùng Vương"),
    (date(2026, 4, 30), "Ngày Giải phóng miền Nam"),
    (date(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (date(2026, 9, 1), "Quốc khánh"),
    (date(2026, 9, 2), "Quốc khánh"),
    (date(2027, 1, 1), "Tết Dương lịch"),
)
POPULATION = (("96", 2_600_000),)  # Cà Mau after the 2025 merger (with Bạc Liêu), rounded
COURSE = "Kỹ năng số cho cán bộ thư viện cơ sở"


def load(libraries: dict[str, Library], actor: str) -> tuple[list[str], str]:
    added: list[str] = []
    for kpi, target, deadline in TARGETS:
        if not KpiTarget.objects.filter(kpi=kpi, deadline=deadline).exists():
            services.set_target(actor, kpi, Decimal(target), deadline, PLAN)
            added.append(kpi)
    for day, name in HOLIDAYS:
        if not Holiday.objects.filter(date=day).exists():
            services.add_holiday(actor, day, name)
    year = current_year()
    for code, people in POPULATION:
        unit = AdministrativeUnit.objects.filter(scheme="2025", code=code).first()
        known = Population.objects.filter(unit=unit, year=year - 1).exists()
        if unit is not None and not known:
            facilities.set_population(actor, unit, year - 1, people, "Cục Thống kê (làm tròn)")
    provincial = libraries["VN-CM0001"]
    if not facilities.facilities_of(provincial).pk:
        facilities.update_facilities(
            actor, provincial, floor_area_m2=2400, seats=300, reader_computers=40, scanners=3,
            has_rfid=True, has_internet=True, opening_hours="7:00–17:00, thứ Hai – thứ Bảy",
            online_services=["catalogue", "digital", "renewal"], library_software="thuvien",
            linked_to_provincial=True, staff_count=25, rare_documents_held=120,
        )  # fmt: skip
        facilities.update_facilities(
            actor, libraries["VN-CM0003"], seats=30, reader_computers=2, has_internet=True,
            library_software="Vebrary", linked_to_provincial=True, staff_count=2,
        )  # fmt: skip
        added.append(_("cơ sở vật chất"))
    today = timezone.localdate()
    if not TrainingCourse.objects.filter(title=COURSE).exists():
        course = training.add_course(
            actor, title=COURSE, hours=16, starts_on=today - timedelta(days=40),
            ends_on=today - timedelta(days=39), topics="Tra cứu, số hoá, dịch vụ trực tuyến",
            digital_skills=True, organiser="Thư viện tỉnh Cà Mau",
        )  # fmt: skip
        users = get_user_model().objects
        for username in ("bienmuc.tinh", "luuthong.tinh", "bienmuc.datmui"):
            user = users.filter(username=username).first()
            if user is not None:
                training.add_participant(
                    actor, course, user=user, completed=True, certificate=f"CN-{user.pk:03d}"
                )
        training.add_participant(
            actor, course, library=libraries["VN-CM0003"], name="Đặng Văn Hùng", completed=True
        )
        training.add_participant(actor, course, library=libraries["VN-CM0002"], name="Mai Thị Lan")
        added.append(_("1 khoá tập huấn"))
    datmui = libraries["VN-CM0002"]
    if not Inspection.objects.filter(library=datmui).exists():
        visit = inspections.plan(
            actor, datmui, today - timedelta(days=20), "Kiểm tra hoạt động thư viện xã",
            "Sở VHTTDL: Trần Thị Bích",
        )  # fmt: skip
        findings = "Kho sách chưa sắp xếp theo khung phân loại; chưa có máy tính cho bạn đọc."
        inspections.record_findings(actor, visit, findings, today - timedelta(days=20))
        inspections.require_action(
            actor, visit, "Sắp xếp kho theo DDC và báo cáo kết quả.", today + timedelta(days=10)
        )
        added.append(_("1 đợt kiểm tra"))
    if not Evaluation.objects.filter(library=provincial, year=year - 1).exists():
        evaluation = evaluations.open_evaluation(actor, provincial, year - 1)
        evaluations.save_self_scores(
            actor, evaluation,
            {"A.2.2": ("0,12 chỗ/1.000 dân", ""), "B.1.2": ("0,2 lượt/người", "tăng 8%")},
            "Thư viện hoàn thành các chỉ tiêu chính; còn thiếu kinh phí số hoá.",
        )  # fmt: skip
        evaluations.submit_self(actor, evaluation)
        added.append(_("1 đợt đánh giá"))
    summary = _("{targets} chỉ tiêu, tập huấn, kiểm tra, đánh giá").format(targets=len(TARGETS))
    return [_("quản lý nhà nước: {what}").format(what=", ".join(added))] if added else [], summary
