"""A clerk registers a reader and edits a loan rule in a real browser (Debian's Chromium via
Playwright), on a 375-px phone and on a desktop screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from thuvien.circulation.models import LoanRule, Patron
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.mfa import enrol, fresh_code

from .conftest import make_desk

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]
SCREENS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install the Debian package chromium"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            yield launched
            launched.close()


@pytest.fixture(params=sorted(SCREENS))
def page(
    request: pytest.FixtureRequest, browser: Browser, live_server: Any, transactional_db: None
) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=SCREENS[request.param]
    )
    yield context.new_page()
    context.close()


def _fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_clerk_registers_a_reader_and_edits_a_loan_rule(page: Page) -> None:
    desk = make_desk()
    admin = factories.staff(Role.LIBRARY_ADMIN, desk.library, username="quantri-ct")
    device = enrol(admin)  # a library admin: THUVIEN_MFA=required asks for the app's code
    page.goto("/staff/login/")
    page.fill("#id_username", admin.get_username())
    page.fill("#id_password", "mật-khẩu-thử-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Mã xác thực").fill(fresh_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp tục").click()

    page.get_by_role("link", name="Bạn đọc", exact=True).click()
    page.get_by_role("link", name="Đăng ký bạn đọc mới").click()
    page.get_by_label("Số thẻ").fill("B777")
    page.get_by_label("Họ và tên").fill("Châu Ngọc Diệp")
    page.get_by_label("Đối tượng").select_option("adult")
    page.get_by_label("Điện thoại").fill("0909777888")
    page.get_by_label("Bạn đọc đồng ý cho lưu lịch sử mượn").check()
    assert _fits_the_screen(page)
    page.get_by_role("button", name="Cấp thẻ").click()
    expect(page.get_by_role("status").first).to_have_text("Đã cấp thẻ B777 cho Châu Ngọc Diệp.")
    assert Patron.objects.get(card_number="B777").keep_history is True

    page.get_by_role("link", name="Quy tắc mượn").click()
    page.get_by_label("Đối tượng bạn đọc").select_option("adult")
    page.get_by_label("Số ngày mượn (0: chỉ đọc tại chỗ)").fill("10")
    page.get_by_role("button", name="Thêm quy tắc").click()
    expect(page.get_by_role("status").first).to_have_text("Đã thêm quy tắc mượn.")
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Số ngày mượn (0: chỉ đọc tại chỗ)").fill("7")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status").first).to_have_text("Đã sửa quy tắc mượn.")
    expect(page.locator("tbody")).to_contain_text("mượn 7 ngày, gia hạn 2 lần, tối đa 5 cuốn")
    assert LoanRule.objects.get().loan_days == 7

    page.get_by_label("Thẻ bạn đọc").fill("B777")
    page.get_by_label("Mã vạch tài liệu").fill("TK-1")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator(".preview")).to_have_text(
        f"Cho Châu Ngọc Diệp mượn TK-1: theo quy tắc của {desk.library.name_vi} cho Người lớn, "
        "mọi loại tài liệu — mượn 7 ngày, gia hạn 2 lần, tối đa 5 cuốn."
    )
    assert _fits_the_screen(page)
