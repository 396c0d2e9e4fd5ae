"""The registry fields the reports read: reading rooms and book cabinets as entries, a
library's facilities, and the population the Department enters."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser

from thuvien.audit.models import AuditEntry
from thuvien.errors import InvalidInput, NotPermitted
from thuvien.network import facilities, services
from thuvien.network.models import AdministrativeUnit, Population, Role
from thuvien.testing import factories


def test_a_community_book_cabinet_is_a_registry_entry_of_its_own_kind() -> None:
    admin = factories.staff(Role.NETWORK_ADMIN, None)
    cabinet = services.register_library(
        admin, code="VN-TS0001", name_vi="Tủ sách ấp Khai Long", library_type="community",
        facility="book-cabinet",
    )  # fmt: skip
    assert cabinet.get_facility_display() == "Tủ sách cộng đồng"
    with pytest.raises(InvalidInput) as caught:
        services.register_library(
            admin, code="VN-TS0002", name_vi="Kệ sách", library_type="community", facility="kệ"
        )
    assert caught.value.message == (
        'Loại cơ sở "kệ" không hợp lệ; hãy chọn một trong: library, reading-room, book-cabinet.'
    )


def test_a_library_keeps_its_own_facilities_and_each_change_is_audited() -> None:
    library = factories.library("VN-CS0001")
    admin = factories.staff(Role.LIBRARY_ADMIN, library, username="qt-cs")
    facilities.update_facilities(admin, library, seats=60, online_services=["app", "catalogue"])
    row = facilities.facilities_of(library)
    assert (row.seats, row.online_services) == (60, ["app", "catalogue"])
    entry = AuditEntry.objects.get(object_type="library-facilities")
    assert (entry.before["seats"], entry.after["seats"]) == (None, 60)
    with pytest.raises(InvalidInput) as wrong:
        facilities.update_facilities(admin, library, online_services=["fax"])
    assert wrong.value.message == (
        "Dịch vụ trực tuyến fax không có; hãy chọn trong: catalogue, renewal, digital, "
        "registration, questions, app."
    )
    other = factories.staff(Role.LIBRARY_ADMIN, factories.library("VN-CS0002"), username="qt-cs2")
    with pytest.raises(NotPermitted):
        facilities.update_facilities(other, library, seats=1)
    assert facilities.facilities_of(library).seats == 60


def test_the_population_is_the_departments_to_enter(officer: AbstractUser) -> None:
    unit = AdministrativeUnit.objects.create(
        scheme="2025", code="96", name="Cà Mau", division_type="tỉnh", level="province"
    )
    facilities.set_population(officer, unit, 2026, 2_600_000, "Cục Thống kê")
    facilities.set_population(officer, unit, 2026, 2_610_000, "Cục Thống kê, sửa")
    assert Population.objects.get(unit=unit, year=2026).population == 2_610_000
    with pytest.raises(InvalidInput) as caught:
        facilities.set_population(officer, unit, 2026, 0)
    assert caught.value.message == "Dân số của Cà Mau năm 2026 phải lớn hơn 0 (đã nhập 0)."
    librarian = factories.staff(Role.LIBRARY_ADMIN, factories.library(), username="qt-ds")
    with pytest.raises(NotPermitted) as refused:
        facilities.set_population(librarian, unit, 2026, 1)
    assert refused.value.message == (
        "Tài khoản qt-ds (Quản trị thư viện) không được phép quản lý đánh giá, chỉ tiêu, kiểm "
        "tra và tập huấn."
    )
