"""The portal in a real browser: Debian's Chromium, headless, driven by Playwright.

The browser is the system one (``/usr/bin/chromium``, Debian packages ``chromium`` and
``chromium-driver``); Playwright never downloads one. The site is pytest-django's live
server over a test database loaded through the real import, with a search index of its own.
axe-core comes from npm (``npm ci`` at the repository root).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, sync_playwright

from thuvien.demo.vietnamese_sample_data import held_by
from thuvien.demo.vietnamese_samples import vietnamese_records
from thuvien.testing.factories import shared
from thuvien.testing.portal import COMMUNE, PROVINCE, PortalData, import_marc, portal_catalogue
from thuvien.testing.search import use_index_in

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module. Not per session: Playwright's event loop runs in this
    thread while it is open, which would make Django refuse later tests' database calls."""
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install the Debian packages chromium and chromium-driver "
        "(`make setup` does)"
    )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(autouse=True, scope="module")
def _orm_beside_the_browser() -> Iterator[None]:
    """Playwright's synchronous API keeps an event loop in this thread; the tests' own ORM
    calls (loading data, emptying the tables after each test) are synchronous code that
    Django would refuse there. Module-wide, so it outlasts each test's database teardown."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def site(live_server: Any, transactional_db: None, settings: Any, tmp_path: Path) -> str:
    """The portal's address, serving the test catalogue plus real Vietnamese book records
    spread over the two libraries, indexed by `thuvien reindex`."""
    catalogue: PortalData = portal_catalogue()
    samples = list(
        vietnamese_records(
            shared("vietnamese", "tiki_book_data.csv"), [PROVINCE, COMMUNE], limit=60
        )
    )
    for code in (PROVINCE, COMMUNE):
        import_marc(
            catalogue.libraries[code], [m for m in (held_by(r, code) for r in samples) if m]
        )
    use_index_in(settings, tmp_path)
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    return str(live_server.url)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[arg-type]
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> None:
    """Keep a picture of the page when THUVIEN_SCREENSHOTS names a folder (never in git)."""
    folder = os.environ.get("THUVIEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
