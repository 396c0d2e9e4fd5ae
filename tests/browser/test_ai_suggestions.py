"""Issue 17 in Chromium: a cataloguer opens the MARC editor of a new Vietnamese record, sees
the suggested classes and subjects, accepts the DDC class in one click, and the record has
it (an audited edit); rejecting a subject leaves the record as it was."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from thuvien.ai.models import SuggestionDecision
from thuvien.audit.models import AuditEntry
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Record
from thuvien.network.models import Role
from thuvien.testing import factories

PASSWORD = "mật-khẩu-thử-1"  # factories.staff's
TRAINING = [
    ("Lịch sử Việt Nam thời Lý Trần", "959.7", "Lịch sử"),
    ("Lịch sử Việt Nam cận đại", "959.7", "Lịch sử"),
    ("Lịch sử kháng chiến Việt Nam", "959.7", "Lịch sử"),
    ("Lịch sử Việt Nam từ nguồn gốc", "959.7", "Lịch sử"),
    ("Tuyển tập thơ Việt Nam hiện đại", "895.922", "Thơ"),
    ("Thơ tình Việt Nam chọn lọc", "895.922", "Thơ"),
    ("Thơ mới Việt Nam", "895.922", "Thơ"),
]


@pytest.fixture
def ai_site(
    live_server: Any, transactional_db: None, settings: Any, tmp_path: Path, monkeypatch: Any
) -> tuple[str, Record]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setenv("THUVIEN_DATA_DIR", str(tmp_path))
    libraries = [factories.library() for _ in range(3)]
    for n, (title, ddc, subject) in enumerate(TRAINING):
        extra: list[Any] = [
            ["082", "0", "4", [["a", ddc]]],
            ["650", " ", "4", [["a", subject]]],
        ]
        catalogue.create_record("system", libraries[n % 2], factories.marc(title, extra=extra))
    call_command("ai", "train", stdout=io.StringIO())
    record = catalogue.create_record(
        "system", libraries[2], factories.marc("Lịch sử Việt Nam thời Nguyễn")
    )
    factories.staff(Role.CATALOGUER, libraries[2], username="bien.muc")
    return str(live_server.url), record


def test_a_cataloguer_accepts_a_suggested_class_in_the_editor(
    page: Page, ai_site: tuple[str, Record]
) -> None:
    site, record = ai_site
    page.goto(site + "/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("bien.muc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{site}/staff/records/{record.pk}/edit/")
    panel = page.locator("section.suggestions")
    expect(panel.locator("h2")).to_have_text("Gợi ý phân loại và chủ đề")
    expect(panel).to_contain_text("959.7")
    screenshot(page, "ai-suggestions")

    panel.get_by_role("button", name="Bỏ Lịch sử").click()
    expect(page.locator("body")).to_contain_text("Đã bỏ gợi ý 650:Lịch sử.")
    page.locator("section.suggestions").get_by_role("button", name="Nhận 959.7").click()
    page.wait_for_url(f"**/staff/records/{record.pk}/edit/")
    expect(page.locator("body")).to_contain_text("Đã thêm 959.7 vào bản ghi.")
    # The editor now shows the class as a field of the record, no longer as a suggestion.
    expect(page.locator("textarea").filter(has_text="$a 959.7")).to_have_count(1)

    saved = Record.objects.get(pk=record.pk)
    assert saved.classification == {"ddc": ["959.7"]}
    assert "650" not in saved.marc
    decisions = list(SuggestionDecision.objects.order_by("pk").values_list("value", "decision"))
    assert decisions == [("650:Lịch sử", "rejected"), ("959.7", "accepted")]
    assert AuditEntry.objects.filter(object_id=str(record.pk), action="update").count() == 1


def test_a_new_record_gets_a_class_added_from_what_was_typed(
    page: Page, ai_site: tuple[str, Record]
) -> None:
    site, _record = ai_site
    page.goto(site + "/staff/login/")
    page.get_by_label("Tên đăng nhập").fill("bien.muc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{site}/staff/records/new/")
    page.locator("textarea").nth(_row_of(page, "245")).fill("$a Lịch sử Việt Nam hiện đại")
    page.get_by_role("button", name="Gợi ý", exact=True).click()
    page.get_by_role("button", name="Thêm 959.7").click()
    expect(page.locator("textarea").filter(has_text="$a 959.7")).to_have_count(1)
    page.get_by_role("button", name="Lưu bản ghi").first.click()
    expect(page.locator("body")).to_contain_text("Đã tạo bản ghi.")
    made = Record.objects.get(title="Lịch sử Việt Nam hiện đại")
    assert made.classification == {"ddc": ["959.7"]}
    logged = SuggestionDecision.objects.get(record=made)
    assert (logged.value, logged.decision, logged.decided_by) == ("959.7", "accepted", "bien.muc")


def _row_of(page: Page, tag: str) -> int:
    tags = page.locator("input[id^=tag_]").evaluate_all("els => els.map(e => e.value)")
    return int(tags.index(tag))
