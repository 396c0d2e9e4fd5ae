"""``thuvien acquisitions``: receiving an order and printing the registers from a shell."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.acquisitions.conftest import Shop
from thuvien.acquisitions import services


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("acquisitions", *args, stdout=out)
    return out.getvalue()


def test_receive_an_order_then_print_the_individual_register(shop: Shop, tmp_path: Path) -> None:
    order = services.create_order(shop.clerk, shop.library, shop.supplier)
    services.add_line(shop.clerk, order, record=shop.record, quantity=2, unit_price=Decimal(9))
    services.place(shop.clerk, order)
    _run("series", "--library", "THCS-A", "VV", "--prefix", "A-", "--width", "5")
    answer = _run("receive", "--library", "THCS-A", order.number, "--json")
    assert json.loads(answer.splitlines()[-1]) == {
        "receipt": 1,
        "accession_numbers": ["A-VV.00001", "A-VV.00002"],
    }
    pdf = tmp_path / "individual.pdf"
    _run("registers", "--library", "THCS-A", "individual", "--output", str(pdf), "--workers", "1")
    text = PdfReader(pdf).pages[0].extract_text()
    assert "A-VV.00002" in text
    assert "Trang 1/1" in text


def test_receiving_an_unknown_order_says_which(shop: Shop) -> None:
    with pytest.raises(CommandError) as refused:
        _run("receive", "--library", "THCS-A", "ĐH-1999-0001")
    assert str(refused.value) == "Thư viện THCS-A không có đơn ĐH-1999-0001."


def test_skipped_numbers_are_never_given(shop: Shop) -> None:
    said = _run("skip", "--library", "THCS-A", "VV", "2", "--reason", "Sổ giấy rách trang 4")
    assert said.strip() == "Đã bỏ qua VV.000001 – VV.000002: Sổ giấy rách trang 4"
    assert _run("series", "--library", "THCS-A", "VV").strip() == (
        "Dãy VV: số tiếp theo VV.000003."
    )
