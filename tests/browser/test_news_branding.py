"""The province's branding and its news, as a reader meets them on a phone and a desktop."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import screenshot
from thuvien.network import branding, news
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.portal import PROVINCE


def _brand_and_publish() -> str:
    admin = factories.staff(Role.NETWORK_ADMIN)
    import pyvips

    logo = bytes(pyvips.Image.black(40, 40).pngsave_buffer())
    branding.set_branding(
        admin, None, logo=("logo.png", logo), name="Thư viện tỉnh Thử", head_colour="#7a1f1f"
    )
    library = Library.objects.get(code=PROVINCE)
    item = news.write_draft(
        admin,
        library,
        title="Ngày hội đọc sách 2026",
        summary="Giao lưu tác giả và thi kể chuyện.",
        body="Mời bạn đọc đến **Thư viện tỉnh** ngày 21/4.",
    )
    news.move(admin, item, "publish")
    return item.slug


def _walk(page: Page, site: str, name: str) -> None:
    page.goto(site + "/")
    header = page.locator("header.top")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(122, 31, 31)"
    assert page.locator(".brand .name").inner_text() == "Thư viện tỉnh Thử"
    assert page.locator(".brand img.logo").evaluate("img => img.naturalWidth") == 40
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("navigation", name="Mục chính").get_by_role("link", name="Tin tức").click()
    page.wait_for_url("**/news/")
    page.get_by_role("link", name="Ngày hội đọc sách 2026").click()
    page.wait_for_url("**/news/ngay-hoi-doc-sach-2026/")
    assert page.locator(".news-body strong").inner_text() == "Thư viện tỉnh"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"news-{name}")


def test_a_reader_finds_the_news_in_the_provinces_colours(
    site: str, page: Page, phone: Page
) -> None:
    _brand_and_publish()
    _walk(page, site, "desktop")
    _walk(phone, site, "phone")
