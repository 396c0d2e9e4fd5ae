"""The lead library's review queue in Chromium: sign in, open the queue, link a pair of old
books held by two libraries, find the decision and undo it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.union.test_services import SYSTEM, marc
from thuvien.catalogue import services as catalogue
from thuvien.network import mfa
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.mfa import enrol, fresh_code
from thuvien.union import review, services
from thuvien.union.models import Membership, ReviewPair


@pytest.fixture
def queue_site(live_server: Any, transactional_db: None, settings: Any) -> str:
    """Two libraries holding one 1928 book each; the first leads the union catalogue."""
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = factories.library("VN-T0101", name_vi="Thư viện tỉnh Thử")
    commune = factories.library("VN-T0102", name_vi="Thư viện xã Thử")
    book = marc("Việt Nam sử lược", year="1928", author="Trần Trọng Kim")
    for library in (province, commune):
        catalogue.create_record(SYSTEM, library, book)
    review.name_lead(SYSTEM, province)
    services.rebuild(SYSTEM)
    enrol(factories.staff(Role.LIBRARY_ADMIN, province, username="quantri-tinh"))
    return str(live_server.url)


def test_the_lead_library_links_a_pair_and_undoes_it(page: Page, queue_site: str) -> None:
    page.goto(queue_site + "/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("quantri-tinh")
    page.get_by_label("Mật khẩu").fill("mật-khẩu-thử-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/staff/mfa/verify/**")  # a library admin: the app's code next
    device = mfa.device_of(get_user_model().objects.get(username="quantri-tinh"))
    assert device is not None
    page.get_by_label("Mã xác thực").fill(fresh_code(device))
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**/staff/")
    page.get_by_role("navigation", name="Mục chính").get_by_role(
        "link", name="Mục lục liên hợp", exact=True
    ).click()
    page.wait_for_url("**/staff/union/")
    expect(page.locator("h1")).to_have_text("Hàng đợi rà soát")
    pair = page.locator("section.pair")
    expect(pair).to_have_count(1)
    expect(pair.locator("td")).to_contain_text(["Thư viện tỉnh Thử", "Thư viện xã Thử"])
    expect(pair.locator("ul.evidence")).to_contain_text("1928 < 1945")
    screenshot(page, "union-queue")

    pair.get_by_role("button", name="Gom", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator(".messages .success")).to_contain_text("thành một ấn bản")
    expect(page.get_by_text("Không có cặp nào chờ rà soát.")).to_be_visible()
    assert len(set(Membership.objects.values_list("cluster_id", flat=True))) == 1

    page.get_by_role("link", name="Quyết định và đề xuất").click()
    page.wait_for_url("**/staff/union/decisions/")
    expect(page.locator("tbody tr").last).to_contain_text("Đang áp dụng")
    page.get_by_role("button", name="Hoàn tác").click()
    page.wait_for_load_state()
    expect(page.locator(".messages .success")).to_contain_text("Đã hoàn tác quyết định")
    expect(page.locator("tbody tr").last).to_contain_text("Đã hoàn tác")
    assert ReviewPair.objects.count() == 1
    page.get_by_role("link", name="Hàng đợi rà soát").click()
    expect(page.locator("section.pair")).to_have_count(1)
