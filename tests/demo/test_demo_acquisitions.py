"""The demo's last step: the primary school library takes in a donation and receives an
order; both registers show it, the accession numbers in sequence with the school's prefix."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from thuvien.acquisitions.models import Order, Receipt
from thuvien.catalogue.models import Item


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_school_library_has_a_donation_and_a_received_order_in_its_registers() -> None:
    out = io.StringIO()
    call_command("demo", load_only=True, sample=5, stdout=out)
    assert (
        "[18/18] Bổ sung và sổ đăng ký: Thư viện Trường Tiểu học Đất Mũi: 2 phiếu nhập, "
        "số ĐKCB DM-VV.000001 – DM-VV.000015 ("
    ) in out.getvalue()
    receipts = Receipt.objects.filter(library__code="VN-CM0006").order_by("number")
    assert [(r.number, r.source) for r in receipts] == [(1, "donation"), (2, "purchase")]
    assert Order.objects.get(library__code="VN-CM0006").state == Order.State.RECEIVED
    # The school's older copies are numbered VV.…; its own prefix keeps the new ones apart.
    numbers = list(
        Item.objects.filter(library__code="VN-CM0006", accession_number__startswith="DM-")
        .order_by("pk")
        .values_list("accession_number", flat=True)
    )
    assert numbers == [f"DM-VV.{n:06d}" for n in range(1, 16)]
    again = io.StringIO()
    call_command("demo", load_only=True, sample=5, stdout=again)
    assert Receipt.objects.filter(library__code="VN-CM0006").count() == 2
