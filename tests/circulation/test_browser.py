"""The desk and the reader's account in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from thuvien.circulation.models import Loan

from .conftest import make_desk

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install the Debian package chromium"
    with pytest.MonkeyPatch.context() as patch:
        # Playwright keeps an event loop in this thread; the test's ORM calls are synchronous.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            yield launched
            launched.close()


@pytest.fixture
def page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_clerk_serves_a_reader_with_the_scanner_and_enter_alone(page: Page) -> None:
    desk = make_desk()
    page.goto("/staff/login/")
    page.fill("#id_username", desk.clerk.get_username())
    page.fill("#id_password", "mật-khẩu-thử-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto("/staff/circulation/")
    scan = page.locator("#scan")
    expect(scan).to_be_focused()
    for text in ("B001", "TK-1", "TK-2"):
        page.locator("#scan").fill(text)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Đã cho mượn TK-2, hạn trả")
    expect(page.locator("caption")).to_have_text("Đang mượn (2)")
    page.get_by_role("button", name="Hoàn tác (Alt+Z)").click()
    expect(page.get_by_role("status").first).to_have_text("Đã hoàn tác lần cho mượn TK-2.")
    expect(page.locator("#scan")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # empty Enter: the reader's turn is over
    expect(page.get_by_role("status").first).to_have_text("Xong lượt bạn đọc VN-CT0001:B001.")
    assert list(Loan.objects.filter(state="active").values_list("item__barcode", flat=True)) == [
        "TK-1"
    ]


def test_reader_signs_in_with_card_and_pin_and_renews(page: Page) -> None:
    desk = make_desk()
    from thuvien.circulation import services

    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    page.goto("/account/")
    page.fill("#card", "B001")
    page.fill("#pin", "1234")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đọc B001")
    page.get_by_role("button", name="Gia hạn").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gia hạn Truyện Kiều đến")
    assert Loan.objects.get().renewals == 1
