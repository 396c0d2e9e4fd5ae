"""An inspection and a training course walked through the staff pages, as the Department and
the library click them: plan, record findings, require an action, the library reports it
done, the Department verifies and closes; a course gets participants and a certificate."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.utils import timezone

from thuvien.network.models import Role
from thuvien.oversight.models import Inspection, Participant, RequiredAction, TrainingCourse
from thuvien.testing import factories


def _signed_in(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


def test_an_inspection_goes_from_plan_to_close_through_the_pages(officer: AbstractUser) -> None:
    library = factories.library("VN-TR0001")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    department = _signed_in(officer)
    today = timezone.localdate()
    planned = department.post(
        "/staff/oversight/inspections/",
        {"library": library.pk, "planned_on": today, "subject": "Kho sách", "inspectors": "Sở"},
        follow=True,
    )
    assert _messages(planned) == ["Đã lên kế hoạch kiểm tra."]
    inspection = Inspection.objects.get()
    base = f"/staff/oversight/inspections/{inspection.pk}"
    incomplete = department.post(f"{base}/record/", {"findings": ""}, follow=True)
    assert _messages(incomplete) == ["Hãy điền đủ các ô bắt buộc rồi gửi lại."]
    department.post(f"{base}/record/", {"visited_on": today, "findings": "Kho ẩm"})
    department.post(
        f"{base}/require/",
        {"description": "Lắp máy hút ẩm", "due_on": today + timedelta(days=30)},
    )
    action = RequiredAction.objects.get()
    library_side = _signed_in(admin)
    page = library_side.get(f"{base}/").content.decode()
    assert "Lắp máy hút ẩm" in page
    library_side.post(
        f"/staff/oversight/inspection-actions/{action.pk}/report/", {"text": "Đã lắp"}
    )
    department.post(f"/staff/oversight/inspection-actions/{action.pk}/verify/")
    closed = department.post(f"{base}/close/", follow=True)
    assert _messages(closed)[-1] == "Đã ghi."
    inspection.refresh_from_db()
    action.refresh_from_db()
    assert (inspection.state, action.state) == ("closed", "verified")
    assert "Kho sách" in department.get("/staff/oversight/inspections/").content.decode()
    # Another library's admin does not see it.
    stranger = factories.staff(Role.LIBRARY_ADMIN, factories.library("VN-TR0002"))
    assert _signed_in(stranger).get(f"{base}/").status_code == 403


def test_a_course_gets_a_participant_and_a_certificate_through_the_pages(
    officer: AbstractUser,
) -> None:
    library = factories.library("VN-TR0001")
    department = _signed_in(officer)
    today = timezone.localdate()
    department.post(
        "/staff/oversight/training/",
        {"title": "Kỹ năng số cho thư viện", "topics": "số hoá", "digital_skills": "on",
         "hours": "16", "starts_on": today, "ends_on": today, "organiser": "Sở"},
    )  # fmt: skip
    course = TrainingCourse.objects.get()
    department.post(
        f"/staff/oversight/training/{course.pk}/",
        {"name": "Nguyễn Thị Lan", "library": library.pk},
    )
    participant = Participant.objects.get()
    assert (participant.name, participant.completed) == ("Nguyễn Thị Lan", False)
    page = department.get(f"/staff/oversight/training/{course.pk}/").content.decode()
    assert "Nguyễn Thị Lan" in page
    department.post(
        f"/staff/oversight/training/participants/{participant.pk}/complete/",
        {"certificate": "CN-2026-001"},
    )
    participant.refresh_from_db()
    assert (participant.completed, participant.certificate) == (True, "CN-2026-001")
