"""The digitisation programme in Chromium: a cataloguer flags old books by a rule (previewed,
then applied), reads the share digitised, and takes one book through the queue: selected,
scanned (an upload), checked, read by OCR, reviewed, published; the share then counts it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.digital import pages
from thuvien.digital.lookup import forget_pages
from thuvien.digital.models import DigitalObject, HeritageFlag
from thuvien.digital.tasks import run_ocr
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.api import book, import_records


@pytest.fixture
def programme_site(live_server: Any, transactional_db: None, settings: Any, tmp_path: Path) -> str:
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FILES_DIR = tmp_path / "files"
    forget_pages()
    library = factories.library("VN-T0201", name_vi="Thư viện tỉnh Thử")
    import_records(
        library,
        book("a", "Gia Định thành thông chí", year="1820"),
        book("b", "Sách mới in", year="2020"),
    )
    factories.staff(Role.CATALOGUER, library, username="bienmuc")
    return str(live_server.url)


def test_a_cataloguer_flags_by_a_rule_and_publishes_through_the_queue(
    page: Page, programme_site: str, tmp_path: Path
) -> None:
    page.goto(programme_site + "/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("bienmuc")
    page.get_by_label("Mật khẩu").fill("mật-khẩu-thử-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/staff/")
    menu = page.get_by_role("navigation", name="Mục chính")
    menu.get_by_role("link", name="Tài liệu di sản, số hoá").click()
    page.wait_for_url("**/staff/digital/programme/")
    page.get_by_label("Loại tài liệu").select_option("rare")
    page.get_by_label("Tên quy tắc").fill("Sách in trước 1900")
    page.get_by_label("Xuất bản trước năm").fill("1900")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#preview-count")).to_have_text("Áp dụng bây giờ sẽ đánh dấu 1 biểu ghi.")
    expect(page.locator("tbody")).to_contain_text("Gia Định thành thông chí")
    assert not HeritageFlag.objects.exists()
    page.get_by_role("button", name="Áp dụng quy tắc").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã đánh dấu 1 tài liệu")
    page.get_by_role("link", name="Về tài liệu di sản").click()
    expect(page.locator("#heritage-totals tbody tr")).to_have_text(
        ["Quý hiếm, cổ\n1\n0\n0,0 %"], use_inner_text=True
    )
    screenshot(page, "heritage-kpis")

    record = HeritageFlag.objects.get().record_id
    menu.get_by_role("link", name="Hàng đợi số hoá").click()
    page.get_by_label("Số biểu ghi").fill(str(record))
    page.get_by_label("Đợt", exact=True).last.fill("Sách cổ 2026")
    page.get_by_role("button", name="Đưa vào hàng đợi").click()
    expect(page.locator("#job-state")).to_have_text("Đã chọn")
    page.get_by_role("button", name="Bắt đầu quét").click()
    expect(page.locator("#job-state")).to_have_text("Đang quét")
    scans = [pages.text_page(tmp_path / f"{n}.png", pages.lines(n, 8)) for n in (1, 2)]
    page.get_by_label("Tệp ảnh quét hoặc PDF").set_input_files([str(p) for p in scans])
    page.get_by_role("button", name="Nhận ảnh quét").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã nhận 2 trang quét.")
    page.get_by_role("button", name="Gửi kiểm tra chất lượng").click()
    expect(page.locator("#job-state")).to_have_text("Kiểm tra chất lượng")
    expect(page.locator("main")).to_contain_text("Đạt.")
    page.get_by_role("button", name="Đạt kiểm tra, chuyển OCR").click()
    expect(page.locator("#job-state")).to_have_text("Nhận dạng chữ (OCR)")
    run_ocr(DigitalObject.objects.get(record_id=record), workers=1)  # the worker's job
    page.get_by_role("button", name="Xong OCR, chuyển duyệt siêu dữ liệu").click()
    expect(page.locator("#job-state")).to_have_text("Duyệt siêu dữ liệu")
    page.get_by_role("button", name="Công bố").click()
    expect(page.locator("#job-state")).to_have_text("Đã công bố")
    expect(page.locator("#history li")).to_have_count(6)
    screenshot(page, "digitisation-job")
    page.get_by_role("link", name="Về hàng đợi").click()
    expect(page.locator("#queue-progress")).to_contain_text("Đã công bố: 1")
    expect(page.locator("#queue-output tbody tr td")).to_have_text(["VN-T0201", "1", "2", "0,0"])
    page.get_by_role("link", name="Tài liệu di sản và tỷ lệ số hoá").click()
    expect(page.locator("#heritage-totals tbody tr")).to_have_text(
        ["Quý hiếm, cổ\n1\n1\n100,0 %"], use_inner_text=True
    )
