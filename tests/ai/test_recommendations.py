"""Issue 17: "readers who borrowed this also borrowed" from aggregate co-borrowing only.

The guarantee: a pair of titles is kept only when at least five DISTINCT readers borrowed
both, and the stored model holds record ids, never a reader. Four readers borrowing two
titles together — even many times each — leave no trace on the portal. Only loans still tied
to a reader count (current loans, and the history of readers who chose to keep it): a returned
loan of any other reader is anonymised at the desk and cannot be linked to another."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.circulation.conftest import Desk, make_desk
from thuvien.ai import recommending
from thuvien.catalogue import services as catalogue
from thuvien.circulation import services as desk_services
from thuvien.network.models import Role
from thuvien.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(tmp_path: Any, monkeypatch: Any) -> Desk:
    monkeypatch.setenv("THUVIEN_DATA_DIR", str(tmp_path))
    return make_desk()


def _borrow(desk: Desk, readers: list[str], items: list[Any]) -> None:
    """Each reader borrows and returns each item once (twice for the first reader)."""
    for n, card in enumerate(readers):
        for _round in range(2 if n == 0 else 1):
            for item in items:
                desk_services.checkout(desk.clerk, desk.library, card, item.barcode)
                desk_services.checkin(desk.clerk, desk.library, item.barcode)


def _titles(desk: Desk) -> tuple[Any, Any]:
    a = desk.add_title("Dế Mèn phiêu lưu ký", ["DM-1"])[0]
    b = desk.add_title("Đất rừng phương Nam", ["DR-1"])[0]
    return a, b


def test_four_readers_together_reveal_nothing(desk: Desk) -> None:
    a, b = _titles(desk)
    readers = [f"R{n}" for n in range(4)]
    for card in readers:
        desk.add_reader(card, keep_history=True)
    _borrow(desk, readers, [a, b])
    call_command("ai", "train", "--only", "recommending", "--json", stdout=None)
    assert recommending.also_borrowed(a.record_id) == []
    assert recommending.for_record(a.record)[0] == "similar"


def test_five_readers_make_a_pair_and_the_model_holds_no_reader(desk: Desk) -> None:
    a, b = _titles(desk)
    readers = [f"R{n}" for n in range(5)]
    patrons = [desk.add_reader(card, keep_history=True) for card in readers]
    _borrow(desk, readers, [a, b])
    result = recommending.train()
    assert result["min_readers"] == 5
    assert recommending.also_borrowed(a.record_id) == [b.record_id]
    assert recommending.for_record(a.record) == ("together", [b.record])
    with gzip.open(recommending.path(), "rt", encoding="utf-8") as f:
        stored = f.read()
    for patron in patrons:
        assert patron.card_number not in stored
    assert set(recommending.co_borrowed([(p.pk, a.record_id) for p in patrons])) == set()


def test_co_borrowing_counts_distinct_readers_not_loans() -> None:
    # One reader borrowing the pair fifty times is still one reader.
    loans = (
        [(1, 10), (1, 20)] * 50 + [(r, 10) for r in range(2, 5)] + [(r, 20) for r in range(2, 5)]
    )
    assert recommending.co_borrowed(loans) == {}
    loans += [(5, 10), (5, 20)]
    assert recommending.co_borrowed(loans) == {10: [20], 20: [10]}


def test_the_portal_and_the_account_show_recommendations(desk: Desk) -> None:
    a, b = _titles(desk)
    readers = [f"R{n}" for n in range(5)]
    for card in readers:
        desk.add_reader(card, keep_history=True)
    _borrow(desk, readers, [a, b])
    recommending.train()
    page = Client().get(f"/record/{a.record_id}").content.decode()
    assert "Bạn đọc mượn sách này cũng mượn" in page
    assert "Đất rừng phương Nam" in page
    # A new title with no loans gets titles of its subject instead.
    admin = factories.staff(Role.NETWORK_ADMIN)
    heading = [["650", " ", "4", [["a", "Văn học thiếu nhi"]]]]
    old = catalogue.create_record(admin, desk.library, factories.marc("Tô Hoài", extra=heading))
    new = catalogue.create_record(admin, desk.library, factories.marc("Mới", extra=heading))
    recommending.train()
    page = Client().get(f"/record/{new.pk}").content.decode()
    assert "Sách cùng chủ đề" in page
    assert f'/record/{old.pk}"' in page
