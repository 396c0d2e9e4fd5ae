"""Copies: cataloguers add, edit and delete them from the record's page."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.urls import reverse

from thuvien.catalogue import services
from thuvien.catalogue.models import Item
from thuvien.network.models import Library, Role
from thuvien.testing import factories

from .conftest import client_for, record_in
from .pages import text

COPY = {
    "barcode": "A-0001",
    "accession_number": "VV.0001",
    "call_number": "895.922 NG-D",
    "location": "Kho mượn",
    "item_type": "sách",
    "status": "available",
    "price": "85000",
    "acquisition_source": "Mua",
    "note": "",
}


def test_cataloguer_adds_edits_and_deletes_a_copy(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a)
    client = client_for(cataloguer)
    response = client.post(reverse("staff:catalogue:item_new", args=[record.pk]), COPY)
    assert response.status_code == 302
    item = Item.objects.get(record=record)
    assert (item.library, item.barcode, item.price) == (library_a, "A-0001", Decimal(85000))
    edit = reverse("staff:catalogue:item_edit", args=[item.pk])
    assert 'value="VV.0001"' in client.get(edit).content.decode()
    assert client.post(edit, {**COPY, "status": "damaged", "barcode": "A-0002"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.barcode) == ("damaged", "A-0002")
    assert client.post(reverse("staff:catalogue:item_delete", args=[item.pk])).status_code == 302
    assert not Item.objects.filter(pk=item.pk).exists()


def test_a_barcode_already_used_in_the_library_is_refused_on_the_form(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    first, second = record_in(library_a, "Một"), record_in(library_a, "Hai")
    services.add_item(factories.staff(Role.NETWORK_ADMIN), first, barcode="A-0001")
    response = client_for(cataloguer).post(
        reverse("staff:catalogue:item_new", args=[second.pk]), COPY
    )
    assert response.status_code == 200
    assert "Mã vạch A-0001 đã được dùng trong VN-A0001." in text(response.content.decode())
    assert "A-0001" in response.context["form"].errors["barcode"][0]
    assert not Item.objects.filter(record=second).exists()


def test_the_same_barcode_may_be_used_by_another_library(
    library_a: Library, library_b: Library
) -> None:
    services.add_item(factories.staff(Role.NETWORK_ADMIN), record_in(library_b), barcode="A-0001")
    cataloguer = factories.staff(Role.CATALOGUER, library_a)
    record = record_in(library_a)
    response = client_for(cataloguer).post(
        reverse("staff:catalogue:item_new", args=[record.pk]), COPY
    )
    assert response.status_code == 302
    assert Item.objects.filter(barcode="A-0001").count() == 2


def test_cataloguer_of_another_library_may_not_touch_its_copies(
    cataloguer: AbstractUser, library_b: Library
) -> None:
    item = services.add_item(
        factories.staff(Role.NETWORK_ADMIN), record_in(library_b), barcode="B1"
    )
    client = client_for(cataloguer)
    assert (
        client.post(reverse("staff:catalogue:item_edit", args=[item.pk]), COPY).status_code == 403
    )
    assert client.post(reverse("staff:catalogue:item_delete", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.barcode == "B1"


def test_a_record_with_a_copy_on_loan_is_not_deleted_and_says_why(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a)
    services.add_item(factories.staff(Role.NETWORK_ADMIN), record, barcode="A1", status="on-loan")
    client = client_for(cataloguer)
    response = client.post(reverse("staff:catalogue:record_delete", args=[record.pk]), follow=True)
    assert "Bản ghi còn bản sao đang lưu thông; hãy xử lý các bản sao trước." in text(
        response.content.decode()
    )
    assert record.__class__.objects.filter(pk=record.pk).exists()
