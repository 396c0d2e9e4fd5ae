"""The registers' lines: withdrawals written against the individual register, the general
register's counts, and the hook the weeding (stock) sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from tests.acquisitions.conftest import Shop
from thuvien.acquisitions import receiving, registers
from thuvien.acquisitions.models import Source
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item


def _donate(shop: Shop, copies: int = 2) -> None:
    receiving.take_in(
        shop.clerk,
        shop.library,
        source=Source.EXCHANGE,
        provider="Thư viện tỉnh Bạc Liêu",
        document="CV 12/TV",
        entries=[receiving.Entry(shop.record, copies, Decimal(40_000))],
        received_on=dt.date(2026, 4, 2),
    )


def test_a_withdrawn_copy_keeps_its_line_with_the_withdrawal_written_against_it(
    shop: Shop,
) -> None:
    _donate(shop)
    item = Item.objects.get(accession_number="VV.000002")
    catalogue.update_item(shop.clerk, item, status=Item.Status.WITHDRAWN)
    lines = list(registers.individual(shop.library))
    assert [(line.code, bool(line.withdrawn)) for line in lines] == [
        ("VV.000001", False),
        ("VV.000002", True),
    ]
    assert lines[1].withdrawn == item.updated_at.date().strftime("%d/%m/%Y")


def test_the_weeding_may_give_the_decision_number(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    _donate(shop, 1)

    def decided(item_ids: Sequence[int]) -> dict[int, tuple[dt.date, str]]:
        return {pk: (dt.date(2026, 11, 20), "QĐ 15/QĐ-TV") for pk in item_ids}

    # What stock's AppConfig.ready() does.
    monkeypatch.setattr(registers, "WITHDRAWALS", decided)
    assert [line.withdrawn for line in registers.individual(shop.library)] == [
        "20/11/2026 QĐ 15/QĐ-TV"
    ]


def test_the_general_register_counts_a_batch_by_kind_language_and_value(shop: Shop) -> None:
    _donate(shop, 3)
    (line,) = registers.general(shop.library, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    cells: list[Any] = registers.general_cells(line)
    assert cells == [
        1, dt.date(2026, 4, 2), "Trao đổi", "Thư viện tỉnh Bạc Liêu", "CV 12/TV",
        1, 3, 3, 0, 0, 3, 0, 120_000, "VV.000001", "VV.000003", "",
    ]  # fmt: skip


def test_a_copy_deleted_in_the_catalogue_leaves_its_line_with_a_reason(shop: Shop) -> None:
    _donate(shop, 1)
    catalogue.delete_item(shop.clerk, Item.objects.get())
    (line,) = registers.individual(shop.library)
    assert (line.code, line.note) == ("VV.000001", "Bản đã xoá khỏi mục lục")
