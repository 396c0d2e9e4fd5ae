"""What a reader does on the portal, in Chromium: search as people type, narrow with a facet,
open a record, switch language, all of it on a phone, and without JavaScript."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot

BOOK = "Thư viện số chuyển đổi số trong thư viện công cộng"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_reader_types_without_diacritics_and_finds_the_vietnamese_book(
    page: Page, site: str
) -> None:
    page.goto(site + "/")
    box = page.get_by_label("Tìm nhan đề, tác giả, chủ đề hoặc ISBN")
    box.fill("thu vien so")
    box.press("Enter")
    page.wait_for_url("**/search?q=thu+vien+so")
    expect(page.locator("h1")).to_have_text("Kết quả tìm “thu vien so”")
    first = page.locator("li.hit h3 a").first
    expect(first).to_have_text(BOOK)
    screenshot(page, "desktop-results")


def test_a_reader_narrows_the_results_with_a_facet_and_removes_it(page: Page, site: str) -> None:
    page.goto(site + "/search?q=thu+vien")
    before = page.locator("li.hit").count()
    page.locator("#facets").get_by_role("link", name="Thư viện xã Bình An").click()
    page.wait_for_load_state()
    assert query_of(page.url) == {"q": ["thu vien"], "library": ["VN-TB0001"]}
    expect(page.locator(".active")).to_contain_text("Thư viện: Thư viện xã Bình An")
    after = page.locator("li.hit")
    assert 0 < after.count() < before
    for where in after.locator("ul.where").all_inner_texts():
        assert "Thư viện xã Bình An" in where

    page.locator(".active a").click()
    page.wait_for_load_state()
    assert query_of(page.url) == {"q": ["thu vien"]}
    assert page.locator("li.hit").count() == before


def test_a_reader_opens_a_record_and_its_marc_view(page: Page, site: str) -> None:
    page.goto(site + "/search?q=digital+libraries")
    page.get_by_role("link", name="Digital libraries").first.click()
    page.wait_for_url("**/record/*")
    expect(page.locator("h1")).to_have_text("Digital libraries")
    expect(page.locator("section.holding h3")).to_have_text(["Thư viện tỉnh Thử Nghiệm"])
    expect(page.locator("section.holding td.status")).to_have_text(["Sẵn sàng"])
    marc = page.locator("details.marc table")
    expect(marc).to_be_hidden()
    page.get_by_text("Xem dạng MARC").click()
    expect(marc).to_be_visible()
    expect(marc.locator("tr", has_text="245")).to_contain_text("$a Digital libraries /")
    screenshot(page, "desktop-record")


def test_a_reader_switches_to_english_and_back(page: Page, site: str) -> None:
    page.goto(site + "/new")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/new"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("New items")
    page.get_by_role("link", name="Search", exact=True).click()
    expect(page.locator("h1")).to_have_text("Search")

    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text("Tìm kiếm")


def test_on_a_phone_nothing_scrolls_sideways_and_the_search_box_is_easy_to_use(
    phone: Page, site: str
) -> None:
    phone.goto(site + "/")
    box = phone.get_by_label("Tìm nhan đề, tác giả, chủ đề hoặc ISBN")
    area = box.bounding_box()
    assert area is not None
    assert area["x"] >= 0
    assert area["x"] + area["width"] <= PHONE["width"]
    assert area["width"] >= 200  # room to see what was typed
    assert area["height"] >= 44  # a thumb can hit it
    box.tap()
    phone.keyboard.type("hoà bình")
    phone.get_by_role("button", name="Tìm", exact=True).tap()
    phone.wait_for_url("**/search?q=*")
    record = phone.locator("li.hit h3 a").first.get_attribute("href")
    for path in ("/", "/search?q=thu+vien", str(record), "/new"):
        phone.goto(site + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a 375-px phone"
        screenshot(phone, "phone" + path.replace("/", "-").replace("?", "-"))


def test_the_keyboard_skip_link_leads_to_the_content(page: Page, site: str) -> None:
    page.goto(site + "/search?q=thu+vien")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_everything_works_without_javascript(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(site + "/")
        page.get_by_label("Tìm nhan đề, tác giả, chủ đề hoặc ISBN").fill("thu vien")
        page.get_by_role("button", name="Tìm", exact=True).click()
        page.locator("#facets").get_by_role("link", name="Sách").click()
        assert query_of(page.url)["material_type"] == ["book"]
        page.get_by_label("Sắp xếp theo").select_option("title")
        page.get_by_role("button", name="Sắp xếp").click()
        assert query_of(page.url) == {
            "q": ["thu vien"],
            "material_type": ["book"],
            "sort": ["title"],
        }
        page.locator("li.hit h3 a").first.click()
        page.get_by_role("button", name="English").click()
        expect(page.locator("h2#holdings")).to_have_text("Where to find it")
    finally:
        context.close()
