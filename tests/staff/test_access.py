"""Who reaches which staff page, and which buttons each role sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.urls import reverse

from thuvien.audit.models import AuditEntry
from thuvien.catalogue import services
from thuvien.catalogue.models import ImportBatch
from thuvien.network.models import Library, Role
from thuvien.testing import factories

from .conftest import client_for, record_in
from .pages import accessibility_problems, text

ALL_ROLES = list(Role)
# Pages every staff member may open, and those only some roles may open.
OPEN_PAGES = [
    "home",
    "catalogue:records",
    "catalogue:record",
    "catalogue:imports",
    "network:libraries",
    "network:library",
]
EDIT_PAGES = [
    "catalogue:record_new",
    "catalogue:record_edit",
    "catalogue:import_new",
    "catalogue:item_new",
]
EDITORS = {Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CATALOGUER}
AUDITORS = {Role.NETWORK_ADMIN, Role.DEPARTMENT_OFFICER, Role.LIBRARY_ADMIN}
LENDERS = {Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CIRCULATION_CLERK}


def _url(name: str, library: Library, record_pk: int) -> str:
    if name in ("catalogue:record", "catalogue:record_edit", "catalogue:item_new"):
        return reverse(f"staff:{name}", args=[record_pk])
    if name == "network:library":
        return reverse("staff:network:library", args=[library.code])
    return reverse(f"staff:{name}")


def _user(role: Role, library: Library) -> AbstractUser:
    scoped = role not in (Role.NETWORK_ADMIN, Role.DEPARTMENT_OFFICER)
    return factories.staff(role, library if scoped else None)


def test_anonymous_visitor_is_sent_to_the_sign_in_page() -> None:
    response = client_for(None).get(reverse("staff:catalogue:records"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('staff:login')}?next=/staff/records/"


def test_sign_in_page_signs_a_cataloguer_in_and_out(cataloguer: AbstractUser) -> None:
    client = client_for(None)
    page = client.get(reverse("staff:login"))
    assert 'label for="id_username"' in page.content.decode()
    response = client.post(
        reverse("staff:login"), {"username": "bienmuc-a", "password": "mật-khẩu-thử-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")
    assert client.get(reverse("staff:home")).status_code == 200
    assert client.post(reverse("staff:logout")).status_code == 302
    assert client.get(reverse("staff:home")).status_code == 302


def test_account_without_staff_role_gets_a_clear_403_page() -> None:
    user = get_user_model().objects.create_user(username="ban-doc", password="x" * 12)
    response = client_for(user).get(reverse("staff:home"))
    assert response.status_code == 403
    assert (
        "Tài khoản ban-doc chưa được gán vai trò cán bộ thư viện; hãy nhờ quản trị thư viện gán "
        "vai trò." in text(response.content.decode())
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_opens_the_everyday_pages(role: Role, library_a: Library) -> None:
    record = record_in(library_a)
    client = client_for(_user(role, library_a))
    for name in OPEN_PAGES:
        response = client.get(_url(name, library_a, record.pk))
        assert response.status_code == 200, name
        assert b"<h1>" in response.content


@pytest.mark.parametrize("role", ALL_ROLES)
def test_editing_pages_open_only_for_roles_that_may_edit(role: Role, library_a: Library) -> None:
    record = record_in(library_a)
    client = client_for(_user(role, library_a))
    expected = 200 if role in EDITORS else 403
    for name in EDIT_PAGES:
        assert client.get(_url(name, library_a, record.pk)).status_code == expected, name


@pytest.mark.parametrize("role", ALL_ROLES)
def test_audit_log_opens_only_for_roles_that_may_read_it(role: Role, library_a: Library) -> None:
    client = client_for(_user(role, library_a))
    response = client.get(reverse("staff:audit:log"))
    assert response.status_code == (200 if role in AUDITORS else 403)
    menu = client.get(reverse("staff:home")).content.decode()
    assert (f'href="{reverse("staff:audit:log")}"' in menu) == (role in AUDITORS)


def test_cataloguer_of_library_a_may_not_edit_library_b_record(
    cataloguer: AbstractUser, library_b: Library
) -> None:
    record = record_in(library_b, "Sách của B")
    client = client_for(cataloguer)
    for name in ("record_edit", "record_delete", "item_new"):
        response = client.get(reverse(f"staff:catalogue:{name}", args=[record.pk]))
        assert response.status_code == 403
        assert "Tài khoản bienmuc-a (Biên mục viên) không được phép sửa " in text(
            response.content.decode()
        )
    response = client.post(reverse("staff:catalogue:record_delete", args=[record.pk]))
    assert response.status_code == 403
    assert record.__class__.objects.filter(pk=record.pk).exists()


def test_buttons_show_only_on_records_the_user_may_change(
    cataloguer: AbstractUser, library_a: Library, library_b: Library
) -> None:
    own = record_in(library_a, "Sách của A")
    other = record_in(library_b, "Sách của B")
    actor = factories.staff(Role.NETWORK_ADMIN)
    item = services.add_item(actor, other, barcode="B-1")
    client = client_for(cataloguer)
    own_page = client.get(reverse("staff:catalogue:record", args=[own.pk])).content.decode()
    other_page = client.get(reverse("staff:catalogue:record", args=[other.pk])).content.decode()
    for name in ("record_edit", "record_delete", "item_new"):
        assert reverse(f"staff:catalogue:{name}", args=[own.pk]) in own_page
        assert reverse(f"staff:catalogue:{name}", args=[other.pk]) not in other_page
    assert reverse("staff:catalogue:item_edit", args=[item.pk]) not in other_page
    assert "Sách của B" in other_page


def test_circulation_clerk_sees_records_without_any_edit_button(library_a: Library) -> None:
    record = record_in(library_a)
    clerk = factories.staff(Role.CIRCULATION_CLERK, library_a)
    page = (
        client_for(clerk).get(reverse("staff:catalogue:record", args=[record.pk])).content.decode()
    )
    assert "Sửa bản ghi" not in page
    assert "Thêm bản sao" not in page


def test_every_page_labels_its_inputs_and_keeps_headings_in_order(
    network_admin: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a, extra=[["700", "1", " ", [["a", "Tác giả phụ"]]]])
    item = services.add_item(network_admin, record, barcode="A-1")
    batch = ImportBatch.objects.create(
        library=library_a,
        file_name="cu.mrc",
        status="done",
        rejected=1,
        report={"warnings": ["w"], "errors": [{"index": 1, "offset": 0, "reason": "hỏng"}]},
    )
    entry = AuditEntry.objects.filter(object_type="item").first()
    assert entry is not None
    client = client_for(network_admin)
    urls = [
        reverse("staff:catalogue:import", args=[batch.pk]),
        reverse("staff:audit:entry", args=[entry.pk]),
        reverse("staff:home"),
        reverse("staff:catalogue:records"),
        reverse("staff:catalogue:record", args=[record.pk]),
        reverse("staff:catalogue:record_new"),
        reverse("staff:catalogue:record_edit", args=[record.pk]),
        reverse("staff:catalogue:record_delete", args=[record.pk]),
        reverse("staff:catalogue:item_new", args=[record.pk]),
        reverse("staff:catalogue:item_edit", args=[item.pk]),
        reverse("staff:catalogue:imports"),
        reverse("staff:catalogue:import_new"),
        reverse("staff:network:libraries"),
        reverse("staff:network:library", args=[library_a.code]),
        reverse("staff:network:library_new"),
        reverse("staff:network:library_edit", args=[library_a.code]),
        reverse("staff:network:event_new", args=[library_a.code]),
        reverse("staff:network:staff_new", args=[library_a.code]),
        reverse("staff:audit:log"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert accessibility_problems(response.content.decode()) == [], url
    assert (
        accessibility_problems(client_for(None).get(reverse("staff:login")).content.decode()) == []
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_circulation_desk_and_reader_requests_are_in_the_menu_of_those_who_lend(
    role: Role, library_a: Library
) -> None:
    client = client_for(_user(role, library_a))
    home = client.get(reverse("staff:home")).content.decode()
    for name in ("staff:circulation:desk", "staff:circulation:requests"):
        assert (f'href="{reverse(name)}"' in home) == (role in LENDERS), name
        if role in LENDERS:
            assert client.get(reverse(name)).status_code == 200, name


def test_a_staff_page_stays_vietnamese_whatever_the_browser_asks(client: Any) -> None:
    """Staff templates are Vietnamese; the labels in them must not follow Accept-Language."""
    library = factories.library("VN-LG0001")
    user = factories.staff(Role.LIBRARY_ADMIN, library)
    client.force_login(user)
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.status_code == 200
    assert page.wsgi_request.LANGUAGE_CODE == "vi"
    client.cookies["django_language"] = "en"
    assert client.get("/staff/").wsgi_request.LANGUAGE_CODE == "en"
