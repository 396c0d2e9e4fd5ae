"""The library directory, the error pages and the icon a reader sees."""

from __future__ import annotations

from django.test import Client

from thuvien.network.models import LibraryFacilities, OnlineService
from thuvien.testing import factories


def test_the_directory_lists_libraries_with_hours_and_online_services() -> None:
    library = factories.library("VN-CT0001", name_vi="Thư viện tỉnh Cần Thơ", phone="0292 3821 000")
    LibraryFacilities.objects.create(
        library=library,
        opening_hours="Thứ Hai – Thứ Bảy, 7:30–20:00",
        online_services=[OnlineService.CATALOGUE, OnlineService.APP],
    )
    factories.library("VN-CT0002", name_vi="Thư viện xã Phong Điền")
    page = Client().get("/libraries/").content.decode()
    assert "2 thư viện" in page
    assert "Thứ Hai – Thứ Bảy, 7:30–20:00" in page
    assert "Tra cứu mục lục trực tuyến, Ứng dụng di động" in page
    assert 'href="tel:0292 3821 000"' in page
    found = Client().get("/libraries/", {"q": "phong dien"}).content.decode()
    assert "1 thư viện" in found
    assert "Thư viện xã Phong Điền" in found
    assert "Thư viện tỉnh Cần Thơ" not in found


def test_an_unknown_address_gets_the_portal_s_own_not_found_page() -> None:
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert 'href="/libraries/"' in page


def test_the_icon_is_served_where_browsers_look_for_it() -> None:
    response = Client().get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/opac/favicon.svg")
