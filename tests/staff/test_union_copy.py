"""Copy cataloguing from the union: a school librarian finds a member's record, previews it,
copies it into her library in one click (provenance kept, audited), then adds her copies;
the copy joins its source's cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser

from thuvien.audit.models import AuditEntry
from thuvien.catalogue import copying
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.search import index_now, use_index_in
from thuvien.union import clusters
from thuvien.union import copying as union_copying

from .conftest import client_for
from .pages import text

pytestmark = pytest.mark.django_db
SYSTEM = "system"


def book() -> MarcRecord:
    return factories.marc(
        "Dế mèn phiêu lưu ký",
        control="KD-001",
        extra=[
            ["003", "VN-TINH"],
            ["020", " ", " ", [["a", "9786042000011"]]],
            ["100", "0", " ", [["a", "Tô Hoài"]]],
            ["260", " ", " ", [["a", "Hà Nội :"], ["b", "Kim Đồng,"], ["c", "2018."]]],
            ["952", " ", " ", [["p", "TINH-1"], ["o", "895.922 TO-H"]]],
        ],
    )


@pytest.fixture
def province() -> Library:
    return factories.library("VN-TINH", name_vi="Thư viện tỉnh")


@pytest.fixture
def school() -> Library:
    return factories.library(
        "VN-TH01", name_vi="Thư viện Trường Tiểu học Kim Đồng", library_type="school"
    )


@pytest.fixture
def source(province: Library) -> Record:
    record = catalogue.create_record(SYSTEM, province, book())
    catalogue.add_item(SYSTEM, record, barcode="TINH-1")
    return record


@pytest.fixture
def librarian(school: Library) -> AbstractUser:
    return factories.staff(Role.CATALOGUER, school, username="co-lan")


def test_a_copy_keeps_the_description_and_its_provenance(
    source: Record, school: Library, librarian: AbstractUser
) -> None:
    copy, cluster = union_copying.copy_into(librarian, source, school)
    assert copy.library == school
    assert copy.copied_from == source
    assert copy.source == f"union:VN-TINH#{source.pk}"
    assert (copy.title, copy.isbn, copy.authors) == (source.title, source.isbn, source.authors)
    tags = [f[0] for f in MarcRecord.from_stored(copy.leader, copy.marc).fields]
    assert "952" not in tags  # the province's copies stay the province's
    assert "001" in tags
    assert "003" in tags
    assert copy.items.count() == 0
    assert cluster is not None
    assert clusters.of_record(source.pk) == cluster
    entry = AuditEntry.objects.get(object_type="record", object_id=str(copy.pk))
    assert entry.actor_label == "co-lan"
    assert entry.library_code == "VN-TH01"
    assert entry.after == {"copied_from": source.pk, "source": copy.source, "title": copy.title}


def test_copying_twice_or_into_the_source_library_is_refused(
    source: Record, school: Library, province: Library, librarian: AbstractUser
) -> None:
    copy, _ = union_copying.copy_into(librarian, source, school)
    with pytest.raises(Conflict) as twice:
        union_copying.copy_into(librarian, source, school)
    assert twice.value.message == (
        f"Thư viện VN-TH01 đã sao chép biểu ghi này (biểu ghi số {copy.pk}); hãy thêm bản "
        "sao vào biểu ghi đó."
    )
    with pytest.raises(InvalidInput) as own:
        copying.copy_record(SYSTEM, source, province)
    assert own.value.message == (
        f"Biểu ghi số {source.pk} đã thuộc thư viện VN-TINH; không cần sao chép."
    )


def test_a_cataloguer_copies_only_into_her_own_library(
    source: Record, province: Library, school: Library
) -> None:
    other = factories.library("VN-XA01")
    someone = factories.staff(Role.CATALOGUER, other, username="anh-ba")
    with pytest.raises(NotPermitted):
        copying.copy_record(someone, source, school)
    assert not Record.objects.filter(copied_from=source).exists()


def test_the_librarian_searches_previews_copies_and_adds_her_copies(
    settings: Any, tmp_path: Path, source: Record, school: Library, librarian: AbstractUser
) -> None:
    use_index_in(settings, tmp_path)
    index_now()
    client = client_for(librarian)
    home = client.get("/staff/records/")
    assert "Sao chép từ mục lục liên hợp" in text(home.content.decode())
    found = client.get("/staff/records/union/?q=de+men")
    assert found.status_code == 200
    page = text(found.content.decode())
    assert "1 ấn bản" in page
    assert "Dế mèn phiêu lưu ký" in page
    assert f'href="/staff/records/union/{source.pk}/"' in found.content.decode()
    preview = client.get(f"/staff/records/union/{source.pk}/")
    assert preview.status_code == 200
    assert "Sao chép vào thư viện của tôi" in text(preview.content.decode())
    done = client.post(f"/staff/records/union/{source.pk}/", {"library": school.pk})
    copy = Record.objects.get(copied_from=source)
    assert done.status_code == 302
    assert done["Location"] == f"/staff/records/{copy.pk}/"
    record_page = text(client.get(done["Location"]).content.decode())
    assert f"Đã sao chép biểu ghi vào VN-TH01 (biểu ghi số {copy.pk})." in record_page
    assert f"Sao chép từ VN-TINH #{source.pk}" in record_page
    added = client.post(
        f"/staff/records/{copy.pk}/items/new/",
        {"barcode": "TH-0001", "accession_number": "TH.1", "status": "available"},
    )
    assert added.status_code == 302
    assert Item.objects.get(record=copy).library == school
    index_now()
    again = text(client.get("/staff/records/union/?q=de+men").content.decode())
    assert "VN-TINH, VN-TH01 (thư viện bạn đã có)" in again


def test_a_second_copy_is_refused_on_the_page(
    settings: Any, tmp_path: Path, source: Record, school: Library, librarian: AbstractUser
) -> None:
    client = client_for(librarian)
    client.post(f"/staff/records/union/{source.pk}/", {"library": school.pk})
    again = client.post(f"/staff/records/union/{source.pk}/", {"library": school.pk})
    assert again.status_code == 200
    assert "Thư viện VN-TH01 đã sao chép biểu ghi này" in text(again.content.decode())
    assert Record.objects.filter(copied_from=source).count() == 1


def test_a_clerk_may_not_copy(source: Record, school: Library) -> None:
    clerk = factories.staff(Role.CIRCULATION_CLERK, school, username="thu-thu")
    response = client_for(clerk).post(f"/staff/records/union/{source.pk}/", {"library": school.pk})
    assert response.status_code == 403
    assert not Record.objects.filter(copied_from=source).exists()
