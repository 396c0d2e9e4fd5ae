"""The union catalogue in Chromium: a reader finds one hit for a book that two libraries
hold, "held by 2 libraries"; a school librarian copies its record from the union into her
library in one click, adds her copy, and the book is then held by three."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Record
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.search import index_now, use_index_in

PASSWORD = "mật-khẩu-thử-1"  # factories.staff's


@pytest.fixture
def union_site(
    live_server: Any, transactional_db: None, settings: Any, tmp_path: Path
) -> tuple[str, AbstractUser, Library]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    use_index_in(settings, tmp_path)
    province = factories.library("VN-TN0001", name_vi="Thư viện tỉnh Tây Ninh")
    commune = factories.library("VN-TN0002", name_vi="Thư viện xã Tân Hòa")
    school = factories.library(
        "VN-TN0003", name_vi="Thư viện Trường Tiểu học Tân Hòa", library_type="school"
    )
    extra: list[Any] = [
        ["020", " ", " ", [["a", "9786042000011"]]],
        ["100", "0", " ", [["a", "Tô Hoài"]]],
        ["260", " ", " ", [["a", "Hà Nội :"], ["b", "Kim Đồng,"], ["c", "2018."]]],
    ]
    for n, library in enumerate((province, commune)):
        record = catalogue.create_record(
            "system", library, factories.marc("Dế mèn phiêu lưu ký", extra=extra)
        )
        catalogue.add_item("system", record, barcode=f"DM-{n}")
    index_now()
    librarian = factories.staff(Role.CATALOGUER, school, username="co.lan")
    return str(live_server.url), librarian, school


def test_one_hit_held_by_two_then_a_school_copies_it_and_adds_a_copy(
    page: Page, union_site: tuple[str, AbstractUser, Library]
) -> None:
    site, _, school = union_site
    page.goto(site + "/search?q=de+men+phieu+luu+ky")
    hits = page.locator("li.hit")
    expect(hits).to_have_count(1)
    expect(hits.locator("p.held-by")).to_have_text("Có ở 2 thư viện")
    expect(hits.locator("ul.where li")).to_have_count(2)
    screenshot(page, "union-one-hit")

    page.goto(site + "/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("co.lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Sao chép từ mục lục liên hợp").first.click()
    page.get_by_label("Nhan đề, tác giả, ISBN").fill("de men")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("h2")).to_contain_text(["1 ấn bản"])
    page.get_by_role("link", name="Xem trước").click()
    expect(page.locator("h1")).to_have_text("Dế mèn phiêu lưu ký")
    page.get_by_role("button", name="Sao chép vào thư viện của tôi").click()
    copy = Record.objects.get(library=school)
    page.wait_for_url(f"**/staff/records/{copy.pk}/")
    expect(page.locator("body")).to_contain_text("Đã sao chép biểu ghi vào VN-TN0003")
    assert copy.copied_from is not None
    page.get_by_role("link", name="Thêm bản sao").click()
    page.get_by_label("Mã vạch").fill("TH-0001")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text("TH-0001")
    screenshot(page, "union-copied")

    index_now()
    page.goto(site + "/search?q=de+men+phieu+luu+ky")
    expect(page.locator("li.hit")).to_have_count(1)
    expect(page.locator("li.hit p.held-by")).to_have_text("Có ở 3 thư viện")
