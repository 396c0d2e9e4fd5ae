"""Ordering and receiving: copies with their accession numbers in sequence, never reused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.acquisitions.conftest import Shop
from thuvien.acquisitions import receiving, services
from thuvien.acquisitions.models import Accession, Order, Source
from thuvien.catalogue.models import Item
from thuvien.errors import Conflict
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.services import history


def _ordered(shop: Shop, quantity: int = 3) -> Order:
    order = services.create_order(shop.clerk, shop.library, shop.supplier, fund=shop.fund)
    services.add_line(
        shop.clerk, order, record=shop.record, quantity=quantity, unit_price=Decimal(45_000)
    )
    return services.place(shop.clerk, order, ordered_on=dt.date(2026, 3, 1))


def test_receiving_part_of_a_line_makes_copies_numbered_in_sequence(shop: Shop) -> None:
    order = _ordered(shop)
    line = order.lines.get()
    receipt = receiving.receive(shop.clerk, order, {line.pk: 2}, document="HĐ 0012")
    assert receipt.number == 1
    codes = list(Item.objects.order_by("pk").values_list("accession_number", "barcode"))
    assert codes == [("VV.000001", "VV000001"), ("VV.000002", "VV000002")]
    order.refresh_from_db()
    assert order.state == Order.State.PARTLY_RECEIVED
    receiving.receive(shop.clerk, order, {line.pk: 1})
    order.refresh_from_db()
    assert order.state == Order.State.RECEIVED
    assert [t.action for t in history(order)] == ["draft", "place", "receive-part", "receive-all"]
    position = services.position(shop.fund)
    assert (position.committed, position.spent) == (Decimal(0), Decimal(135_000))
    assert position.remaining == Decimal(10_000_000 - 135_000)


def test_receiving_more_than_ordered_is_refused_and_leaves_nothing(shop: Shop) -> None:
    order = _ordered(shop, quantity=1)
    line = order.lines.get()
    with pytest.raises(Conflict) as refused:
        receiving.receive(shop.clerk, order, {line.pk: 2})
    assert refused.value.message == (
        f"Dòng “Dế Mèn phiêu lưu ký” của đơn {order.number} chỉ còn chờ 1 bản, không nhận "
        "được 2 bản."
    )
    assert Item.objects.count() == 0
    assert Accession.objects.count() == 0


def test_a_draft_order_cannot_be_received(shop: Shop) -> None:
    order = services.create_order(shop.clerk, shop.library, shop.supplier)
    line = services.add_line(
        shop.clerk, order, record=shop.record, quantity=1, unit_price=Decimal(1)
    )
    with pytest.raises(IllegalTransition):
        receiving.receive(shop.clerk, order, {line.pk: 1})


def test_a_cancelled_receipt_keeps_its_numbers_and_the_next_copy_takes_a_new_one(
    shop: Shop,
) -> None:
    order = _ordered(shop, quantity=2)
    line = order.lines.get()
    receipt = receiving.receive(shop.clerk, order, {line.pk: 2})
    receiving.cancel_receipt(shop.clerk, receipt, reason="Nhập nhầm đơn")
    order.refresh_from_db()
    assert order.state == Order.State.ORDERED
    assert Item.objects.count() == 0
    assert list(Accession.objects.values_list("code", "void_reason")) == [
        ("VV.000001", "Nhập nhầm đơn"),
        ("VV.000002", "Nhập nhầm đơn"),
    ]
    receiving.receive(shop.clerk, order, {line.pk: 1})
    assert list(Item.objects.values_list("accession_number", flat=True)) == ["VV.000003"]


def test_a_donation_without_an_order_goes_into_both_registers(shop: Shop) -> None:
    receiving.set_series(shop.clerk, shop.library, "VV", prefix="A-")
    receipt = receiving.take_in(
        shop.clerk,
        shop.library,
        source=Source.DONATION,
        provider="Hội Cha mẹ học sinh",
        document="Biên bản 03/BB",
        entries=[receiving.Entry(shop.record, 2, Decimal(30_000))],
    )
    assert receipt.source == "donation"
    assert list(Item.objects.values_list("accession_number", "acquisition_source")) == [
        ("A-VV.000001", "donation"),
        ("A-VV.000002", "donation"),
    ]


def test_skipped_numbers_are_gap_lines_with_their_reason(shop: Shop) -> None:
    gaps = receiving.skip_numbers(shop.clerk, shop.library, "VV", 2, reason="Sổ giấy rách trang")
    assert [g.code for g in gaps] == ["VV.000001", "VV.000002"]
    receipt = receiving.take_in(
        shop.clerk,
        shop.library,
        source=Source.LEGAL_DEPOSIT,
        provider="NXB Kim Đồng",
        entries=[receiving.Entry(shop.record, 1, Decimal(0))],
    )
    assert receipt.accessions.get().code == "VV.000003"


def test_a_line_from_the_union_catalogue_copies_the_record_and_moves_are_audited(
    shop: Shop,
) -> None:
    from thuvien.audit.models import AuditEntry
    from thuvien.catalogue import services as catalogue
    from thuvien.testing import factories

    other = factories.library("TV-B", name_vi="Thư viện B")
    theirs = catalogue.create_record("system", other, factories.marc("Số đỏ"))
    order = services.create_order(shop.clerk, shop.library, shop.supplier)
    line = services.add_line(
        shop.clerk, order, union_source=theirs, quantity=1, unit_price=Decimal(60_000)
    )
    assert line.record.library == shop.library
    assert line.record.copied_from == theirs
    services.place(shop.clerk, order)
    entry = AuditEntry.objects.filter(object_type="acquisition-order").latest("pk")
    assert entry.summary == f"THCS-A/{order.number}: place (draft → ordered)"
