"""The role matrix: who may do what, and where. Checked by the services themselves."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import translation

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item, Record
from thuvien.errors import NotPermitted
from thuvien.network import services
from thuvien.network.models import Library, Role
from thuvien.network.permissions import Action, can, libraries_for
from thuvien.testing import factories


@pytest.fixture
def a() -> Library:
    return factories.library("VN-A0001")


@pytest.fixture
def b() -> Library:
    return factories.library("VN-B0001")


# How a refusal names each action and role, in Vietnamese (written out here, not read from
# the code, so a wrong label in the code fails).
ACTIONS_VI = {
    "register a library": "đăng ký thư viện",
    "edit a library": "sửa thông tin thư viện",
    "edit records": "sửa biểu ghi",
    "edit items": "sửa bản sách",
    "manage staff accounts": "quản lý tài khoản cán bộ",
}
ROLES_VI = {
    "network-admin": "Quản trị mạng lưới",
    "department-officer": "Cán bộ Sở VHTTDL",
    "library-admin": "Quản trị thư viện",
    "cataloguer": "Biên mục viên",
    "circulation-clerk": "Thủ thư lưu thông",
}


def refused(user: AbstractUser, action: str, where: str = "") -> str:
    """The exact refusal of :func:`thuvien.network.permissions.require`."""
    name, role = user.get_username(), ROLES_VI[user.staff.role]
    return f"Tài khoản {name} ({role}) không được phép {ACTIONS_VI[action]}{where}."


@pytest.mark.parametrize(
    "role", [Role.DEPARTMENT_OFFICER, Role.LIBRARY_ADMIN, Role.CATALOGUER, Role.CIRCULATION_CLERK]
)
def test_only_a_network_admin_registers_libraries(role: Role, a: Library) -> None:
    user = factories.staff(role, None if role == Role.DEPARTMENT_OFFICER else a)
    with pytest.raises(NotPermitted) as caught:
        services.register_library(user, code="VN-C0001", name_vi="Thư viện", library_type="public")
    assert caught.value.message == refused(user, "register a library")
    assert not Library.objects.filter(code="VN-C0001").exists()


def test_someone_without_a_staff_account_is_refused(a: Library) -> None:
    user = factories.staff(Role.CATALOGUER, a)
    user.staff.delete()
    user.refresh_from_db()
    with pytest.raises(NotPermitted) as caught:
        services.update_library(user, a, phone="024")
    assert caught.value.message == "Chỉ cán bộ thư viện mới được sửa thông tin thư viện."
    with translation.override("en"), pytest.raises(NotPermitted) as caught:
        services.update_library(user, a, phone="024")
    assert caught.value.message == "Only staff may edit a library."


def test_library_admin_edits_its_own_library_but_not_another(a: Library, b: Library) -> None:
    admin_a = factories.staff(Role.LIBRARY_ADMIN, a)
    services.update_library(admin_a, a, phone="0292 3820 000", name_en="Library A")
    assert Library.objects.get(pk=a.pk).phone == "0292 3820 000"
    with pytest.raises(NotPermitted) as caught:
        services.update_library(admin_a, b, phone="0")
    assert caught.value.message == refused(admin_a, "edit a library", " tại VN-B0001")
    with translation.override("en"), pytest.raises(NotPermitted) as caught:
        services.update_library(admin_a, b, phone="0")
    assert caught.value.message == (
        f"{admin_a.get_username()} (Library administrator) may not edit a library in VN-B0001."
    )
    assert Library.objects.get(pk=b.pk).phone == ""


def test_library_admin_cannot_change_the_registry_facts_of_its_own_library(a: Library) -> None:
    admin_a = factories.staff(Role.LIBRARY_ADMIN, a)
    with pytest.raises(NotPermitted) as caught:
        services.update_library(admin_a, a, library_type="school", phone="0")
    name = admin_a.get_username()
    assert caught.value.message == (
        f"Tài khoản {name} (Quản trị thư viện) không được đổi loại, tính công lập, cấp hay cơ quan "
        "cấp trên của thư viện; việc này do quản trị mạng lưới làm."
    )
    with translation.override("en"), pytest.raises(NotPermitted) as caught:
        services.update_library(admin_a, a, library_type="school", phone="0")
    assert caught.value.message == (
        f"{name} (Library administrator) may not change a library's type, public status, level or "
        "parent: that is for a network admin."
    )
    reloaded = Library.objects.get(pk=a.pk)
    assert (reloaded.library_type, reloaded.phone) == ("public", "")


def test_library_admin_records_its_own_founding_but_not_a_merger(a: Library, b: Library) -> None:
    admin_a = factories.staff(Role.LIBRARY_ADMIN, a)
    services.record_event(admin_a, a, "founded", date(1976, 1, 1))
    with pytest.raises(NotPermitted) as caught:
        services.record_event(admin_a, a, "merged", date(2025, 7, 1), related=[b])
    assert caught.value.message.endswith(
        "không được ghi việc sáp nhập, chia tách hay giải thể thư viện; việc này do quản trị "
        "mạng lưới làm."
    )
    assert Library.objects.get(pk=a.pk).status == Library.Status.ACTIVE


def test_cataloguer_edits_records_and_items_of_its_own_library(a: Library) -> None:
    cataloguer = factories.staff(Role.CATALOGUER, a)
    record = catalogue.create_record(cataloguer, a, factories.marc("Truyện Kiều"))
    catalogue.update_record(cataloguer, record, factories.marc("Truyện Kiều (tái bản)"))
    item = catalogue.add_item(cataloguer, record, barcode="A-0001")
    assert Record.objects.get(pk=record.pk).title.startswith("Truyện Kiều (tái bản)")
    assert item.library == a


def test_cataloguer_of_library_a_cannot_change_records_or_items_of_library_b(
    a: Library, b: Library
) -> None:
    cataloguer_a = factories.staff(Role.CATALOGUER, a)
    cataloguer_b = factories.staff(Role.CATALOGUER, b)
    record = catalogue.create_record(cataloguer_b, b, factories.marc("Lịch sử Cần Thơ"))
    item = catalogue.add_item(cataloguer_b, record, barcode="B-0001")
    with pytest.raises(NotPermitted) as caught:
        catalogue.update_record(cataloguer_a, record, factories.marc("Đã sửa"))
    assert caught.value.message == refused(cataloguer_a, "edit records", " tại VN-B0001")
    with pytest.raises(NotPermitted) as caught:
        catalogue.add_item(cataloguer_a, record, barcode="A-0001")
    assert caught.value.message == refused(cataloguer_a, "edit items", " tại VN-B0001")
    with pytest.raises(NotPermitted):
        catalogue.update_item(cataloguer_a, item, call_number="959.7")
    with pytest.raises(NotPermitted):
        catalogue.create_record(cataloguer_a, b, factories.marc("Ghi vào B"))
    assert Record.objects.get(pk=record.pk).title.startswith("Lịch sử Cần Thơ")
    assert list(Item.objects.values_list("barcode", "call_number")) == [("B-0001", "")]
    assert Record.objects.filter(library=b).count() == 1


def test_department_officer_reads_everything_and_cannot_edit_the_catalogue(
    a: Library, b: Library
) -> None:
    officer = factories.staff(Role.DEPARTMENT_OFFICER)
    assert can(officer, Action.VIEW_STAFF_PAGES, a)
    assert can(officer, Action.VIEW_AUDIT, b)
    assert libraries_for(officer, Action.VIEW_STAFF_PAGES) == [a, b]
    record = catalogue.create_record(
        factories.staff(Role.CATALOGUER, a), a, factories.marc("Địa chí An Giang")
    )
    with pytest.raises(NotPermitted) as caught:
        catalogue.update_record(officer, record, factories.marc("Đã sửa"))
    assert caught.value.message == refused(officer, "edit records", " tại VN-A0001")
    with pytest.raises(NotPermitted):
        catalogue.create_record(officer, a, factories.marc("Mới"))
    with pytest.raises(NotPermitted):
        catalogue.add_item(officer, record, barcode="X-1")
    with pytest.raises(NotPermitted):
        services.update_library(officer, a, phone="0")
    assert Record.objects.get().title.startswith("Địa chí An Giang")
    assert not Item.objects.exists()


def test_library_admin_creates_staff_only_for_its_own_library_and_no_network_wide_role(
    a: Library, b: Library
) -> None:
    admin_a = factories.staff(Role.LIBRARY_ADMIN, a)
    user = services.create_staff(
        admin_a, username="thu-thu-a", password="mật-khẩu-dài", role="circulation-clerk", library=a
    )
    assert (user.staff.role, user.staff.library) == ("circulation-clerk", a)
    with pytest.raises(NotPermitted) as caught:
        services.create_staff(
            admin_a, username="thu-thu-b", password="mật-khẩu-dài", role="cataloguer", library=b
        )
    assert caught.value.message == refused(admin_a, "manage staff accounts", " tại VN-B0001")
    with pytest.raises(NotPermitted) as caught:
        services.create_staff(
            admin_a, username="so", password="mật-khẩu-dài", role="department-officer"
        )
    assert caught.value.message == (
        "Chỉ quản trị mạng lưới mới tạo được tài khoản department-officer."
    )


@pytest.mark.parametrize("role", [Role.CATALOGUER, Role.CIRCULATION_CLERK])
def test_cataloguers_and_clerks_cannot_create_staff(role: Role, a: Library) -> None:
    user = factories.staff(role, a)
    with pytest.raises(NotPermitted) as caught:
        services.create_staff(
            user, username="moi", password="mật-khẩu-dài", role="cataloguer", library=a
        )
    assert caught.value.message == refused(user, "manage staff accounts", " tại VN-A0001")


def test_department_officer_cannot_create_staff(a: Library) -> None:
    officer = factories.staff(Role.DEPARTMENT_OFFICER)
    with pytest.raises(NotPermitted) as caught:
        services.create_staff(
            officer, username="moi", password="mật-khẩu-dài", role="cataloguer", library=a
        )
    assert caught.value.message == refused(officer, "manage staff accounts", " tại VN-A0001")
