"""The record list (search, filter, paging) and a record's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.urls import reverse

from thuvien.catalogue import services
from thuvien.catalogue.models import Record
from thuvien.network.models import Library, Role
from thuvien.testing import factories

from .conftest import client_for, record_in
from .pages import text


def _titles(response: Any) -> list[str]:
    return [r.title for r in response.context["page"].object_list]


def test_search_finds_a_record_by_title_isbn_control_number_or_copy_barcode(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    isbn = ["020", " ", " ", [["a", "0-471-38314-7 (paper)"]]]
    wanted = record_in(library_a, "Lịch sử Việt Nam", control="TV-42", extra=[isbn])
    record_in(library_a, "Địa chí tỉnh")
    admin = factories.staff(Role.NETWORK_ADMIN)
    services.add_item(admin, wanted, barcode="A000123")
    client = client_for(cataloguer)
    for query in (
        "lịch sử",
        "9780471383147",
        "978-0-471-38314-7",
        "0471383147",
        "TV-42",
        "A000123",
    ):
        response = client.get(reverse("staff:catalogue:records"), {"q": query})
        assert _titles(response) == ["Lịch sử Việt Nam"], query


def test_list_starts_on_the_users_library_and_can_show_the_whole_network(
    cataloguer: AbstractUser, library_a: Library, library_b: Library
) -> None:
    record_in(library_a, "Sách A")
    record_in(library_b, "Sách B")
    client = client_for(cataloguer)
    assert _titles(client.get(reverse("staff:catalogue:records"))) == ["Sách A"]
    everywhere = client.get(reverse("staff:catalogue:records"), {"library": ""})
    assert sorted(_titles(everywhere)) == ["Sách A", "Sách B"]
    assert _titles(client.get(reverse("staff:catalogue:records"), {"library": "VN-B0001"})) == [
        "Sách B"
    ]


def test_list_pages_by_fifty_with_the_same_queries_for_any_page_size(
    cataloguer: AbstractUser, library_a: Library, django_assert_num_queries: Any
) -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    for n in range(3):
        services.add_item(admin, record_in(library_a, f"Sách {n}"), barcode=f"X{n}")
    client = client_for(cataloguer)
    client.get(reverse("staff:catalogue:records"))  # session and user caches warm
    # session, user, whether the account has a two-step app (asked on every request of a
    # session that has not passed a code: enrolled elsewhere meanwhile), staff profile,
    # profile's library, count, page rows, libraries chooser
    with django_assert_num_queries(8):
        small = client.get(reverse("staff:catalogue:records"))
    for n in range(3, 60):
        services.add_item(admin, record_in(library_a, f"Sách {n}"), barcode=f"X{n}")
    with django_assert_num_queries(8):
        large = client.get(reverse("staff:catalogue:records"))
    assert len(_titles(small)) == 3
    assert len(_titles(large)) == 50
    assert "Trang 1 / 2 (60 mục)" in text(large.content.decode())
    second = client.get(reverse("staff:catalogue:records"), {"page": 2})
    assert len(_titles(second)) == 10


def test_record_page_shows_fields_marc_copies_and_provenance(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(
        library_a,
        "Truyện Kiều",
        extra=[["100", "1", " ", [["a", "Nguyễn Du"]]], ["082", "0", "4", [["a", "895.9221"]]]],
    )
    Record.objects.filter(pk=record.pk).update(needs_review="bảng mã TCVN3 đã được chuyển")
    admin = factories.staff(Role.NETWORK_ADMIN)
    services.add_item(admin, record, barcode="KIEU-1", accession_number="VV.001")
    page = (
        client_for(cataloguer)
        .get(reverse("staff:catalogue:record", args=[record.pk]))
        .content.decode()
    )
    words = text(page)
    assert "Cần xem lại: bảng mã TCVN3 đã được chuyển" in words
    assert "Nguyễn Du" in words
    assert "Phân loại DDC 895.9221" in words
    assert "KIEU-1 VV.001" in words
    assert '<b class="code">$a</b> Truyện Kiều' in page
    assert "00000nam#a2200000#a#4500" in words
    assert "Nguồn thuvien" in words
