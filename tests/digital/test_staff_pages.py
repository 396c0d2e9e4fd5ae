"""Staff pages: upload with its refusals, the review buttons, the fixity check, approvals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client

from tests.digital import samples
from thuvien.digital import services
from thuvien.digital.models import AccessRequest, DigitalObject
from thuvien.network.models import Library, Role
from thuvien.testing import factories


def staff(role: Role, library: Library) -> Client:
    client = Client()
    client.force_login(factories.staff(role, library))
    return client


def test_a_cataloguer_uploads_scans_and_publishes_a_thesis(
    tmp_path: Path, library: Library
) -> None:
    client = staff(Role.CATALOGUER, library)
    assert client.get("/staff/digital/new/").status_code == 200
    with (
        samples.png(tmp_path / "trang-1.png").open("rb") as one,
        samples.jpeg(tmp_path / "trang-2.jpg").open("rb") as two,
    ):
        response = client.post(
            "/staff/digital/new/",
            {
                "library": library.pk,
                "identifier": "luan-an-7",
                "title": "Luận án tiến sĩ: Thư tịch Khmer ở Sóc Trăng",
                "access": "request",
                "rights": "in-copyright",
                "status": "draft",
                "ocr": "",
                "scans": [one, two],
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/staff/digital/objects/luan-an-7/"
    obj = DigitalObject.objects.get(identifier="luan-an-7")
    assert (obj.pages.count(), obj.status) == (2, "draft")
    page = client.get("/staff/digital/objects/luan-an-7/").content.decode()
    assert "Gửi duyệt" in page
    client.post("/staff/digital/objects/luan-an-7/submit/")
    client.post("/staff/digital/objects/luan-an-7/publish/")
    obj.refresh_from_db()
    assert obj.status == "published"
    page = client.get("/staff/digital/objects/luan-an-7/").content.decode()
    assert "Gửi duyệt: Bản nháp → Chờ duyệt</li>" in page
    assert "Công bố: Chờ duyệt → Đã công bố</li>" in page
    followed = client.post("/staff/digital/objects/luan-an-7/fixity/", follow=True)
    assert "Kiểm tra 4 tệp: 0 sai lệch." in followed.content.decode()
    assert "luan-an-7" in client.get("/staff/digital/").content.decode()


def test_an_upload_with_a_bad_file_says_why_and_keeps_nothing(
    tmp_path: Path, library: Library
) -> None:
    client = staff(Role.CATALOGUER, library)
    with samples.word_file(tmp_path / "scan.tif").open("rb") as word:
        response = client.post(
            "/staff/digital/new/",
            {
                "library": library.pk,
                "identifier": "hong",
                "title": "Hỏng",
                "access": "open",
                "rights": "unknown",
                "status": "published",
                "scans": [word],
            },
        )
    assert response.status_code == 200
    assert (
        "scan.tif: Loại tệp không được nhận: tài liệu Microsoft Office cũ (Word/Excel .doc/.xls)."
        in response.content.decode()
    )
    assert not DigitalObject.objects.exists()


def test_staff_approve_a_readers_request(
    tmp_path: Path, library: Library, ingested: Callable[..., DigitalObject]
) -> None:
    obj = ingested([samples.png(tmp_path / "a.png")], "xin-xem", access="request")
    reader = get_user_model().objects.create_user(username="ban-doc")
    asked = services.request_access(reader, obj, "Viết luận văn")
    client = staff(Role.LIBRARY_ADMIN, library)
    assert "Viết luận văn" in client.get("/staff/digital/requests/").content.decode()
    client.post(f"/staff/digital/requests/{asked.pk}/approve/")
    asked.refresh_from_db()
    assert asked.state == AccessRequest.State.APPROVED
    assert asked.expires_at is not None
    other = staff(Role.CATALOGUER, factories.library())
    assert other.post(f"/staff/digital/requests/{asked.pk}/refuse/").status_code == 404
