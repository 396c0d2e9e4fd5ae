"""By-request digital access with the reader's own card and PIN: no staff account, no staff
login; the request and its state in "Tài khoản của tôi"; reading once staff approve."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.test import Client
from django.utils import timezone

from tests.circulation.conftest import make_desk
from tests.digital import samples
from thuvien.audit.models import AuditEntry
from thuvien.catalogue.services import create_record
from thuvien.digital import services
from thuvien.digital.models import AccessRequest, DigitalObject
from thuvien.network.models import Library, Role
from thuvien.testing import factories

Ingest = Callable[..., DigitalObject]


def _card_reader() -> Client:
    make_desk("VN-RD0001")  # reader B001, PIN 1234
    client = Client()
    response = client.post("/account/sign-in/", {"card": "VN-RD0001:B001", "pin": "1234"})
    assert response.status_code == 302
    return client


def test_a_card_reader_asks_sees_the_state_and_reads_once_approved(
    tmp_path: Path, ingested: Ingest, library: Library
) -> None:
    cataloguer = factories.staff(Role.CATALOGUER, library)
    record = create_record(cataloguer, library, factories.marc("Gia phả họ Trần"))
    ingested([samples.png(tmp_path / "a.png")], "gia-pha", access="request", record=record)

    # Nobody signed in: the record page sends the reader to the portal's sign-in, not the staff's.
    page = Client().get(f"/record/{record.pk}").content.decode()
    assert "Đăng nhập bằng thẻ bạn đọc để gửi yêu cầu xem" in page
    assert "/account/sign-in/?next=" in page
    assert "/staff/login" not in page
    response = Client().post("/digital/gia-pha/request", {"reason": "x"})
    assert response["Location"].startswith("/account/sign-in/?next=")

    client = _card_reader()
    assert client.get("/iiif/manifests/gia-pha").status_code == 403  # signed in, not approved
    assert "Gửi yêu cầu xem" in client.get(f"/record/{record.pk}").content.decode()
    response = client.post("/digital/gia-pha/request", {"reason": "Nghiên cứu dòng họ"})
    assert response["Location"] == f"/record/{record.pk}#digital"
    client.post("/digital/gia-pha/request", {"reason": "again"})  # asked once, not twice
    [asked] = AccessRequest.objects.all()
    assert asked.reader_id is None
    assert asked.patron_ref is not None
    assert (asked.reader_label, asked.reason, asked.state) == (
        "VN-RD0001:B001",
        "Nghiên cứu dòng họ",
        "pending",
    )
    assert AuditEntry.objects.filter(
        object_type="digital access request", actor_label="reader:VN-RD0001:B001"
    ).exists()
    page = client.get(f"/record/{record.pk}").content.decode()
    assert "Yêu cầu của bạn đã được gửi; cán bộ thư viện sẽ xem xét." in page
    account = client.get("/account/").content.decode()
    assert "Xem tài liệu số theo yêu cầu" in account
    assert "Địa chí tỉnh Cà Mau · Chờ duyệt" in account

    # Staff see the card on their page and approve as before.
    staff = Client()
    staff.force_login(cataloguer)
    assert "VN-RD0001:B001" in staff.get("/staff/digital/requests/").content.decode()
    assert staff.post(f"/staff/digital/requests/{asked.pk}/approve/").status_code == 302
    asked.refresh_from_db()
    assert asked.state == "approved"

    assert client.get("/iiif/manifests/gia-pha").status_code == 200
    account = client.get("/account/").content.decode()
    day = timezone.localtime(asked.expires_at).strftime("%d/%m/%Y")
    assert f"Đã duyệt, xem được đến ngày {day}" in account
    assert f'href="/record/{record.pk}#digital"' in account
    # Another reader's session does not borrow the approval.
    other = Client()
    desk = make_desk("VN-RD0002")
    desk.add_reader("B002", pin="4321")
    assert other.post("/account/sign-in/", {"card": "VN-RD0002:B002", "pin": "4321"})
    assert other.get("/iiif/manifests/gia-pha").status_code == 403

    AccessRequest.objects.filter(pk=asked.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get("/iiif/manifests/gia-pha").status_code == 403
    assert "Đã hết hạn xem" in client.get("/account/").content.decode()


def test_signing_out_ends_the_readers_access(
    tmp_path: Path, ingested: Ingest, library: Library
) -> None:
    obj = ingested([samples.png(tmp_path / "a.png")], "so-tay", access="request")
    client = _card_reader()
    client.post("/digital/so-tay/request", {"reason": "Học tập"})
    [asked] = AccessRequest.objects.all()
    services.decide_request(factories.staff(Role.CATALOGUER, library), asked, "approve", days=3)
    assert client.get(f"/iiif/manifests/{obj.identifier}").status_code == 200
    client.post("/account/sign-out/")
    assert client.get(f"/iiif/manifests/{obj.identifier}").status_code == 401
