"""A school library with a supplier, a fund and a record to order."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from thuvien.acquisitions import services
from thuvien.acquisitions.models import Fund, Supplier
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Record
from thuvien.network.models import Library, Role
from thuvien.testing import factories


@dataclass
class Shop:
    library: Library
    clerk: Any
    supplier: Supplier
    fund: Fund
    record: Record


@pytest.fixture
def shop() -> Shop:
    library = factories.library("THCS-A", name_vi="Thư viện Trường THCS A")
    clerk = factories.staff(Role.CATALOGUER, library)
    supplier = services.add_supplier(clerk, library, "Nhà sách Fahasa")
    fund = services.add_fund(
        clerk, library, "NS", name="Ngân sách", year=2026, amount=Decimal(10_000_000)
    )
    record = catalogue.create_record(clerk, library, factories.marc("Dế Mèn phiêu lưu ký"))
    return Shop(library, clerk, supplier, fund, record)
