"""A librarian counts a stack on a 375-px phone in a real browser (Debian's Chromium via
Playwright): scans typed into the one field, the connection lost for a while (the page even
reloaded then, from the service worker's copy), the scans kept in the browser and sent once
when it comes back, and the stock-take shows the missing copy."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect, sync_playwright

from thuvien.stock import stocktake
from thuvien.stock.models import Scan
from thuvien.testing.mfa import enrol, fresh_code

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]
PHONE: ViewportSize = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install the Debian package chromium"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            yield launched
            launched.close()


@pytest.fixture
def phone(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    yield context
    context.close()


def scan(page: Page, barcode: str) -> None:
    page.keyboard.type(barcode)  # into whatever has the focus, as a USB scanner does
    page.keyboard.press("Enter")


def test_scans_made_offline_are_sent_once_when_the_connection_returns(
    shelf: Any, phone: BrowserContext
) -> None:
    take = stocktake.open_stock_take(
        shelf.admin, shelf.library, name="Kiểm kê kho A", locations=["Kho A"]
    )
    device = enrol(shelf.admin)  # a library admin signs in with the app's code too
    page = phone.new_page()
    page.goto("/staff/login/")
    page.fill("#id_username", shelf.admin.get_username())
    page.fill("#id_password", "mật-khẩu-thử-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/staff/mfa/verify/**")
    page.get_by_label("Mã xác thực").fill(fresh_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp tục").click()
    page.goto(f"/staff/stock/{take.pk}/scan/")
    # The service worker takes the page in hand; from the next visit it keeps a copy.
    # Polled from here: wait_for_function compiles its predicate in the page (CSP forbids it).
    deadline = time.monotonic() + 15
    while not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        assert time.monotonic() < deadline, "the service worker never took the page"
        page.wait_for_timeout(100)
    page.reload()
    expect(page.locator("#scan-barcode")).to_be_focused()
    # Debian's Chromium has no BarcodeDetector: no camera button that would do nothing.
    expect(page.locator("#scan-camera")).to_be_hidden()
    scan(page, "A1")
    scan(page, "A2")
    expect(page.locator("#scan-total")).to_have_text("2")

    phone.set_offline(True)
    page.reload()  # the phone reloads the page in a stack without a network: the kept copy
    expect(page.locator("#scan-local")).to_have_text("2")
    scan(page, "A3")
    expect(page.locator("#scan-status")).to_have_text(
        "Mất mạng: 1 lượt quét đang chờ gửi, cứ tiếp tục quét."
    )
    expect(page.locator("#scan-pending")).to_have_text("1")
    expect(page.locator("#scan-barcode")).to_be_focused()
    assert Scan.objects.count() == 2

    phone.set_offline(False)
    expect(page.locator("#scan-total")).to_have_text("3")
    expect(page.locator("#scan-pending")).to_have_text("0")
    page.reload()  # nothing already sent goes again
    expect(page.locator("#scan-local")).to_have_text("3")
    expect(page.locator("#scan-pending")).to_have_text("0")
    assert sorted(Scan.objects.values_list("barcode", flat=True)) == ["A1", "A2", "A3"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto(f"/staff/stock/{take.pk}/")
    expect(page.locator("#missing")).to_have_text("Thiếu (1)")
    expect(page.locator("table").first).to_contain_text("VV.A4")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
