"""Two-step sign-in in a real browser on a phone-sized page (issue 14): a library admin signs
in, is sent to enrolment, types the secret's code as an authenticator app computes it, keeps
the ten recovery codes, signs out, and signs in again with the password and a fresh code.
No inline script anywhere (the CSP would block it and the console would say so)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, screenshot
from thuvien.network import mfa
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.mfa import code_from_secret, fresh_code

PASSWORD = "mật-khẩu-thử-1"


@pytest.fixture
def phone_site(
    browser: Browser, live_server: Any, transactional_db: None
) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(
        viewport=PHONE,  # type: ignore[arg-type]
        is_mobile=True,
        has_touch=True,
        base_url=str(live_server.url),
    )
    page = context.new_page()
    complaints: list[str] = []
    page.on(
        "console",
        lambda m: complaints.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page, complaints
    context.close()


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_an_admin_enrols_on_a_phone_and_signs_in_again_with_a_code(
    phone_site: tuple[Page, list[str]],
) -> None:
    page, complaints = phone_site
    admin = factories.staff(Role.LIBRARY_ADMIN, factories.library("VN-B0001"), username="qt-tv")
    page.goto("/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("qt-tv")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/staff/mfa/enrol/**")
    expect(page.locator("h1")).to_have_text("Bật xác thực hai bước")
    expect(page.locator("figure.qr svg")).to_be_visible()
    box = page.locator("figure.qr svg").bounding_box()
    assert box is not None
    assert box["width"] <= 375
    _fits(page)
    screenshot(page, "mfa-enrol-phone")
    # Every other staff page sends the admin back here until the app is confirmed.
    page.goto("/staff/records/")
    page.wait_for_url("**/staff/mfa/enrol/**")
    secret = page.locator("#secret").inner_text()
    page.get_by_label("Mã 6 chữ số trên ứng dụng").fill(code_from_secret(secret))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("h1")).to_have_text("Đã bật xác thực hai bước")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    _fits(page)
    screenshot(page, "mfa-recovery-codes-phone")
    page.get_by_role("link", name="Đã chép xong, tiếp tục").click()
    page.wait_for_url("**/staff/records/")

    page.get_by_role("button", name="Đăng xuất").click()
    page.goto("/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("qt-tv")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/staff/mfa/verify/**")
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("alert")).to_contain_text("Mã không đúng.")
    device = mfa.device_of(admin)
    assert device is not None
    page.get_by_label("Mã xác thực").fill(fresh_code(device))
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**/staff/")
    expect(page.locator(".who")).to_contain_text("qt-tv")
    _fits(page)
    assert complaints == []
