"""The network registry pages: who registers, edits and records the history of libraries."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.urls import reverse

from thuvien.audit.models import AuditEntry
from thuvien.network import services
from thuvien.network.models import Library, LibraryEvent, LibraryType, Role, StaffProfile
from thuvien.testing import factories

from .conftest import client_for
from .pages import text

NEW_LIBRARY = {
    "code": "VN-CM0100",
    "name_vi": "Thư viện xã Tân Thành",
    "library_type": LibraryType.COMMUNITY,
    "is_public": "on",
    "level": "commune",
    "host_organisation": "UBND xã Tân Thành",
    "founded_on": "2019-05-01",
}


def test_library_list_filters_by_type_and_status(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    factories.library("VN-S0001", name_vi="Thư viện trường THPT Cà Mau", library_type="school")
    factories.library("VN-D0001", name_vi="Thư viện đã giải thể", status="dissolved")
    client = client_for(cataloguer)
    schools = client.get(reverse("staff:network:libraries"), {"type": "school"})
    assert [lib.code for lib in schools.context["page"].object_list] == ["VN-S0001"]
    closed = client.get(reverse("staff:network:libraries"), {"status": "dissolved"})
    assert [lib.code for lib in closed.context["page"].object_list] == ["VN-D0001"]
    everything = text(client.get(reverse("staff:network:libraries")).content.decode())
    assert "VN-A0001 Thư viện tỉnh A" in everything


def test_network_admin_registers_a_library_with_its_founding(network_admin: AbstractUser) -> None:
    client = client_for(network_admin)
    assert "Đăng ký thư viện" in client.get(reverse("staff:network:libraries")).content.decode()
    response = client.post(reverse("staff:network:library_new"), NEW_LIBRARY)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:network:library", args=["VN-CM0100"])
    library = Library.objects.get(code="VN-CM0100")
    assert (library.name_vi, library.library_type) == ("Thư viện xã Tân Thành", "community")
    page = text(client.get(response["Location"]).content.decode())
    assert "01/05/2019 Thành lập VN-CM0100" in page
    assert AuditEntry.objects.filter(object_type="library", library_code="VN-CM0100").exists()


def test_a_code_the_registry_refuses_is_explained_next_to_the_code(
    network_admin: AbstractUser,
) -> None:
    response = client_for(network_admin).post(
        reverse("staff:network:library_new"), {**NEW_LIBRARY, "code": "CM0100"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["code"]
    assert errors[0].startswith('Mã thư viện "CM0100" không hợp lệ')
    assert not Library.objects.filter(name_vi=NEW_LIBRARY["name_vi"]).exists()


def test_department_officer_reads_the_registry_but_registers_nothing(library_a: Library) -> None:
    officer = factories.staff(Role.DEPARTMENT_OFFICER)
    client = client_for(officer)
    detail = client.get(reverse("staff:network:library", args=[library_a.code])).content.decode()
    assert "Sửa hồ sơ" not in detail
    assert "Đăng ký thư viện" not in client.get(reverse("staff:network:libraries")).content.decode()
    assert client.get(reverse("staff:network:library_new")).status_code == 403
    assert client.post(reverse("staff:network:library_new"), NEW_LIBRARY).status_code == 403
    assert not Library.objects.filter(code="VN-CM0100").exists()


def test_library_admin_edits_contacts_of_its_own_library_only(
    library_a: Library, library_b: Library
) -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, library_a)
    client = client_for(admin)
    url = reverse("staff:network:library_edit", args=[library_a.code])
    form = client.get(url).context["form"]
    assert "library_type" not in form.fields
    assert "code" not in form.fields
    response = client.post(
        url, {"name_vi": "Thư viện tỉnh A (mới)", "phone": "0290 3831 234", "email": ""}
    )
    assert response.status_code == 302
    library_a.refresh_from_db()
    assert (library_a.name_vi, library_a.phone) == ("Thư viện tỉnh A (mới)", "0290 3831 234")
    renamed = LibraryEvent.objects.get(library=library_a, kind="renamed")
    assert renamed.previous_name == "Thư viện tỉnh A"
    other = reverse("staff:network:library_edit", args=[library_b.code])
    assert client.get(other).status_code == 403


def test_library_admin_records_a_founding_but_not_a_merger(
    library_a: Library, library_b: Library
) -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, library_a, username="quantri-a")
    client = client_for(admin)
    url = reverse("staff:network:event_new", args=[library_a.code])
    founded = {"kind": "founded", "date": "1976-03-10", "related": "", "note": ""}
    assert client.post(url, founded).status_code == 302
    assert LibraryEvent.objects.get(library=library_a).date == datetime.date(1976, 3, 10)
    merger = {"kind": "merged", "date": "2025-07-01", "related": library_b.code, "note": ""}
    response = client.post(url, merger)
    assert response.status_code == 200
    assert "việc này do quản trị mạng lưới làm" in text(response.content.decode())
    library_a.refresh_from_db()
    assert library_a.status == "active"


def test_unknown_related_library_codes_are_named(
    network_admin: AbstractUser, library_a: Library
) -> None:
    url = reverse("staff:network:event_new", args=[library_a.code])
    response = client_for(network_admin).post(
        url, {"kind": "merged", "date": "2025-07-01", "related": "VN-X9999", "note": ""}
    )
    assert "Không có thư viện mã VN-X9999." in text(response.content.decode())


def test_library_admin_creates_a_cataloguer_who_can_sign_in(library_a: Library) -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, library_a)
    client = client_for(admin)
    url = reverse("staff:network:staff_new", args=[library_a.code])
    roles = [value for value, _ in client.get(url).context["form"].fields["role"].choices]
    assert Role.NETWORK_ADMIN not in roles
    response = client.post(
        url,
        {
            "username": "bienmuc-moi",
            "password": "mật-khẩu-đủ-dài",
            "role": "cataloguer",
            "full_name": "Nguyễn Thị Lan",
            "email": "",
        },
    )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user__username="bienmuc-moi")
    assert (profile.role, profile.library) == ("cataloguer", library_a)
    page = text(
        client.get(reverse("staff:network:library", args=[library_a.code])).content.decode()
    )
    assert "bienmuc-moi Nguyễn Thị Lan Biên mục viên" in page
    fresh = client_for(None)
    login = {"username": "bienmuc-moi", "password": "mật-khẩu-đủ-dài"}
    assert fresh.post(reverse("staff:login"), login).status_code == 302


def test_library_page_lists_events_and_staff(
    network_admin: AbstractUser, library_a: Library
) -> None:
    services.record_event(network_admin, library_a, "founded", datetime.date(1976, 3, 10))
    factories.staff(Role.CATALOGUER, library_a, username="bienmuc-x")
    page = text(
        client_for(network_admin)
        .get(reverse("staff:network:library", args=[library_a.code]))
        .content.decode()
    )
    assert "10/03/1976 Thành lập VN-A0001" in page
    assert "bienmuc-x" in page
