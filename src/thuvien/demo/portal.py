"""The demo portal's look and news: Cà Mau's branding (name, a generated logo, colours), the
provincial library's own colour, and published news a visitor can open from the home page."""

from __future__ import annotations

import datetime

import pyvips
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.network import branding, news
from thuvien.network.models import Library, News

PROVINCE = {
    "name": "Mạng lưới thư viện tỉnh Cà Mau",
    "tagline": "Đọc sách — mở cửa tri thức",
    "footer": "Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau · Đường Hùng Vương, phường An Xuyên",
    "head_colour": "#0f4c45",
    "accent_colour": "#0b5e8a",
}
# (title, kind, summary, body, days ago)
NEWS = (
    (
        "Ngày hội đọc sách tỉnh Cà Mau 2026",
        News.Kind.NEWS,
        "Trưng bày sách, giao lưu tác giả và thi kể chuyện theo sách cho thiếu nhi.",
        "Hưởng ứng **Ngày Sách và Văn hóa đọc Việt Nam** (21/4), Thư viện tỉnh Cà Mau tổ "
        "chức ngày hội đọc sách:\n\n"
        "- trưng bày sách mới và tài liệu địa chí về vùng đất Mũi;\n"
        "- giao lưu với các tác giả địa phương;\n"
        "- thi kể chuyện theo sách cho học sinh tiểu học.\n\n"
        "Bạn đọc có thể [tra cứu tài liệu](/search) và đặt mượn trước trên cổng này.",
        3,
    ),
    (
        "Tập huấn biên mục MARC 21 cho thư viện xã",
        News.Kind.LIBRARY_WORK,
        "Cán bộ thư viện các xã, phường học biên mục và dùng mục lục liên hợp của tỉnh.",
        "Thư viện tỉnh mở lớp tập huấn hai ngày cho cán bộ thư viện cấp xã:\n\n"
        "1. biên mục sao chép qua Z39.50 và SRU;\n"
        "2. cho mượn, nhận trả và đặt trước trên phần mềm thuvien;\n"
        "3. số hoá tài liệu địa chí.\n\n"
        "Đăng ký với phòng Nghiệp vụ của Thư viện tỉnh.",
        10,
    ),
)


def _logo() -> bytes:
    """A small logo drawn here (a book-green disc on white), so the demo needs no file."""
    size = 96
    xy = pyvips.Image.xyz(size, size) - size / 2
    distance = (xy[0] ** 2 + xy[1] ** 2) ** 0.5
    disc = (distance < size / 2 - 2).ifthenelse([15, 76, 69], [255, 255, 255])
    ring = (distance < size / 4).ifthenelse([255, 212, 59], disc)
    return bytes(ring.cast("uchar").pngsave_buffer())


def load(provincial: Library, actor: str) -> tuple[list[str], str]:
    added: list[str] = []
    if branding.branding_of(None) is None:
        branding.set_branding(
            actor,
            None,
            logo=("logo-ca-mau.png", _logo()),
            name=PROVINCE["name"],
            tagline=PROVINCE["tagline"],
            footer=PROVINCE["footer"],
            head_colour=PROVINCE["head_colour"],
            accent_colour=PROVINCE["accent_colour"],
        )
        branding.set_branding(actor, provincial, head_colour="#7a1f1f")
        added.append(_("giao diện cổng tra cứu"))
    made = 0
    for title, kind, summary, body, days in NEWS:
        slug = news.slug_for(title)
        if News.objects.filter(slug=slug).exists():
            continue
        item = news.write_draft(
            actor, provincial, title=title, kind=kind, summary=summary, body=body, slug=slug
        )
        news.move(actor, item, "publish", at=timezone.now() - datetime.timedelta(days=days))
        made += 1
    if made:
        added.append(_("{count} tin").format(count=made))
    total = news.published().count()
    return added, _("{total} tin đã đăng (mới {new})").format(total=total, new=made)
