"""A remote copy reaches the reader as a PDF stamped with their card and the day, which they
download from their account until it expires; a bad upload leaves nothing behind."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from tests.circulation.conftest import Desk, make_desk
from thuvien.circulation import requests
from thuvien.circulation.models import CopyRequest


@pytest.fixture
def desk() -> Desk:
    return make_desk()


def _pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _reader() -> Client:
    client = Client()
    assert client.post("/account/sign-in/", {"card": "B001", "pin": "1234"}).status_code == 302
    return client


def _approved(desk: Desk) -> CopyRequest:
    copy = requests.request_copy(desk.clerk, desk.reader, desk.record, "12-30")
    requests.advance(desk.clerk, copy, "approve", note="Dưới 10% tài liệu")
    return copy


def _deliver(desk: Desk, copy: CopyRequest, data: bytes | None) -> str:
    clerk = Client()
    clerk.force_login(desk.clerk)
    files = {} if data is None else {"file": io.BytesIO(data)}
    if data is not None:
        files["file"].name = "scan.pdf"  # type: ignore[attr-defined]
    response = clerk.post(
        f"/staff/circulation/requests/copy/{copy.pk}/deliver/", files, follow=True
    )
    return response.content.decode()


def test_the_reader_downloads_a_stamped_copy_from_their_account(desk: Desk) -> None:
    copy = _approved(desk)
    _deliver(desk, copy, _pdf())
    copy.refresh_from_db()
    assert copy.state == "delivered"
    assert copy.available_until is not None
    assert timedelta(days=13) < copy.available_until - timezone.now() <= timedelta(days=14)
    reader = _reader()
    page = reader.get("/account/").content.decode()
    day = f"{timezone.localtime(copy.available_until):%d/%m/%Y}"
    assert f'href="/account/copies/{copy.pk}.pdf">Tải bản sao (PDF, đến ngày {day})</a>' in page
    response = reader.get(f"/account/copies/{copy.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert len(pdf.pages) == 2
    today = f"{timezone.localdate():%d/%m/%Y}"
    stamp = f"Ban sao cho ban doc VN-CT0001:B001, ngay {today}"
    assert all(stamp in p.extract_text() for p in pdf.pages)


def test_a_pdf_copy_is_not_delivered_without_its_file_or_with_a_bad_one(
    desk: Desk, settings: Any, tmp_path: Path
) -> None:
    settings.FILES_DIR = tmp_path  # a folder of this test's own, to see that nothing is left
    copy = _approved(desk)
    page = _deliver(desk, copy, None)
    assert "Cần tệp PDF của bản sao để giao cho bạn đọc." in page
    page = _deliver(desk, copy, b"not a pdf at all")
    assert "Tệp tải lên không phải PDF đọc được; hãy quét lại và lưu dưới dạng PDF." in page
    copy.refresh_from_db()
    assert (copy.state, copy.file) == ("approved", "")
    assert list(requests.copies_dir().iterdir()) == []


def test_only_its_reader_downloads_it_and_only_until_it_expires(desk: Desk) -> None:
    copy = _approved(desk)
    _deliver(desk, copy, _pdf(1))
    desk.add_reader("B002", pin="2222")
    other = Client()
    other.post("/account/sign-in/", {"card": "B002", "pin": "2222"})
    assert other.get(f"/account/copies/{copy.pk}.pdf").status_code == 404
    copy.refresh_from_db()
    CopyRequest.objects.filter(pk=copy.pk).update(
        available_until=timezone.now() - timedelta(minutes=1)
    )
    expired = _reader().get(f"/account/copies/{copy.pk}.pdf")
    assert expired.status_code == 410
    day = f"{timezone.localtime(timezone.now() - timedelta(minutes=1)):%d/%m/%Y}"
    assert expired.content.decode() == (
        f"Bản sao này chỉ tải được đến ngày {day}; hãy gửi yêu cầu sao chụp mới."
    )
