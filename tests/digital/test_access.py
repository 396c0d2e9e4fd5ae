"""Access levels hold on every path: images, tiles, manifests, search, text and PDFs."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from tests.digital import samples
from thuvien.digital import access, services
from thuvien.digital.models import AccessLog, AccessRequest, DigitalObject
from thuvien.errors import NotPermitted
from thuvien.network.models import Library, Role
from thuvien.testing import factories

Ingest = Callable[..., DigitalObject]


def paths(identifier: str) -> list[str]:
    return [
        f"/iiif/3/{identifier}/info.json",
        f"/iiif/3/{identifier}/0,0,256,256/128,/0/default.jpg",
        f"/iiif/3/{identifier}~1/full/max/0/default.png",
        f"/iiif/manifests/{identifier}",
        f"/iiif/search/{identifier}?q=hanoi",
        f"/digital/{identifier}.txt",
    ]


def statuses(client: Client, identifier: str, **extra: str) -> set[int]:
    return {client.get(path, **extra).status_code for path in paths(identifier)}  # type: ignore[arg-type]


@pytest.fixture
def make(tmp_path: Path, ingested: Ingest) -> Callable[[str, str], DigitalObject]:
    def make_object(identifier: str, level: str) -> DigitalObject:
        return ingested([samples.png(tmp_path / f"{identifier}.png")], identifier, access=level)

    return make_object


def reader(username: str = "ban-doc") -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user(username=username))
    return client


def staff_client(role: Role, library: Library | None) -> Client:
    client = Client()
    client.force_login(factories.staff(role, library))
    return client


def test_open_material_is_served_to_everyone(make: Callable[[str, str], DigitalObject]) -> None:
    make("mo", "open")
    assert statuses(Client(), "mo") == {200}


def test_onsite_material_only_from_reading_room_addresses(
    make: Callable[[str, str], DigitalObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    make("tai-cho", "onsite")
    monkeypatch.setenv("THUVIEN_READING_ROOM_NETWORKS", "10.20.0.0/16, 2001:db8:1::/48")
    assert statuses(Client(), "tai-cho", REMOTE_ADDR="203.0.113.9") == {403}
    response = Client().get("/iiif/manifests/tai-cho", REMOTE_ADDR="203.0.113.9")
    assert response.json()["detail"] == "Tài liệu này chỉ xem được tại phòng đọc của thư viện."
    assert statuses(Client(), "tai-cho", REMOTE_ADDR="10.20.3.4") == {200}
    assert statuses(Client(), "tai-cho", REMOTE_ADDR="2001:db8:1:5::9") == {200}


def test_by_request_material_after_staff_approve_for_a_limited_time(
    make: Callable[[str, str], DigitalObject], library: Library
) -> None:
    obj = make("yeu-cau", "request")
    assert statuses(Client(), "yeu-cau") == {401}
    client = reader()
    assert statuses(client, "yeu-cau") == {403}
    user = get_user_model().objects.get(username="ban-doc")
    asked = services.request_access(user, obj, "Nghiên cứu lịch sử địa phương")
    assert statuses(client, "yeu-cau") == {403}  # not yet approved
    clerk = factories.staff(Role.CIRCULATION_CLERK, library)
    with pytest.raises(NotPermitted):
        services.decide_request(clerk, asked, "approve")
    cataloguer = factories.staff(Role.CATALOGUER, library)
    services.decide_request(cataloguer, asked, "approve", days=7)
    assert statuses(client, "yeu-cau") == {200}
    AccessRequest.objects.filter(pk=asked.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert statuses(client, "yeu-cau") == {403}


def test_restricted_material_is_staff_only_and_every_view_is_logged(
    make: Callable[[str, str], DigitalObject], library: Library
) -> None:
    make("han-che", "restricted")
    assert statuses(Client(), "han-che") == {401}
    assert statuses(reader(), "han-che") == {403}
    elsewhere = staff_client(Role.CATALOGUER, factories.library())
    assert statuses(elsewhere, "han-che") == {403}
    own = staff_client(Role.CIRCULATION_CLERK, library)
    assert statuses(own, "han-che") == {200}
    logged = set(AccessLog.objects.values_list("what", flat=True))
    assert logged == {"image", "info", "manifest", "search", "text"}


def test_in_copyright_images_carry_a_watermark_and_no_pdf_for_readers(
    tmp_path: Path, ingested: Ingest
) -> None:
    source = samples.png(tmp_path / "a.png")
    ingested([source], "tu-do", rights="public-domain")
    ingested([source], "ban-quyen", rights="in-copyright")
    tile = "/0,0,600,400/max/0/default.png"
    free = Client().get(f"/iiif/3/tu-do{tile}")
    marked = Client().get(f"/iiif/3/ban-quyen{tile}")
    assert free["Cache-Control"] == "public, max-age=86400"
    assert marked["Cache-Control"] == "private, max-age=300"
    assert free.content != marked.content
    response = Client().get("/digital/ban-quyen.pdf")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Tài liệu còn bảo hộ quyền tác giả: chỉ xem trực tuyến, không tải PDF."
    )


def test_unpublished_or_embargoed_objects_do_not_exist_for_readers(
    make: Callable[[str, str], DigitalObject], library: Library
) -> None:
    draft = make("nhap", "open")
    draft.status = DigitalObject.Status.SUBMITTED
    draft.save()
    embargoed = make("cam", "open")
    embargoed.embargo_until = datetime.date.today() + datetime.timedelta(days=30)
    embargoed.save()
    assert statuses(Client(), "nhap") == {404}
    assert statuses(Client(), "cam") == {404}
    assert statuses(staff_client(Role.CATALOGUER, library), "cam") == {200}


def test_search_sees_only_what_the_reader_may_open(
    make: Callable[[str, str], DigitalObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    for level in ("open", "onsite", "request", "restricted"):
        make(level, level)
    monkeypatch.setenv("THUVIEN_READING_ROOM_NETWORKS", "10.0.0.0/8")
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    request.user = AnonymousUser()
    assert {o.identifier for o in access.visible(request)} == {"open"}
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1")
    request.user = AnonymousUser()
    assert {o.identifier for o in access.visible(request)} == {"open", "onsite"}


def test_in_copyright_works_are_lent_digitally_no_more_than_the_printed_copies(
    tmp_path: Path, ingested: Ingest, library: Library
) -> None:
    from thuvien.catalogue.services import add_item, create_record
    from thuvien.errors import Conflict

    cataloguer = factories.staff(Role.CATALOGUER, library)
    record = create_record(cataloguer, library, factories.marc("Sách còn bản quyền"))
    add_item(cataloguer, record, barcode="B0001")
    obj = ingested(
        [samples.png(tmp_path / "a.png")],
        "ban-quyen",
        access="request",
        rights="in-copyright",
        record=record,
    )
    users = get_user_model().objects
    first = services.request_access(users.create_user(username="mot"), obj)
    second = services.request_access(users.create_user(username="hai"), obj)
    services.decide_request(cataloguer, first, "approve", days=7)
    with pytest.raises(Conflict) as caught:
        services.decide_request(cataloguer, second, "approve")
    back = timezone.localdate() + datetime.timedelta(days=7)
    assert caught.value.message == (
        "Tài liệu còn bản quyền chỉ cho mượn số cùng lúc bằng số bản in (1); bản số sớm nhất "
        f"được trả {back:%d/%m/%Y}."
    )
    with translation.override("en"), pytest.raises(Conflict) as caught:
        services.decide_request(cataloguer, second, "approve")
    assert caught.value.message == (
        "In-copyright works are lent digitally to no more readers at once than the printed "
        f"copies the network holds (1); the first comes back {back:%Y-%m-%d}."
    )
    add_item(cataloguer, record, barcode="B0002")
    services.decide_request(cataloguer, second, "approve")
    assert services.physical_copies(obj) == 2


def test_a_pdf_of_uncertain_rights_carries_the_reader_and_the_date(
    tmp_path: Path, ingested: Ingest
) -> None:
    from pypdf import PdfReader, PdfWriter

    from thuvien.digital import storage

    obj = ingested([samples.png(tmp_path / "a.png")], "chua-ro", rights="unknown")
    folder = storage.object_dir("chua-ro") / "ocr"
    folder.mkdir()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(folder / "0001.pdf")  # what the OCR job leaves for each page
    obj.pages.update(ocr_done=True, ocr_text="...")
    reader = Client()
    reader.force_login(get_user_model().objects.create_user(username="nguoi-doc"))
    response = reader.get("/digital/chua-ro.pdf")
    assert response.status_code == 200
    stamped = PdfReader(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert stamped.pages[0].extract_text() == f"VN-DL0001 · nguoi-doc · {today}"


def test_a_signed_in_reader_asks_from_the_record_page(
    tmp_path: Path, ingested: Ingest, library: Library
) -> None:
    from thuvien.catalogue.services import create_record

    cataloguer = factories.staff(Role.CATALOGUER, library)
    record = create_record(cataloguer, library, factories.marc("Gia phả họ Trần"))
    ingested([samples.png(tmp_path / "a.png")], "gia-pha", access="request", record=record)
    page = Client().get(f"/record/{record.pk}").content.decode()
    assert "Tài liệu này cần gửi yêu cầu và được cán bộ duyệt. Hãy đăng nhập." in page
    assert "Gửi yêu cầu xem" not in page
    client = reader()
    assert "Gửi yêu cầu xem" in client.get(f"/record/{record.pk}").content.decode()
    response = client.post("/digital/gia-pha/request", {"reason": "Nghiên cứu dòng họ"})
    assert response.status_code == 302
    assert response["Location"] == f"/record/{record.pk}#digital"
    page = client.get(f"/record/{record.pk}").content.decode()
    assert "Yêu cầu của bạn đã được gửi; cán bộ thư viện sẽ xem xét." in page
    [asked] = AccessRequest.objects.all()
    assert (asked.reason, asked.state) == ("Nghiên cứu dòng họ", "pending")
