"""The deep-zoom viewer on the portal's record page, in a real browser on a phone's screen:
pages load as IIIF tiles, and a search inside the text highlights the hit on its page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.digital import samples
from thuvien.catalogue.services import create_record
from thuvien.digital.services import ingest
from thuvien.digital.tasks import ocr_object
from thuvien.network.models import Library, Role
from thuvien.testing import factories

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 375, "height": 740}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make setup` installs Debian's chromium"
    with (
        pytest.MonkeyPatch.context() as patch,  # the ORM beside Playwright's event loop
        sync_playwright() as playwright,
    ):
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def test_a_reader_on_a_phone_zooms_a_scan_and_finds_a_word_in_it(
    browser: Browser, live_server: Any, library: Library, tmp_path: Path
) -> None:
    cataloguer = factories.staff(Role.CATALOGUER, library)
    record = create_record(cataloguer, library, factories.marc("Địa chí tỉnh Cà Mau"))
    obj = ingest(
        [samples.scanned_page(tmp_path / "1.jpg"), samples.png(tmp_path / "2.png")],
        library=library,
        identifier="dia-chi-ca-mau",
        title="Địa chí tỉnh Cà Mau",
        record=record,
        rights="public-domain",
        ocr="vie",
        actor=cataloguer,
    )
    ocr_object.call(obj.pk)
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.set_default_timeout(120_000)  # a loaded 2-core machine: waits, never a timing assertion
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/record/{record.pk}")
    assert page.locator("#digital").inner_text() == "Bản số"
    page.wait_for_selector(".iiif-viewer .osd canvas")
    viewer = page.locator(".iiif-viewer .osd").bounding_box()
    assert viewer is not None
    assert viewer["width"] <= PHONE["width"]
    page.fill("form.search-inside input[name=q]", "dam doi")
    page.click("form.search-inside button")
    page.wait_for_selector(".iiif-viewer .hit")
    assert page.locator("ol.hits li").all_inner_texts() == ["1: Đầm Dơi"]
    mark = page.locator(".iiif-viewer .hit").bounding_box()
    assert mark is not None
    assert mark["width"] > 5
    assert errors == []
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    page.close()
