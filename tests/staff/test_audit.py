"""The audit log pages: what changed, seen only by those allowed and within their scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.urls import reverse

from thuvien.audit.models import AuditEntry
from thuvien.catalogue import services
from thuvien.network.models import Library, Role
from thuvien.testing import factories

from .conftest import client_for, record_in
from .pages import text


def _entries(response: object) -> list[AuditEntry]:
    return list(response.context["page"].object_list)  # type: ignore[attr-defined]


def test_each_entry_shows_the_fields_that_changed(
    network_admin: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a)
    item = services.add_item(network_admin, record, barcode="A-1", location="Kho đọc")
    services.update_item(network_admin, item, location="Kho mượn")
    response = client_for(network_admin).get(reverse("staff:audit:log"), {"type": "item"})
    entries = _entries(response)
    assert [e.action for e in entries] == ["update", "create"]
    page = text(response.content.decode())
    assert f"quantri-mang · sửa bản sách #{item.pk}" in page
    assert "Vị trí Kho đọc Kho mượn" in page


def test_library_admin_sees_only_its_own_librarys_entries(
    library_a: Library, library_b: Library
) -> None:
    record_in(library_a, "Sách A")
    other = record_in(library_b, "Sách B")
    admin = factories.staff(Role.LIBRARY_ADMIN, library_a)
    client = client_for(admin)
    response = client.get(reverse("staff:audit:log"))
    assert {e.library_code for e in _entries(response)} == {"VN-A0001"}
    assert "Sách B" not in text(response.content.decode())
    hidden = AuditEntry.objects.get(object_type="record", object_id=str(other.pk))
    assert client.get(reverse("staff:audit:entry", args=[hidden.pk])).status_code == 404
    asked = client.get(reverse("staff:audit:log"), {"library": "VN-B0001"})
    assert _entries(asked) == []


def test_filters_by_library_object_type_and_actor(
    network_admin: AbstractUser, library_a: Library, library_b: Library
) -> None:
    record_in(library_a, "Sách A")
    record_in(library_b, "Sách B")
    cataloguer = factories.staff(Role.CATALOGUER, library_a, username="bienmuc-loc")
    services.create_record(cataloguer, library_a, factories.marc("Sách của người lọc"))
    client = client_for(network_admin)
    by_library = _entries(client.get(reverse("staff:audit:log"), {"library": "VN-B0001"}))
    assert [e.summary for e in by_library] == ["Sách B"]
    by_actor = _entries(client.get(reverse("staff:audit:log"), {"actor": "loc"}))
    assert [e.summary for e in by_actor] == ["Sách của người lọc"]
    by_type = _entries(client.get(reverse("staff:audit:log"), {"type": "library"}))
    assert by_type == []


def test_an_entry_page_shows_long_values_whole(
    network_admin: AbstractUser, library_a: Library
) -> None:
    long_title = "Tuyển tập " + "văn học dân gian " * 40
    record = record_in(library_a, long_title.strip())
    entry = AuditEntry.objects.get(object_type="record", object_id=str(record.pk))
    client = client_for(network_admin)
    listing = text(client.get(reverse("staff:audit:log")).content.decode())
    assert long_title.strip() not in listing
    page = text(client.get(reverse("staff:audit:entry", args=[entry.pk])).content.decode())
    assert long_title.strip() in page
