"""The portal as an app, in Debian's Chromium on a 375-px phone: the manifest is parsed
without errors, the service worker takes control, and after going offline the reader's card
and last known loans still show."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import _orm_beside_the_browser, browser  # noqa: F401 - fixtures
from thuvien.circulation import services

from ..circulation.conftest import make_desk

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def reader_site(live_server: Any, transactional_db: None) -> str:
    desk = make_desk()
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    return str(live_server.url)


def test_a_reader_installs_the_app_and_shows_the_card_and_loans_offline(
    browser: Browser,  # noqa: F811 - the fixture imported above
    reader_site: str,
) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="allow", locale="vi-VN")
    page = context.new_page()
    page.goto(f"{reader_site}/account/sign-in/")
    page.fill("#card", "B001")
    page.fill("#pin", "1234")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{reader_site}/account/")

    # Installable: Chromium parses the manifest without errors and finds start_url and icons.
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest", {})
    assert manifest["errors"] == []
    assert manifest["url"] == f"{reader_site}/manifest.webmanifest"
    parsed = cdp.send("Page.getAppManifest", {})["data"]
    assert '"display": "standalone"' in parsed
    assert '"start_url": "/account/"' in parsed

    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == f"{reader_site}/"
    page.reload()  # the page is now controlled by the worker
    assert page.evaluate("navigator.serviceWorker.controller !== null") is True

    # Chromium's own install check finds nothing wrong with the app; the one objection left
    # is Playwright's private (incognito) context, where no browser offers to install.
    errors = cdp.send("Page.getInstallabilityErrors", {})["installabilityErrors"]
    assert [e["errorId"] for e in errors] == ["in-incognito"]
    page.click("text=Thẻ bạn đọc (mã vạch, mã QR; dùng được khi không có mạng)")
    page.wait_for_url(f"{reader_site}/account/card/")
    assert page.locator("[data-card]").inner_text() == "VN-CT0001:B001"

    context.set_offline(True)
    page.goto(f"{reader_site}/account/card/")
    assert page.locator("[data-card]").inner_text() == "VN-CT0001:B001"
    assert page.locator(".reader-card-barcode svg").count() == 1
    assert page.locator(".reader-card-qr svg").count() == 1
    assert "Truyện Kiều — hạn trả" in page.locator(".card-loans").inner_text()
    # The card is drawn within the phone's width (no sideways scrolling).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
