"""Whole journeys through the reader services, in Debian's Chromium, as the people would walk
them: the reader on a 375-px phone, the clerk at a desktop desk.

a. search → hold with a pickup library → the copy is trapped when returned at the desk → lent
   to the reader at the desk → the reader sees it in "Tài khoản của tôi";
b. a loan by post: address and fee → dispatched with a tracking number → the reader sees the
   tracking → returned by post;
c. a copy of some pages with the copyright declaration → approved → delivered → the reader
   downloads a PDF stamped with their card;
d. the app: manifest and worker → offline → the card with its barcode and QR;
e. a clerk finds a reader, registers a new one and edits a loan rule, seeing the preview.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader, PdfWriter

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from thuvien.circulation import patrons, services
from thuvien.circulation.models import CopyRequest, Hold, Loan, LoanRule, Patron, PostalLoan
from thuvien.network import mfa
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.mfa import enrol, fresh_code
from thuvien.testing.portal import PROVINCE

PIN = "480264"
PASSWORD = "mật-khẩu-thử-1"
BOOK = "Digital libraries"  # one copy, TA000003, at the province library
PROVINCE_NAME = "Thư viện tỉnh Thử Nghiệm"


@dataclass
class People:
    library: Library
    reader: Patron
    clerk: AbstractUser


@pytest.fixture
def people(site: str) -> People:
    library = Library.objects.get(code=PROVINCE)
    reader = patrons.register(
        "test",
        library,
        card_number="R100",
        full_name="Phạm Thu Hà",
        pin=PIN,
        address="12 Lê Lợi, phường 1",
        email="thu.ha@example.vn",
    )
    clerk = factories.staff(Role.CIRCULATION_CLERK, library, username="thu-thu")
    return People(library, reader, clerk)


def _context(browser: Browser, site: str, screen: dict[str, int]) -> BrowserContext:
    phone = screen == PHONE
    return browser.new_context(
        base_url=site,
        viewport=screen,  # type: ignore[arg-type]
        locale="vi-VN",
        is_mobile=phone,
        has_touch=phone,
        service_workers="allow",
    )


@pytest.fixture
def reader_page(browser: Browser, site: str) -> Iterator[Page]:
    context = _context(browser, site, PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def clerk_page(browser: Browser, site: str) -> Iterator[Page]:
    context = _context(browser, site, DESKTOP)
    yield context.new_page()
    context.close()


def _sign_in_reader(page: Page, card: str = "R100") -> None:
    """On the sign-in form the reader was sent to (or opened from the header)."""
    page.get_by_label("Số thẻ bạn đọc").fill(card)
    page.get_by_label("Mã PIN").fill(PIN)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập", exact=True).click()


def _sign_in_staff(page: Page, user: AbstractUser) -> None:
    """Password, then (admins, THUVIEN_MFA=required) the code of the app set up for them."""
    device = mfa.device_of(user) or (enrol(user) if mfa.must_use(user) else None)
    page.goto("/staff/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if device is not None:
        page.wait_for_url("**/staff/mfa/verify/**")
        page.get_by_label("Mã xác thực").fill(fresh_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Tiếp tục").click()


def _scan(page: Page, text: str) -> None:
    page.locator("#scan").fill(text)
    with page.expect_navigation():
        page.locator("#scan").press("Enter")


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"  # type: ignore[index]


def _status(page: Page) -> Any:
    return page.locator("ul.messages [role=status], ul.messages [role=alert]").first


def _open_record(page: Page, query: str, title: str) -> None:
    page.goto("/")
    box = page.get_by_label("Tìm nhan đề, tác giả, chủ đề hoặc ISBN")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    page.locator("li.hit h3 a", has_text=title).first.click()
    page.wait_for_url("**/record/*")
    expect(page.locator("h1")).to_have_text(title)


def test_a_hold_is_trapped_at_the_desk_and_lent_to_the_reader(
    people: People, reader_page: Page, clerk_page: Page
) -> None:
    other = patrons.register("test", people.library, card_number="R200", full_name="Lý Văn Tư")
    services.checkout(people.clerk, people.library, other, "TA000003")  # the only copy is out

    # The reader, on a phone: search, open the record, hold it (signing in on the way).
    reader = reader_page
    _open_record(reader, "digital libraries", BOOK)
    reader.get_by_role("link", name="Đặt mượn").click()
    reader.wait_for_url("**/account/sign-in/?next=*")
    _sign_in_reader(reader)
    expect(reader.locator("h1")).to_have_text("Đặt mượn")
    reader.get_by_label("Nhận sách tại").select_option(label=PROVINCE_NAME)
    _fits(reader)
    reader.get_by_role("button", name="Gửi yêu cầu").click()
    reader.wait_for_url("**/account/")
    expect(_status(reader)).to_have_text(
        f"Đã đặt mượn “{BOOK}”. Bạn đứng thứ 1 trong hàng chờ; nhận sách tại {PROVINCE_NAME}."
    )
    expect(reader.locator("section[aria-labelledby=holds] li")).to_contain_text(
        "thứ 1 trong hàng chờ"
    )
    screenshot(reader, "journey-hold-placed")

    # The clerk, at the desk: the copy comes back and is kept for the reader.
    clerk = clerk_page
    _sign_in_staff(clerk, people.clerk)
    clerk.get_by_role("link", name="Lưu thông").click()
    _scan(clerk, "TA000003")
    expect(_status(clerk)).to_have_text(
        "Đã nhận trả TA000003 — giữ cho bạn đọc Phạm Thu Hà (VN-TA0001:R100)."
    )
    hold = Hold.objects.get(patron=people.reader)
    assert hold.state == Hold.State.READY

    # The reader sees it ready to collect.
    reader.reload()
    expect(reader.locator("section[aria-labelledby=holds] li")).to_contain_text("Sẵn sàng")

    # The reader comes to the desk: card, then the copy.
    _scan(clerk, "R100")
    expect(clerk.locator("#reader")).to_contain_text("Phạm Thu Hà")
    _scan(clerk, "TA000003")
    expect(_status(clerk)).to_contain_text("Đã cho mượn TA000003, hạn trả")
    hold.refresh_from_db()
    assert hold.state == Hold.State.FULFILLED

    reader.get_by_role("link", name="Tài khoản của tôi").click()
    expect(reader.locator("section[aria-labelledby=loans] tbody")).to_contain_text(BOOK)
    expect(reader.locator("section[aria-labelledby=holds]")).to_contain_text(
        "Bạn không đặt trước tài liệu nào."
    )
    _fits(reader)
    screenshot(reader, "journey-hold-lent")


def test_a_loan_by_post_is_dispatched_tracked_and_returned_by_post(
    people: People, reader_page: Page, clerk_page: Page, settings: Any
) -> None:
    settings.THUVIEN_POSTAL_FEE = 15000
    reader = reader_page
    reader.goto("/")
    reader.get_by_role("link", name="Đăng nhập").click()
    _sign_in_reader(reader)
    _open_record(reader, "digital libraries", BOOK)
    reader.get_by_role("link", name="Mượn qua bưu điện").click()
    expect(reader.locator("h1")).to_have_text("Mượn qua bưu điện")
    expect(reader.locator(".postal-fee")).to_have_text(
        "Phí gửi sách qua bưu điện: 15.000 đ, trả khi nhận sách."
    )
    address = reader.get_by_label("Địa chỉ nhận sách")
    expect(address).to_have_value("12 Lê Lợi, phường 1")
    address.fill("45 Trần Phú, xã Bình An")
    _fits(reader)
    reader.get_by_role("button", name="Gửi yêu cầu").click()
    reader.wait_for_url("**/account/")
    expect(_status(reader)).to_have_text(
        f"Đã gửi yêu cầu “Mượn qua bưu điện” cho “{BOOK}”. Theo dõi trong tài khoản của bạn."
    )
    mine = reader.locator("section[aria-labelledby=requests] li").first
    expect(mine).to_contain_text(f"Mượn qua bưu điện: {BOOK} · Đã gửi yêu cầu")

    clerk = clerk_page
    _sign_in_staff(clerk, people.clerk)
    clerk.get_by_role("link", name="Yêu cầu bạn đọc").click()
    row = clerk.locator("section[aria-labelledby=s-postal] tbody tr").first
    expect(row).to_contain_text("45 Trần Phú, xã Bình An")
    expect(row.get_by_label("Phí bạn đọc trả (đồng)")).to_have_value("15000")
    row.get_by_label("Số vận đơn").fill("VN123456789")
    row.get_by_label("Cước (đồng)").fill("22000")
    postal = PostalLoan.objects.get()
    row.get_by_role("button", name="gửi bưu điện").click()
    expect(_status(clerk)).to_have_text(
        f"Yêu cầu mượn qua bưu điện số {postal.pk}: đã gửi bưu điện."
    )
    postal.refresh_from_db()
    assert postal.state == PostalLoan.State.DISPATCHED
    assert postal.fee == 15000
    assert Loan.objects.get(item__barcode="TA000003").state == Loan.State.ACTIVE

    reader.reload()
    mine = reader.locator("section[aria-labelledby=requests] li").first
    expect(mine).to_contain_text("Đã gửi bưu điện · số vận đơn VN123456789 · cước 15.000 đ")
    expect(reader.locator("section[aria-labelledby=loans] tbody")).to_contain_text(BOOK)

    # Delivered, then the reader posts it back; the library receives it.
    for move in ("xác nhận đã giao", "gửi trả qua bưu điện", "nhận lại sách"):
        row = clerk.locator("section[aria-labelledby=s-postal] tbody tr").first
        if move == "gửi trả qua bưu điện":
            row.get_by_label("Số vận đơn").fill("VN987654321")
        row.get_by_role("button", name=move).click()
        expect(_status(clerk)).to_have_text(f"Yêu cầu mượn qua bưu điện số {postal.pk}: đã {move}.")
    postal.refresh_from_db()
    assert postal.state == PostalLoan.State.RECEIVED
    assert postal.tracking_back == "VN987654321"
    assert Loan.objects.get(item__barcode="TA000003").state == Loan.State.RETURNED

    reader.reload()
    mine = reader.locator("section[aria-labelledby=requests] li").first
    expect(mine).to_contain_text("Thư viện đã nhận lại")
    expect(mine).to_contain_text("số vận đơn gửi trả VN987654321")
    expect(reader.locator("section[aria-labelledby=loans]")).to_contain_text(
        "Bạn không mượn tài liệu nào."
    )
    _fits(reader)


def test_a_copy_of_pages_is_approved_delivered_and_downloaded_as_a_stamped_pdf(
    people: People, reader_page: Page, clerk_page: Page, tmp_path: Path
) -> None:
    reader = reader_page
    reader.goto("/account/sign-in/")
    _sign_in_reader(reader)
    _open_record(reader, "digital libraries", BOOK)
    reader.get_by_role("link", name="Yêu cầu sao chụp").click()
    reader.get_by_label("Các trang hoặc chương cần sao").fill("12-30")
    reader.get_by_label("Hình thức").select_option("pdf")
    reader.get_by_label("Tôi cam kết chỉ dùng bản sao cho học tập").check()
    _fits(reader)
    reader.get_by_role("button", name="Gửi yêu cầu").click()
    reader.wait_for_url("**/account/")
    expect(reader.locator("section[aria-labelledby=requests] li").first).to_contain_text(
        f"Sao chụp: {BOOK} (12-30) · Đã gửi yêu cầu"
    )

    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=595, height=842)
    scan = tmp_path / "scan.pdf"
    with scan.open("wb") as out:
        writer.write(out)

    clerk = clerk_page
    _sign_in_staff(clerk, people.clerk)
    clerk.get_by_role("link", name="Yêu cầu bạn đọc").click()
    row = clerk.locator("section[aria-labelledby=s-copy] tbody tr").first
    expect(row).to_contain_text("tr. 12-30")
    row.get_by_label("Ghi chú bản quyền").first.fill("Dưới 10% tài liệu")
    copy = CopyRequest.objects.get()
    row.get_by_role("button", name="chấp thuận").click()
    expect(_status(clerk)).to_have_text(f"Yêu cầu sao chụp số {copy.pk}: đã chấp thuận.")
    row = clerk.locator("section[aria-labelledby=s-copy] tbody tr").first
    row.get_by_label("Tệp PDF đã quét").set_input_files(str(scan))
    row.get_by_role("button", name="giao bản sao").click()
    expect(_status(clerk)).to_have_text(f"Yêu cầu sao chụp số {copy.pk}: đã giao bản sao.")
    copy.refresh_from_db()
    assert copy.state == CopyRequest.State.DELIVERED

    reader.reload()
    link = reader.get_by_role("link", name="Tải bản sao (PDF, đến ngày")
    expect(link).to_be_visible()
    with reader.expect_download() as download:
        link.click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"ban-sao-{copy.pk}.pdf"
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 2
    stamp = f"Ban sao cho ban doc VN-TA0001:R100, ngay {timezone.localdate():%d/%m/%Y}"
    assert all(stamp in page.extract_text() for page in pdf.pages)


def test_the_app_installs_and_shows_the_card_offline(people: People, reader_page: Page) -> None:
    reader = reader_page
    reader.goto("/account/")
    _sign_in_reader(reader)
    reader.wait_for_url("**/account/")
    manifest = reader.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())"
    )
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/account/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    scope = reader.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope.endswith("/")
    reader.reload()
    assert reader.evaluate("navigator.serviceWorker.controller !== null") is True
    reader.get_by_role("link", name="Thẻ bạn đọc (mã vạch, mã QR").click()
    reader.wait_for_url("**/account/card/")
    expect(reader.locator("[data-card]")).to_have_text("VN-TA0001:R100")

    reader.context.set_offline(True)
    reader.goto("/account/card/")
    expect(reader.locator("[data-card]")).to_have_text("VN-TA0001:R100")
    expect(reader.locator(".reader-card-barcode svg")).to_have_count(1)
    expect(reader.locator(".reader-card-qr svg")).to_have_count(1)
    _fits(reader)
    screenshot(reader, "journey-card-offline")
    reader.context.set_offline(False)


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_clerk_finds_and_registers_a_reader_and_edits_a_loan_rule(
    people: People, browser: Browser, site: str, screen: str
) -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, people.library, username="quan-tri")
    patrons.register("test", people.library, card_number="R101", full_name="Phạm Minh Hà")
    context = _context(browser, site, PHONE if screen == "phone" else DESKTOP)
    page = context.new_page()
    try:
        _sign_in_staff(page, admin)
        page.get_by_role("link", name="Bạn đọc", exact=True).click()
        page.get_by_label("Số thẻ, họ tên hoặc số điện thoại").fill("Thu Hà")
        page.get_by_role("button", name="Tìm", exact=True).click()
        # One reader matches: the desk opens their record at once.
        expect(page.locator("h1")).to_have_text("Phạm Thu Hà · VN-TA0001:R100")
        _fits(page)
        page.get_by_role("link", name="Bạn đọc", exact=True).click()
        # Typed without Vietnamese input, as at many desks: both readers still match.
        page.get_by_label("Số thẻ, họ tên hoặc số điện thoại").fill("pham")
        page.get_by_role("button", name="Tìm", exact=True).click()
        expect(page.locator("main table caption")).to_have_text("2 bạn đọc khớp “pham”")
        expect(page.locator("main table tbody")).to_contain_text("Phạm Thu Hà")
        expect(page.locator("main table tbody")).to_contain_text("Phạm Minh Hà")
        _fits(page)

        page.get_by_role("link", name="Đăng ký bạn đọc mới").click()
        page.get_by_label("Số thẻ").fill("R300")
        page.get_by_label("Họ và tên").fill("Châu Ngọc Diệp")
        page.get_by_label("Đối tượng").select_option("adult")
        page.get_by_label("Điện thoại").fill("0909777888")
        _fits(page)
        page.get_by_role("button", name="Cấp thẻ").click()
        expect(page.get_by_role("status").first).to_have_text("Đã cấp thẻ R300 cho Châu Ngọc Diệp.")

        page.get_by_role("link", name="Quy tắc mượn").click()
        page.get_by_label("Đối tượng bạn đọc").select_option("adult")
        page.get_by_label("Số ngày mượn (0: chỉ đọc tại chỗ)").fill("21")
        page.get_by_role("button", name="Thêm quy tắc").click()
        expect(page.get_by_role("status").first).to_have_text("Đã thêm quy tắc mượn.")
        page.get_by_role("link", name="Sửa").first.click()
        page.get_by_label("Số ngày mượn (0: chỉ đọc tại chỗ)").fill("14")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_role("status").first).to_have_text("Đã sửa quy tắc mượn.")
        assert LoanRule.objects.get(library=people.library, category="adult").loan_days == 14

        page.get_by_label("Thẻ bạn đọc").fill("R300")
        page.get_by_label("Mã vạch tài liệu").fill("TA000003")
        page.get_by_role("button", name="Xem", exact=True).click()
        expect(page.locator(".preview")).to_contain_text(
            f"Cho Châu Ngọc Diệp mượn TA000003: theo quy tắc của {PROVINCE_NAME} cho Người lớn"
        )
        expect(page.locator(".preview")).to_contain_text("mượn 14 ngày")
        _fits(page)
        screenshot(page, f"journey-loan-rule-{screen}")
    finally:
        context.close()
