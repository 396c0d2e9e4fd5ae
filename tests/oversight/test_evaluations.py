"""The TT 05/2020 cycle: self-evaluation, the Department's evaluation by report or on site,
the working-day deadlines, refusals with their exact words, and who may do what."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser

from thuvien.audit.models import AuditEntry
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.models import Transition
from thuvien.network.models import Library, Role
from thuvien.oversight import evaluations as ev
from thuvien.oversight.models import Evaluation, Holiday
from thuvien.testing import factories


@pytest.fixture
def library() -> Library:
    return factories.library("VN-DG0001", name_vi="Thư viện huyện Đông Giang")


@pytest.fixture
def librarian(library: Library) -> AbstractUser:
    return factories.staff(Role.LIBRARY_ADMIN, library, username="qt-donggiang")


def test_opening_makes_one_score_per_criterion_and_the_30_december_deadline(
    officer: AbstractUser, library: Library
) -> None:
    evaluation = ev.open_evaluation(officer, library, 2026)
    assert evaluation.self_due_on == date(2026, 12, 30)
    assert evaluation.scores.count() == 18
    assert evaluation.state == "self"
    assert AuditEntry.objects.filter(object_type="evaluation", object_id="VN-DG0001/2026").exists()


def test_a_second_evaluation_for_the_same_year_is_refused(
    officer: AbstractUser, library: Library
) -> None:
    ev.open_evaluation(officer, library, 2026)
    with pytest.raises(Conflict) as caught:
        ev.open_evaluation(officer, library, 2026)
    assert caught.value.message == (
        "Thư viện VN-DG0001 đã có đợt đánh giá năm 2026; mở đợt đó thay vì tạo mới."
    )


def test_the_on_site_cycle_sets_each_deadline_in_working_days(
    officer: AbstractUser, library: Library, librarian: AbstractUser
) -> None:
    Holiday.objects.create(date=date(2027, 1, 1), name="Tết Dương lịch")
    evaluation = ev.open_evaluation(officer, library, 2026)
    ev.save_self_scores(librarian, evaluation, {"B.1.2": ("2,4", "tăng 10%")}, "Hoàn thành.")
    ev.submit_self(librarian, evaluation, on=date(2026, 12, 20))
    # Notice on Mon 14 Dec; 10 working days later is Mon 28 Dec.
    ev.plan_visit(
        officer, evaluation, date(2026, 12, 28), "Đoàn 3 người", notice_on=date(2026, 12, 14)
    )
    ev.record_visit(officer, evaluation, analysed_on=date(2026, 12, 30))
    # Wed 30 Dec + 2 working days, 1 Jan a holiday: Thu 31 Dec, Mon 4 Jan.
    assert evaluation.draft_due_on == date(2027, 1, 4)
    ev.send_draft(officer, evaluation, "Đạt yêu cầu.", on=date(2027, 1, 4))
    assert evaluation.answer_due_on == date(2027, 1, 7)
    ev.answer(librarian, evaluation, "Đồng ý.", on=date(2027, 1, 6))
    assert evaluation.final_due_on == date(2027, 1, 11)
    ev.finalise(officer, evaluation, "Xếp loại tốt.", "Tốt", on=date(2027, 1, 8))
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.method, evaluation.grade) == ("final", "on-site", "Tốt")
    assert evaluation.scores.get(criterion__code="B.1.2").self_value == "2,4"
    moves = list(Transition.objects.filter(machine="evaluation").values_list("action", flat=True))
    assert moves == ["open", "submit", "plan-visit", "visit", "draft", "answer", "finalise"]
    assert [d.late for d in ev.deadlines(evaluation)] == [False, False, False, False]


def test_a_visit_noticed_less_than_10_working_days_ahead_is_refused(
    officer: AbstractUser, library: Library, librarian: AbstractUser
) -> None:
    evaluation = ev.open_evaluation(officer, library, 2026)
    ev.submit_self(librarian, evaluation, on=date(2026, 12, 1))
    with pytest.raises(InvalidInput) as caught:
        ev.plan_visit(
            officer, evaluation, date(2026, 12, 25), "Kế hoạch", notice_on=date(2026, 12, 14)
        )
    assert caught.value.message == (
        "Ngày đánh giá trực tiếp 25/12/2026 chỉ cách ngày thông báo 14/12/2026 9 ngày làm "
        "việc; TT 05/2020 yêu cầu thông báo trước ít nhất 10 ngày làm việc: chọn ngày từ "
        "28/12/2026 trở đi."
    )
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted"


def test_the_draft_by_report_needs_a_method_and_the_final_waits_for_the_answer(
    officer: AbstractUser, library: Library, librarian: AbstractUser
) -> None:
    evaluation = ev.open_evaluation(officer, library, 2026)
    ev.submit_self(librarian, evaluation)
    with pytest.raises(InvalidInput) as caught:
        ev.send_draft(officer, evaluation, "Đạt.")
    assert caught.value.message == (
        "Chưa đánh giá trực tiếp: hãy chọn hình thức đánh giá qua báo cáo (report) hoặc "
        "trực tuyến (online)."
    )
    ev.send_draft(officer, evaluation, "Đạt.", method="report", on=date(2026, 12, 4))
    assert evaluation.answer_due_on == date(2026, 12, 9)
    with pytest.raises(Conflict) as waiting:
        ev.finalise(officer, evaluation, "Đạt.", on=date(2026, 12, 9))
    assert waiting.value.message == (
        "Thư viện VN-DG0001 còn hạn phản hồi dự thảo đến hết ngày 09/12/2026; chờ phản hồi "
        "hoặc ban hành kết quả từ ngày làm việc sau đó."
    )
    ev.finalise(officer, evaluation, "Đạt.", on=date(2026, 12, 10))
    assert evaluation.state == "final"
    assert evaluation.final_due_on == date(2026, 12, 14)


def test_the_machine_refuses_a_step_out_of_order_with_what_may_be_done(
    officer: AbstractUser, library: Library, librarian: AbstractUser
) -> None:
    evaluation = ev.open_evaluation(officer, library, 2026)
    with pytest.raises(IllegalTransition) as caught:
        ev.answer(librarian, evaluation, "Đồng ý.")
    assert caught.value.message == (
        "Không thể phản hồi dự thảo kết quả đợt đánh giá VN-DG0001/2026 khi đang ở trạng thái "
        "“Thư viện đang tự đánh giá”. Lúc này có thể: gửi báo cáo tự đánh giá."
    )
    ev.submit_self(librarian, evaluation)
    with pytest.raises(IllegalTransition) as again:
        ev.save_self_scores(librarian, evaluation, {"B.1.2": ("3", "")})
    assert again.value.message == (
        "Không thể gửi báo cáo tự đánh giá đợt đánh giá VN-DG0001/2026 khi đang ở trạng thái "
        "“Đã gửi báo cáo tự đánh giá”. Lúc này có thể: thông báo đánh giá trực tiếp, gửi dự "
        "thảo kết quả."
    )


def test_only_the_department_evaluates_and_only_the_library_answers(
    officer: AbstractUser, library: Library, librarian: AbstractUser
) -> None:
    other = factories.staff(Role.LIBRARY_ADMIN, factories.library("VN-KH0001"), username="qt-khac")
    with pytest.raises(NotPermitted) as caught:
        ev.open_evaluation(librarian, library, 2026)
    assert caught.value.message == (
        "Tài khoản qt-donggiang (Quản trị thư viện) không được phép quản lý đánh giá, chỉ "
        "tiêu, kiểm tra và tập huấn."
    )
    evaluation = ev.open_evaluation(officer, library, 2026)
    with pytest.raises(NotPermitted) as elsewhere:
        ev.submit_self(other, evaluation)
    assert elsewhere.value.message == (
        "Tài khoản qt-khac (Quản trị thư viện) không được phép tự đánh giá và trả lời kết quả "
        "đánh giá tại VN-DG0001."
    )
    with pytest.raises(NotPermitted):
        ev.submit_self(officer, evaluation)
    assert Evaluation.objects.get().state == "self"
