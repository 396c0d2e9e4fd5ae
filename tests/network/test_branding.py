"""The portal's branding: set by administrators, checked on the way in, defaults when unset."""

from __future__ import annotations

import pytest
import pyvips
from django.test import Client

from thuvien.audit.models import AuditEntry
from thuvien.errors import InvalidInput, NotPermitted
from thuvien.network import branding
from thuvien.network.models import Role
from thuvien.testing import factories


def png(width: int = 20, height: int = 10) -> bytes:
    return bytes(pyvips.Image.black(width, height).pngsave_buffer())


def test_defaults_when_nothing_is_set() -> None:
    look = branding.look(None, "Tra cứu thư viện")
    assert (look.name, look.head_colour, look.accent_colour, look.logo_version) == (
        "Tra cứu thư viện",
        "#12325a",
        "#0b5cad",
        "",
    )
    page = Client().get("/").content.decode()
    assert "--head: #12325a; --accent: #0b5cad;" in page
    assert '<span class="name">Tra cứu thư viện</span>' in page


def test_network_admin_sets_the_provinces_look_and_the_portal_wears_it() -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    row = branding.set_branding(
        admin,
        None,
        logo=("logo.png", png()),
        name="Thư viện tỉnh Lâm Đồng",
        tagline="Đọc sách mỗi ngày",
        head_colour="#7A1F1F",
    )
    assert row.logo_type == "image/png"
    entry = AuditEntry.objects.get(object_type="branding")
    assert entry.after["head_colour"] == "#7a1f1f"
    assert "logo" not in entry.after  # the version, not the bytes
    page = Client().get("/").content.decode()
    assert "--head: #7a1f1f; --accent: #0b5cad;" in page
    assert "Thư viện tỉnh Lâm Đồng" in page
    assert "Đọc sách mỗi ngày" in page
    assert f"/branding/province/logo?v={row.logo_version}" in page
    response = Client().get(f"/branding/province/logo?v={row.logo_version}")
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    assert response.content == png()


def test_a_library_inherits_what_it_leaves_empty() -> None:
    library = factories.library("VN-LD0002", name_vi="Thư viện xã Đạ Huoai")
    branding.set_branding(factories.staff(Role.NETWORK_ADMIN), None, accent_colour="#14532d")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    branding.set_branding(admin, library, head_colour="#3b1f5c")
    look = branding.look(library)
    assert (look.name, look.head_colour, look.accent_colour) == (
        "Thư viện xã Đạ Huoai",
        "#3b1f5c",
        "#14532d",
    )


def test_only_administrators_set_branding_and_a_library_admin_only_their_own() -> None:
    library = factories.library("VN-LD0003")
    other = factories.library("VN-LD0004")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    with pytest.raises(NotPermitted):
        branding.set_branding(admin, None, name="Tỉnh")
    with pytest.raises(NotPermitted):
        branding.set_branding(admin, other, name="Khác")
    with pytest.raises(NotPermitted):
        branding.set_branding(factories.staff(Role.CATALOGUER, library), library, name="x")


def test_colours_must_be_hex_and_dark_enough_for_white_text() -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    with pytest.raises(InvalidInput) as bad:
        branding.set_branding(admin, None, head_colour="red")
    assert bad.value.message == "Màu “red” không hợp lệ; hãy nhập dạng #rrggbb, ví dụ #12325a."
    with pytest.raises(InvalidInput) as pale:
        branding.set_branding(admin, None, accent_colour="#ffff00")
    assert pale.value.message == (
        "Màu #ffff00 quá nhạt: chữ trắng trên màu này chỉ đạt độ tương phản 1.1:1, cần ít "
        "nhất 4.5:1; hãy chọn màu đậm hơn."
    )


def test_logo_must_be_a_small_readable_image() -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    cases = [
        (
            ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
            "Tệp logo.svg không phải ảnh PNG, JPEG hay WebP; hãy tải lên một ảnh.",
        ),
        (
            ("cut.png", png()[:60]),
            "Tệp cut.png bị hỏng, không đọc được ảnh; hãy lưu lại ảnh rồi tải lên.",
        ),
        (
            ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (600 * 1024)),
            "Biểu trưng big.png nặng 601 KB, quá giới hạn 512 KB; hãy thu nhỏ ảnh.",
        ),
        (
            ("wide.png", png(2400, 10)),
            "Biểu trưng wide.png rộng 2400×10 điểm ảnh, quá 2000 điểm một cạnh; hãy thu nhỏ ảnh.",
        ),
    ]
    for logo, message in cases:
        with pytest.raises(InvalidInput) as refused:
            branding.set_branding(admin, None, logo=logo)
        assert refused.value.message == message
    assert not AuditEntry.objects.filter(object_type="branding").exists()


def test_staff_page_sets_branding_and_shows_the_error_on_the_form() -> None:
    library = factories.library("VN-LD0005", name_vi="Thư viện huyện thử")
    client = Client()
    client.force_login(factories.staff(Role.LIBRARY_ADMIN, library))
    page = client.get("/staff/portal/branding/").content.decode()
    assert "Giao diện cổng tra cứu: VN-LD0005" in page
    assert "Toàn tỉnh" not in page  # a library admin cannot pick the province
    bad = client.post(
        "/staff/portal/branding/",
        {"library": "VN-LD0005", "head_colour": "#eeeeee", "logo": _upload("x.gif", b"GIF89a")},
    ).content.decode()
    assert "Màu #eeeeee quá nhạt: chữ trắng trên màu này chỉ đạt độ tương phản 1.2:1" in bad
    bad = client.post(
        "/staff/portal/branding/", {"library": "VN-LD0005", "logo": _upload("x.gif", b"GIF89a")}
    ).content.decode()
    assert "Tệp x.gif không phải ảnh PNG, JPEG hay WebP; hãy tải lên một ảnh." in bad
    response = client.post(
        "/staff/portal/branding/",
        {"library": "VN-LD0005", "name": "TV Thử", "logo": _upload("l.png", png())},
    )
    assert response.status_code == 302
    assert branding.look(library).name == "TV Thử"
    assert branding.look(library).scope == "VN-LD0005"
    assert client.get("/staff/portal/branding/?library=VN-LD0001").status_code in (403, 404)


def _upload(name: str, data: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
