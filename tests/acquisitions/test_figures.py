"""The yearly report's "acquired this year by source" moves with the registers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.acquisitions.conftest import Shop
from thuvien.acquisitions import receiving
from thuvien.acquisitions.models import Source
from thuvien.reporting import figures


def _by_source(shop: Shop, year: int) -> dict[str, int]:
    counted = figures.for_library(shop.library, figures.period(year))
    return {
        key: counted[key]
        for key in ("acquired_purchase", "acquired_donation", "acquired_legal_deposit")
    }


def test_the_report_counts_the_registered_copies_of_its_year_by_source(shop: Shop) -> None:
    assert _by_source(shop, 2026) == {
        "acquired_purchase": 0,
        "acquired_donation": 0,
        "acquired_legal_deposit": 0,
    }
    entry = [receiving.Entry(shop.record, 3, Decimal(20_000))]
    donated = receiving.take_in(
        shop.clerk,
        shop.library,
        source=Source.DONATION,
        provider="Hội khuyến học",
        entries=entry,
        received_on=dt.date(2026, 2, 1),
    )
    receiving.take_in(
        shop.clerk,
        shop.library,
        source=Source.LEGAL_DEPOSIT,
        provider="NXB Giáo dục",
        entries=[receiving.Entry(shop.record, 1, Decimal(0))],
        received_on=dt.date(2026, 5, 1),
    )
    # 1 December belongs to the next reporting year (TT 05/2020).
    receiving.take_in(
        shop.clerk,
        shop.library,
        source=Source.DONATION,
        provider="Hội khuyến học",
        entries=entry,
        received_on=dt.date(2026, 12, 1),
    )
    assert _by_source(shop, 2026) == {
        "acquired_purchase": 0,
        "acquired_donation": 3,
        "acquired_legal_deposit": 1,
    }
    receiving.cancel_receipt(shop.clerk, donated, reason="Nhập trùng")
    assert _by_source(shop, 2026)["acquired_donation"] == 0
    assert _by_source(shop, 2027)["acquired_donation"] == 3
