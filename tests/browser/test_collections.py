"""A reader on a 375-px phone browses a digital collection from the portal's menu, filters it,
and opens an object: the thumbnails are real IIIF images, the viewer opens, nothing scrolls
sideways."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.digital import samples
from thuvien.digital.lookup import forget_pages
from thuvien.digital.models import Collection
from thuvien.digital.services import ingest
from thuvien.testing import factories


@pytest.fixture
def collection_site(live_server: Any, transactional_db: None, settings: Any, tmp_path: Path) -> str:
    settings.FILES_DIR = tmp_path / "files"
    forget_pages()
    library = factories.library("VN-BC0001", name_vi="Thư viện tỉnh Cà Mau")
    maps = Collection.objects.create(
        code="dia-chi", name_vi="Tài liệu địa chí", kind="local", library=library
    )
    scan = samples.png(tmp_path / "p.png", 600, 800)
    rows = [
        ("dc-1", "Địa chí Cà Mau", "1938", "Cà Mau"),
        ("dc-2", "Bạc Liêu xưa", "1902", "Bạc Liêu"),
        ("dc-3", "Năm Căn ngày nay", "2005", "Cà Mau"),
    ]
    for identifier, title, year, place in rows:
        ingest(
            [scan], library=library, identifier=identifier, title=title, actor="test",
            rights="public-domain", collection=maps,
            dublin_core={"date": [year], "coverage": [place], "language": ["vie"]},
        )  # fmt: skip
    return str(live_server.url)


def no_sideways_scroll(phone: Page) -> None:
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{phone.url} is {width} px wide on a 375-px phone"


def test_a_reader_browses_filters_and_opens_an_object_on_a_phone(
    phone: Page, collection_site: str
) -> None:
    phone.goto(collection_site + "/")
    phone.get_by_role("link", name="Bộ sưu tập số").first.tap()
    phone.wait_for_url("**/collections/")
    no_sideways_scroll(phone)
    phone.get_by_role("link", name="Tài liệu địa chí").tap()
    phone.wait_for_url("**/collections/dia-chi/")
    expect(phone.get_by_role("status")).to_have_text("3 tài liệu số")
    thumbs = phone.locator("img.thumb")
    expect(thumbs).to_have_count(3)
    # Every thumbnail drawn from the IIIF server. Polled from here: the page's own polling
    # (wait_for_function) compiles its predicate in the page, which the site's CSP forbids.
    loaded = (
        "() => [...document.querySelectorAll('img.thumb')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    deadline = time.monotonic() + 15
    while not phone.evaluate(loaded) and time.monotonic() < deadline:
        phone.wait_for_timeout(100)
    assert phone.evaluate(loaded)
    no_sideways_scroll(phone)
    screenshot(phone, "phone-collection")
    phone.get_by_label("Địa danh").select_option("Cà Mau")
    phone.get_by_label("Thời kỳ").select_option("1858-1945")
    phone.get_by_role("button", name="Lọc").tap()
    phone.wait_for_url("**/collections/dia-chi/?*")
    expect(phone.get_by_role("status")).to_have_text("1 tài liệu số")
    expect(phone.locator(".digital-cards h2")).to_have_text(["Địa chí Cà Mau"])
    no_sideways_scroll(phone)
    phone.get_by_role("link", name="Địa chí Cà Mau").tap()
    phone.wait_for_url("**/digital/dc-1/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Địa chí Cà Mau")
    # OpenSeadragon draws the first page from the IIIF image service.
    phone.wait_for_selector(".iiif-viewer .osd canvas", timeout=15_000)
    no_sideways_scroll(phone)
    screenshot(phone, "phone-digital-object")
