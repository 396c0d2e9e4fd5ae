"""Inspections (planned, findings, actions with deadlines, follow-up) and training records."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser

from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.network.models import Role
from thuvien.oversight import inspections, training
from thuvien.testing import factories


def test_an_inspection_is_closed_only_when_every_action_is_verified(officer: AbstractUser) -> None:
    library = factories.library("VN-KT0001")
    librarian = factories.staff(Role.LIBRARY_ADMIN, library, username="qt-kt")
    inspection = inspections.plan(officer, library, date(2026, 3, 2), "Kiểm tra kho sách")
    with pytest.raises(InvalidInput) as early:
        inspections.require_action(officer, inspection, "Sắp xếp kho", date(2026, 4, 1))
    assert early.value.message == (
        "Chỉ ghi yêu cầu khắc phục sau khi đã ghi kết quả kiểm tra (đợt này: Đã lên kế hoạch)."
    )
    inspections.record_findings(officer, inspection, "Kho ẩm.", date(2026, 3, 2))
    action = inspections.require_action(officer, inspection, "Lắp máy hút ẩm", date(2026, 4, 1))
    assert list(inspections.overdue(date(2026, 4, 2))) == [action]
    with pytest.raises(InvalidInput) as pending:
        inspections.close(officer, inspection)
    assert pending.value.message == (
        "Còn 1 yêu cầu khắc phục chưa được xác nhận; xác nhận chúng trước khi kết thúc đợt "
        "kiểm tra."
    )
    with pytest.raises(IllegalTransition) as caught:
        inspections.verify(officer, action)
    assert caught.value.message == (
        f"Không thể xác nhận đã thực hiện yêu cầu khắc phục #{action.pk} khi đang ở trạng thái "
        "“Chưa thực hiện”. Lúc này có thể: báo đã thực hiện."
    )
    with pytest.raises(NotPermitted):
        inspections.report_done(
            factories.staff(Role.LIBRARY_ADMIN, factories.library()), action, "x"
        )
    inspections.report_done(librarian, action, "Đã lắp 2 máy.", on=date(2026, 3, 20))
    assert list(inspections.overdue(date(2026, 4, 2))) == []
    inspections.verify(officer, action)
    inspections.close(officer, inspection)
    assert (inspection.state, action.state, action.follow_up) == (
        "closed",
        "verified",
        "Đã lắp 2 máy.",
    )


def test_a_library_cannot_plan_an_inspection() -> None:
    library = factories.library("VN-KT0002")
    librarian = factories.staff(Role.LIBRARY_ADMIN, library, username="qt-kt2")
    with pytest.raises(NotPermitted):
        inspections.plan(librarian, library, date(2026, 3, 2), "Tự kiểm tra")


def test_a_participant_is_an_account_or_a_named_person_and_is_counted_once(
    officer: AbstractUser,
) -> None:
    library = factories.library("VN-TH0001")
    course = training.add_course(
        officer,
        title="Chuyển đổi số",
        hours=16,
        starts_on=date(2026, 5, 4),
        ends_on=date(2026, 5, 5),
        digital_skills=True,
    )
    person = training.add_participant(officer, course, library=library, name="  Đỗ  Thị Hoa ")
    assert (person.person, person.name) == ("VN-TH0001:đỗ thị hoa", "Đỗ  Thị Hoa")
    with pytest.raises(Conflict) as twice:
        training.add_participant(officer, course, library=library, name="đỗ thị hoa")
    assert twice.value.message == "đỗ thị hoa (VN-TH0001) đã có trong khoá “Chuyển đổi số”."
    with pytest.raises(InvalidInput) as nobody:
        training.add_participant(officer, course, name="Ai đó")
    assert nobody.value.message == (
        "Hãy chọn tài khoản cán bộ, hoặc ghi họ tên và thư viện của người tham gia."
    )
    training.complete(officer, person, "CN-001")
    person.refresh_from_db()
    assert (person.completed, person.certificate) == (True, "CN-001")
    with pytest.raises(InvalidInput) as backwards:
        training.add_course(
            officer, title="Sai ngày", hours=1, starts_on=date(2026, 5, 5), ends_on=date(2026, 5, 4)
        )
    assert backwards.value.message == "Ngày kết thúc 04/05/2026 trước ngày bắt đầu 05/05/2026."
