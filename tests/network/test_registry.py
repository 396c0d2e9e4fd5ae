"""The register of libraries: codes, types, history, staff; bad input changes nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.utils import timezone, translation

from thuvien.audit.models import AuditEntry
from thuvien.errors import Conflict, InvalidInput
from thuvien.network import services
from thuvien.network.models import Library, LibraryEvent, Role, StaffProfile
from thuvien.network.services import IllegalEvent
from thuvien.testing import factories

TYPES = "national, public, specialised, armed-forces, university, school, community, foreign"


@pytest.fixture
def admin() -> AbstractUser:
    return factories.staff(Role.NETWORK_ADMIN, username="quan-tri")


def test_network_admin_registers_a_library_with_its_founding_and_an_audit_entry(
    admin: AbstractUser,
) -> None:
    library = services.register_library(
        admin,
        code="VN-HN0001",
        name_vi="  Thư viện Hà Nội ",
        library_type="public",
        level="provincial",
        email="tv@hanoi.vn",
        founded_on=date(1956, 10, 15),
    )
    assert (library.name_vi, library.status) == ("Thư viện Hà Nội", Library.Status.ACTIVE)
    event = LibraryEvent.objects.get(library=library)
    assert (event.kind, event.date) == ("founded", date(1956, 10, 15))
    entry = AuditEntry.objects.get(object_type="library")
    assert (entry.action, entry.actor_label, entry.library_code) == (
        "create",
        "quan-tri",
        "VN-HN0001",
    )
    assert entry.after is not None
    assert entry.after["name_vi"] == "Thư viện Hà Nội"
    assert entry.after["library_type"] == "public"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("vn-hn0001", 'Mã thư viện "vn-hn0001" không hợp lệ: phải viết hoa: VN-HN0001.'),
        ("HN0001", 'Mã thư viện "HN0001" không hợp lệ: phải bắt đầu bằng "VN-".'),
        ("VN-HÀ01", "có ký tự không dùng được (À); chỉ dùng A–Z, 0–9 và dấu gạch nối."),
        (
            "VN-HN0001-",
            'sau "VN-" phải có chữ hoặc số, không có hai dấu gạch nối liền nhau hay ở cuối.',
        ),
        ("VN-" + "A" * 30, "dài 33 ký tự, tối đa 32."),
        ("  ", "mã trống."),
    ],
)
def test_a_code_that_is_not_isil_style_is_refused_saying_why_with_an_example(
    admin: AbstractUser, code: str, why: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.register_library(admin, code=code, name_vi="Thư viện", library_type="public")
    assert why in caught.value.message
    assert caught.value.message.endswith("Ví dụ: VN-HN0001.")
    assert not Library.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_code_refused_says_why_in_english_too(admin: AbstractUser, in_english: None) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.register_library(
            admin, code="vn-hn0001", name_vi="Thư viện", library_type="public"
        )
    assert caught.value.message == (
        'Library code "vn-hn0001" is not valid: it must be upper-case: VN-HN0001. '
        "Example: VN-HN0001."
    )


def test_an_unknown_library_type_is_refused_and_the_eight_types_are_listed(
    admin: AbstractUser,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.register_library(
            admin, code="VN-HN0001", name_vi="Thư viện", library_type="publik"
        )
    assert caught.value.message == (
        f'Loại thư viện "publik" không hợp lệ; hãy chọn một trong: {TYPES}.'
    )


def test_a_code_already_registered_is_a_conflict_and_the_first_library_is_untouched(
    admin: AbstractUser,
) -> None:
    factories.library("VN-HN0001", name_vi="Thư viện Hà Nội")
    with pytest.raises(Conflict) as caught:
        services.register_library(admin, code="VN-HN0001", name_vi="Khác", library_type="school")
    assert caught.value.message == "Mã VN-HN0001 đã được dùng."
    with translation.override("en"), pytest.raises(Conflict) as caught:
        services.register_library(admin, code="VN-HN0001", name_vi="Khác", library_type="school")
    assert caught.value.message == (
        "The code VN-HN0001 is already registered; see `thuvien library show VN-HN0001`, or "
        "choose another code."
    )
    assert Library.objects.get().name_vi == "Thư viện Hà Nội"


def test_a_bad_email_leaves_no_library_no_event_and_no_audit_entry(
    admin: AbstractUser, in_english: None
) -> None:
    with pytest.raises(InvalidInput, match='"tv@" is not an email address'):
        services.register_library(
            admin,
            code="VN-HN0001",
            name_vi="Thư viện",
            library_type="public",
            email="tv@",
            founded_on=date(2000, 1, 1),
        )
    assert not Library.objects.exists()
    assert not LibraryEvent.objects.exists()
    assert not AuditEntry.objects.exists()


def test_renaming_a_library_records_a_renamed_event_with_the_previous_name(
    admin: AbstractUser,
) -> None:
    library = factories.library("VN-HN0001", name_vi="Thư viện Hà Tây")
    services.update_library(admin, library, name_vi="Thư viện Hà Nội", phone="024 3825 4553")
    event = LibraryEvent.objects.get(library=library)
    assert (event.kind, event.previous_name, event.date) == (
        "renamed",
        "Thư viện Hà Tây",
        timezone.localdate(),
    )
    entry = AuditEntry.objects.get(object_type="library")
    assert entry.action == "update"
    assert sorted(entry.changed_fields()) == [
        ("name_vi", "Thư viện Hà Tây", "Thư viện Hà Nội"),
        ("phone", "", "024 3825 4553"),
    ]


def test_an_update_that_changes_nothing_writes_nothing(admin: AbstractUser) -> None:
    library = factories.library("VN-HN0001", name_vi="Thư viện Hà Nội")
    services.update_library(admin, library, name_vi="Thư viện Hà Nội")
    assert not AuditEntry.objects.exists()
    assert not LibraryEvent.objects.exists()


def test_the_code_and_status_are_not_changed_by_an_update(
    admin: AbstractUser, in_english: None
) -> None:
    library = factories.library("VN-HN0001")
    with pytest.raises(InvalidInput, match="These fields cannot be changed: code, status;"):
        services.update_library(admin, library, code="VN-HN0002", status="dissolved")
    assert Library.objects.get().code == "VN-HN0001"


def test_a_library_cannot_report_to_one_of_its_own_branches(
    admin: AbstractUser, in_english: None
) -> None:
    province = factories.library("VN-HN0001")
    branch = factories.library("VN-HN0002", parent=province)
    with pytest.raises(Conflict, match="VN-HN0002 cannot be the parent of VN-HN0001"):
        services.update_library(admin, province, parent=branch)
    assert Library.objects.get(code="VN-HN0001").parent is None


def test_merging_marks_the_library_merged_and_both_histories_show_it(admin: AbstractUser) -> None:
    target = factories.library("VN-HN0001")
    merged = factories.library("VN-HT0001")
    event = services.record_event(admin, merged, "merged", date(2008, 8, 1), related=[target])
    assert Library.objects.get(code="VN-HT0001").status == Library.Status.MERGED
    assert merged.status == Library.Status.MERGED
    assert [e.pk for e in services.history(target)] == [event.pk]
    assert list(event.related.all()) == [target]
    assert [(e.object_type, e.action) for e in AuditEntry.objects.order_by("id")] == [
        ("library-event", "create"),
        ("library", "update"),
    ]


def test_dissolving_marks_the_library_dissolved(admin: AbstractUser) -> None:
    library = factories.library("VN-HN0009")
    services.record_event(admin, library, "dissolved", date(2025, 6, 30), note="QĐ 123/QĐ-UBND")
    assert Library.objects.get().status == Library.Status.DISSOLVED


def test_no_event_can_be_recorded_on_a_dissolved_library(admin: AbstractUser) -> None:
    library = factories.library("VN-HN0009", status=Library.Status.DISSOLVED)
    with pytest.raises(IllegalEvent) as caught:
        services.record_event(admin, library, "renamed", date(2020, 1, 1), previous_name="Cũ")
    assert caught.value.message == "Thư viện VN-HN0009 đã giải thể; không thể ghi thêm sự kiện."
    with translation.override("en"), pytest.raises(IllegalEvent) as caught:
        services.record_event(admin, library, "renamed", date(2020, 1, 1), previous_name="Cũ")
    assert caught.value.message == (
        "Library VN-HN0009 is dissolved: it is kept as history and cannot be changed."
    )
    assert caught.value.status == 409
    assert not LibraryEvent.objects.exists()


def test_a_library_cannot_merge_into_itself(admin: AbstractUser) -> None:
    library = factories.library("VN-HN0001")
    with pytest.raises(IllegalEvent) as caught:
        services.record_event(admin, library, "merged", date(2020, 1, 1), related=[library])
    assert caught.value.message == "VN-HN0001 không thể sáp nhập vào chính nó."
    assert Library.objects.get().status == Library.Status.ACTIVE


def test_a_library_cannot_merge_into_a_dissolved_library(admin: AbstractUser) -> None:
    gone = factories.library("VN-HN0001", status=Library.Status.DISSOLVED)
    library = factories.library("VN-HN0002")
    with pytest.raises(IllegalEvent) as caught:
        services.record_event(admin, library, "merged", date(2020, 1, 1), related=[gone])
    assert caught.value.message == (
        "VN-HN0001 đã giải thể, không thể tham gia sự kiện merged của VN-HN0002."
    )
    with translation.override("en"), pytest.raises(IllegalEvent) as caught:
        services.record_event(admin, library, "merged", date(2020, 1, 1), related=[gone])
    assert caught.value.message == (
        "VN-HN0001 is dissolved; it cannot take part in VN-HN0002's merged event."
    )
    assert not LibraryEvent.objects.exists()
    assert Library.objects.get(code="VN-HN0002").status == Library.Status.ACTIVE


def test_a_merger_names_exactly_one_library_and_a_split_at_least_one(
    admin: AbstractUser, in_english: None
) -> None:
    library = factories.library("VN-HN0001")
    a, b = factories.library("VN-HN0002"), factories.library("VN-HN0003")
    with pytest.raises(InvalidInput, match=r"needs exactly one library that VN-HN0001 merges"):
        services.record_event(admin, library, "merged", date(2020, 1, 1), related=[a, b])
    with pytest.raises(InvalidInput, match="A split needs at least one library formed from"):
        services.record_event(admin, library, "split", date(2020, 1, 1))
    event = services.record_event(admin, library, "split", date(2020, 1, 1), related=[a, b])
    assert sorted(x.code for x in event.related.all()) == ["VN-HN0002", "VN-HN0003"]
    assert Library.objects.get(code="VN-HN0001").status == Library.Status.ACTIVE


def test_events_keep_to_the_calendar_of_the_library(admin: AbstractUser, in_english: None) -> None:
    library = factories.library("VN-HN0001")
    services.record_event(admin, library, "founded", date(1990, 5, 1))
    with pytest.raises(IllegalEvent, match="already has a founding event on 1990-05-01"):
        services.record_event(admin, library, "founded", date(1991, 1, 1))
    with pytest.raises(IllegalEvent, match=r"1989-01-01 is before VN-HN0001 was founded"):
        services.record_event(admin, library, "renamed", date(1989, 1, 1), previous_name="Cũ")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(IllegalEvent, match=f"{tomorrow} is in the future"):
        services.record_event(admin, library, "dissolved", tomorrow)
    with pytest.raises(InvalidInput, match="A renaming needs the previous name"):
        services.record_event(admin, library, "renamed", date(2000, 1, 1))
    assert LibraryEvent.objects.count() == 1


def test_an_unknown_event_kind_is_refused_with_the_kinds_listed(admin: AbstractUser) -> None:
    library = factories.library("VN-HN0001")
    with pytest.raises(InvalidInput) as caught:
        services.record_event(admin, library, "moved", date(2000, 1, 1))
    assert caught.value.message == (
        'Loại sự kiện "moved" không hợp lệ; hãy chọn một trong: founded, renamed, merged, split, '
        "dissolved."
    )


def test_a_merged_library_is_history_and_cannot_be_edited(
    admin: AbstractUser, in_english: None
) -> None:
    library = factories.library("VN-HN0001", status=Library.Status.MERGED)
    with pytest.raises(IllegalEvent, match="Library VN-HN0001 is merged: it is kept as history"):
        services.update_library(admin, library, phone="024")


def test_list_libraries_filters_by_type_and_refuses_an_unknown_type(in_english: None) -> None:
    factories.library("VN-HN0001", library_type="public")
    factories.library("VN-HN0002", library_type="school")
    assert [x.code for x in services.list_libraries(library_type="school")] == ["VN-HN0002"]
    with pytest.raises(InvalidInput, match='Library type "schools" is not valid'):
        services.list_libraries(library_type="schools")


# --- staff -----------------------------------------------------------------------------------


def test_network_wide_roles_have_no_library_and_the_others_need_one(admin: AbstractUser) -> None:
    library = factories.library("VN-HN0001")
    officer = services.create_staff(
        admin,
        username="so-vh",
        password="mật-khẩu-dài",
        role="department-officer",
        full_name="Trần Thị Bình",
    )
    assert (officer.staff.role, officer.staff.library) == ("department-officer", None)
    assert officer.get_full_name() == "Trần Thị Bình"
    with pytest.raises(InvalidInput) as caught:
        services.create_staff(admin, username="an", password="mật-khẩu-dài", role="cataloguer")
    assert caught.value.message == (
        "Vai trò cataloguer làm việc trong một thư viện; hãy chọn thư viện (--library MÃ)."
    )
    with (
        translation.override("en"),
        pytest.raises(InvalidInput, match="acts on the whole network and belongs to no library"),
    ):
        services.create_staff(
            admin, username="an", password="mật-khẩu-dài", role="network-admin", library=library
        )
    assert StaffProfile.objects.filter(user__username="an").count() == 0


def test_a_new_account_is_audited_without_its_password(admin: AbstractUser) -> None:
    library = factories.library("VN-HN0001")
    user = services.create_staff(
        admin,
        username="an",
        password="mật-khẩu-dài",
        role="cataloguer",
        library=library,
        email="an@hanoi.vn",
    )
    assert user.check_password("mật-khẩu-dài")
    entry = AuditEntry.objects.get(object_type="staff")
    assert entry.after == {
        "username": "an",
        "role": "cataloguer",
        "library": "VN-HN0001",
        "full_name": "",
        "email": "an@hanoi.vn",
    }
    assert "mật-khẩu-dài" not in str(entry.before) + str(entry.after) + entry.summary


def test_a_taken_username_a_weak_password_or_an_unknown_role_creates_no_account(
    admin: AbstractUser,
) -> None:
    """The password's reasons come from Django's validators, in Vietnamese too."""
    library = factories.library("VN-HN0001")
    services.create_staff(
        admin, username="an", password="mật-khẩu-dài", role="cataloguer", library=library
    )
    with pytest.raises(Conflict, match=r"^Tên đăng nhập AN đã có người dùng\.$"):
        services.create_staff(
            admin, username="AN", password="mật-khẩu-dài", role="cataloguer", library=library
        )
    with pytest.raises(InvalidInput, match=r"^Mật khẩu chưa đạt yêu cầu: "):
        services.create_staff(
            admin, username="binh", password="ngắn", role="cataloguer", library=library
        )
    with pytest.raises(
        InvalidInput,
        match=re.escape(
            'Vai trò "librarian" không hợp lệ; hãy chọn một trong: network-admin, '
            "department-officer, library-admin, cataloguer, circulation-clerk."
        ),
    ):
        services.create_staff(
            admin, username="binh", password="mật-khẩu-dài", role="librarian", library=library
        )
    assert list(
        get_user_model().objects.order_by("username").values_list("username", flat=True)
    ) == ["an", "quan-tri"]


# --- the Django admin ------------------------------------------------------------------------

ADMIN_FORM = {
    "name_en": "",
    "is_public": "on",
    "level": "",
    "parent": "",
    "host_organisation": "",
    "address": "",
    "admin_unit": "",
    "phone": "",
    "email": "",
    "website": "",
    "events-TOTAL_FORMS": "0",
    "events-INITIAL_FORMS": "0",
    "events-MIN_NUM_FORMS": "0",
    "events-MAX_NUM_FORMS": "1000",
}


def test_the_admin_registers_a_library_through_the_services(admin_client: Client) -> None:
    url = "/admin/network/library/add/"
    form = {**ADMIN_FORM, "name_vi": "Thư viện tỉnh", "library_type": "public"}
    refused = admin_client.post(url, {**form, "code": "vn-hg0001"})
    assert refused.status_code == 200
    assert "phải viết hoa: VN-HG0001" in refused.content.decode()
    assert not Library.objects.exists()
    saved = admin_client.post(url, {**form, "code": "VN-HG0001", "website": "thuvien.hagiang.vn"})
    assert saved.status_code == 302
    library = Library.objects.get()
    assert (library.code, library.website) == ("VN-HG0001", "https://thuvien.hagiang.vn")
    changed = admin_client.post(
        f"/admin/network/library/{library.pk}/change/",
        {**form, "website": "https://thuvien.hagiang.vn", "phone": "0219 3866 000"},
    )
    assert changed.status_code == 302
    assert Library.objects.get().phone == "0219 3866 000"
    assert list(
        AuditEntry.objects.filter(object_type="library")
        .order_by("id")
        .values_list("action", "actor_label")
    ) == [("create", "admin:admin"), ("update", "admin:admin")]


def test_the_admin_shows_units_and_events_but_does_not_change_them(admin_client: Client) -> None:
    assert admin_client.get("/admin/network/administrativeunit/").status_code == 200
    assert admin_client.get("/admin/network/administrativeunit/add/").status_code == 403
    assert admin_client.get("/admin/network/libraryevent/add/").status_code == 403
    assert admin_client.get("/admin/network/staffprofile/add/").status_code == 403
