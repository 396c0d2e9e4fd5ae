"""``thuvien acquisitions``: receiving an order and printing the registers from a shell."""

from __future__ import annotations

import datetime as dt
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


def test_a_donation_goes_into_the_registers_from_the_shell(shop: Shop) -> None:
    said = _run(
        "take-in", "--library", "THCS-A", "--source", "donation", "--provider", "Hội cha mẹ",
        "--record", str(shop.record.pk), "--copies", "3", "--price", "25000",
    )  # fmt: skip
    assert said.strip() == "Phiếu nhập số 1: 3 bản, số ĐKCB VV.000001 – VV.000003."
    with pytest.raises(CommandError) as refused:
        _run("take-in", "--library", "THCS-A", "--source", "donation", "--provider", "X",
             "--record", str(shop.record.pk), "--price", "hai mươi")  # fmt: skip
    assert str(refused.value) == "--price hai mươi: không phải số."
    with pytest.raises(CommandError) as unknown:
        _run("take-in", "--library", "THCS-A", "--source", "exchange", "--provider", "X",
             "--record", "999999")  # fmt: skip
    assert str(unknown.value) == "Thư viện THCS-A không có biểu ghi số 999999."


def test_a_late_order_is_listed_and_claimed_with_its_letter(shop: Shop) -> None:
    order = services.create_order(
        shop.clerk, shop.library, shop.supplier, expected_by=dt.date(2020, 1, 31)
    )
    services.add_line(shop.clerk, order, record=shop.record, quantity=2, unit_price=Decimal(9))
    services.place(shop.clerk, order)
    listed = json.loads(_run("late", "--library", "THCS-A", "--json").splitlines()[-1])
    assert listed == [
        {
            "library": "THCS-A",
            "order": order.number,
            "supplier": "Nhà sách Fahasa",
            "expected_by": "2020-01-31",
        }
    ]
    assert _run("late").strip() == f"THCS-A\t{order.number}\tNhà sách Fahasa\t2020-01-31"
    letter = _run("claim", "--library", "THCS-A", order.number)
    assert letter.startswith("Thư viện Trường THCS A\nKính gửi: Nhà sách Fahasa\n")
    assert "- Dế Mèn phiêu lưu ký — 2 bản" in letter
