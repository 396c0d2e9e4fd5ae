"""Issue 17 on a phone: a reader types without diacritics, or with the input method off,
and the portal offers the Vietnamese back; tapping it searches."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot

BOOK = "Thư viện số chuyển đổi số trong thư viện công cộng"


def test_thu_vien_so_is_offered_as_thu_vien_so_with_marks(phone: Page, site: str) -> None:
    call_command("ai", "train", stdout=io.StringIO())
    phone.goto(site + "/")
    box = phone.get_by_label("Tìm nhan đề, tác giả, chủ đề hoặc ISBN")
    box.tap()
    phone.keyboard.type("thu vien so")
    phone.get_by_role("button", name="Tìm", exact=True).tap()
    phone.wait_for_url("**/search?q=thu+vien+so")
    offer = phone.locator("p.dym")
    expect(offer).to_have_text("Có phải bạn muốn tìm: thư viện số?")
    link = offer.get_by_role("link", name="thư viện số")
    area = link.bounding_box()
    assert area is not None
    assert area["x"] + area["width"] <= PHONE["width"]
    screenshot(phone, "phone-diacritics-offer")
    link.tap()
    phone.wait_for_url("**/search?q=th%C6%B0+vi%E1%BB%87n+s%E1%BB%91&offer=diacritics")
    assert parse_qs(urlsplit(phone.url).query)["q"] == ["thư viện số"]
    expect(phone.locator("h1")).to_have_text("Kết quả tìm “thư viện số”")
    expect(phone.locator("li.hit h3 a").first).to_have_text(BOOK)
    expect(phone.locator("p.dym")).to_have_count(0)


def test_telex_typed_with_the_input_method_off_is_decoded(phone: Page, site: str) -> None:
    call_command("ai", "train", stdout=io.StringIO())
    phone.goto(site + "/search?q=thuw+vieenj+soos")
    expect(phone.locator("p.dym")).to_have_text("Có phải bạn muốn tìm: thư viện số?")
