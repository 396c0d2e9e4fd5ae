"""News a library publishes: drafts, publishing and taking back, who may, safe bodies; the
portal's /news/ pages, home page and RSS feed; the staff pages."""

from __future__ import annotations

import pytest
from django.test import Client

from thuvien.audit.models import AuditEntry
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.network import news
from thuvien.network.models import Library, News, Role
from thuvien.testing import factories


def test_markdown_is_rendered_and_anything_active_is_dropped() -> None:
    html = news.render(
        "## Giờ mở cửa\n\n**Thứ Hai** đến *Thứ Sáu*\n\n- [Trang](https://example.vn)\n"
        "- [x](javascript:alert(1))\n\n<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(1)">'
    )
    assert "<h2>Giờ mở cửa</h2>" in html
    assert "<strong>Thứ Hai</strong>" in html
    assert '<a href="https://example.vn" rel="noopener nofollow">Trang</a>' in html
    assert 'href="javascript' not in html  # left as plain text, never a link
    assert "<script" not in html
    assert "<img" not in html


def test_slug_from_a_vietnamese_title() -> None:
    assert news.slug_for("Ngày hội đọc sách Đà Lạt 2026!") == "ngay-hoi-doc-sach-da-lat-2026"


def test_library_admin_writes_publishes_and_takes_back_their_news() -> None:
    library = factories.library("VN-NW0001")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    item = news.write_draft(admin, library, title="Ngày hội đọc sách", body="Mời bạn đọc.")
    assert (item.slug, item.state, item.published_at) == ("ngay-hoi-doc-sach", "draft", None)
    assert list(news.published()) == []
    news.move(admin, item, "publish")
    assert item.state == "published"
    assert item.published_at is not None
    assert list(news.published()) == [item]
    with pytest.raises(IllegalTransition):
        news.move(admin, item, "publish")
    news.move(admin, item, "unpublish")
    assert list(news.published()) == []
    actions = list(
        AuditEntry.objects.filter(object_type="news")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "update"]


def test_who_may_publish_and_where() -> None:
    library = factories.library("VN-NW0002")
    other = factories.library("VN-NW0003")
    with pytest.raises(NotPermitted):
        news.write_draft(factories.staff(Role.CATALOGUER, library), library, title="x", body="y")
    with pytest.raises(NotPermitted):
        news.write_draft(factories.staff(Role.LIBRARY_ADMIN, library), other, title="x", body="y")
    with pytest.raises(NotPermitted):  # the province's news is the Department's
        news.write_draft(factories.staff(Role.LIBRARY_ADMIN, library), None, title="x", body="y")
    officer = factories.staff(Role.DEPARTMENT_OFFICER)
    assert news.write_draft(officer, None, title="Tin của Sở", body="Nội dung").library is None


def test_bad_input_is_refused_with_what_to_do() -> None:
    library = factories.library("VN-NW0004")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    with pytest.raises(InvalidInput) as empty:
        news.write_draft(admin, library, title=" ", body="y")
    assert empty.value.message == "Hãy nhập tiêu đề của tin."
    with pytest.raises(InvalidInput) as slug:
        news.write_draft(admin, library, title="A", body="y", slug="Có dấu")
    assert slug.value.message == (
        "Địa chỉ “Có dấu” không hợp lệ; chỉ dùng chữ thường không dấu, số và dấu gạch "
        "ngang, ví dụ ngay-hoi-doc-sach-2026."
    )
    news.write_draft(admin, library, title="Tin một", body="y")
    with pytest.raises(Conflict) as taken:
        news.write_draft(admin, library, title="Tin một", body="z")
    assert taken.value.message == "Địa chỉ “tin-mot” đã có tin khác dùng; hãy chọn địa chỉ khác."


def _published(title: str, kind: str = "news", code: str = "VN-NW0005") -> News:
    library = Library.objects.filter(code=code).first() or factories.library(
        code, name_vi="Thư viện tỉnh Thử"
    )
    admin = factories.staff(Role.LIBRARY_ADMIN, library, username=f"admin-{title[:5]}-{kind}")
    item = news.write_draft(
        admin, library, title=title, body="**Nội dung** đầy đủ.", summary="Tóm tắt", kind=kind
    )
    return news.move(admin, item, "publish")


def test_portal_lists_shows_and_feeds_only_published_news() -> None:
    shown = _published("Hội sách mùa thu")
    work = _published("Tập huấn nghiệp vụ biên mục", kind="library-work")
    library = shown.library
    assert library is not None
    draft = news.write_draft(
        factories.staff(Role.NETWORK_ADMIN), library, title="Bản nháp bí mật", body="x"
    )
    client = Client()
    home = client.get("/").content.decode()
    assert "Hội sách mùa thu" in home
    assert 'href="/news/"' in home  # the menu entry
    listing = client.get("/news/").content.decode()
    assert "Hội sách mùa thu" in listing
    assert "Tập huấn nghiệp vụ biên mục" in listing
    assert "Bản nháp bí mật" not in listing
    only_work = client.get("/news/?kind=library-work").content.decode()
    assert "Tập huấn nghiệp vụ biên mục" in only_work
    assert "Hội sách mùa thu" not in only_work
    page = client.get(f"/news/{shown.slug}/").content.decode()
    assert "<strong>Nội dung</strong> đầy đủ." in page
    assert "Thư viện tỉnh Thử" in page
    assert client.get(f"/news/{draft.slug}/").status_code == 404
    rss = client.get("/news/rss").content.decode()
    assert "<title>Hội sách mùa thu</title>" in rss
    assert "Bản nháp bí mật" not in rss
    assert f"/news/{work.slug}/" in rss


def test_staff_write_and_publish_from_their_pages() -> None:
    library = factories.library("VN-NW0006")
    client = Client()
    client.force_login(factories.staff(Role.LIBRARY_ADMIN, library))
    assert 'href="/staff/portal/news/"' in client.get("/staff/").content.decode()
    response = client.post(
        "/staff/portal/news/new/",
        {"library": "VN-NW0006", "title": "Giờ mở cửa dịp Tết", "kind": "news", "body": "Nghỉ"},
    )
    assert response.status_code == 302
    item = News.objects.get()
    page = client.post(f"/staff/portal/news/{item.pk}/publish/", follow=True).content.decode()
    assert "“Giờ mở cửa dịp Tết”: Đã đăng." in page
    assert Client().get("/news/gio-mo-cua-dip-tet/").status_code == 200
    client.post(f"/staff/portal/news/{item.pk}/unpublish/")
    assert Client().get("/news/gio-mo-cua-dip-tet/").status_code == 404
    # A clerk has no news pages, and another library's admin cannot reach this item.
    clerk = Client()
    clerk.force_login(factories.staff(Role.CIRCULATION_CLERK, library))
    assert clerk.get("/staff/portal/news/").status_code == 403
    stranger = Client()
    stranger.force_login(factories.staff(Role.LIBRARY_ADMIN, factories.library("VN-NW0007")))
    assert stranger.get(f"/staff/portal/news/{item.pk}/").status_code == 404
