"""Two desks lending the same copy at the same moment: exactly one succeeds (both DBs)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from thuvien.catalogue.models import Item
from thuvien.circulation import errors, services
from thuvien.circulation.models import Loan

from .conftest import Desk, make_desk

pytestmark = pytest.mark.django_db(transaction=True)


def _race(desk: Desk, calls: list[tuple[str, str]]) -> Counter[str]:
    """Every call lends at the same moment, each thread with its own connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def lend(card: str, barcode: str) -> None:
        try:
            barrier.wait()
            services.checkout(desk.clerk, desk.library, card, barcode)
            result = "lent"
        except errors.CirculationError as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=lend, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_eight_desks_lending_one_copy_at_once_make_exactly_one_loan() -> None:
    desk = make_desk()
    cards = [desk.add_reader(f"C{n}").card_number for n in range(8)]
    for barcode in ("TK-1", "TK-2", "TK-3"):
        outcomes = _race(desk, [(card, barcode) for card in cards])
        assert outcomes == Counter({"lent": 1, "circulation.item_on_loan": 7})
    assert Loan.objects.filter(state=Loan.State.ACTIVE).count() == 3
    assert set(Item.objects.values_list("status", flat=True)) == {Item.Status.ON_LOAN}
