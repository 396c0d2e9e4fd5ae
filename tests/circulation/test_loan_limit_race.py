"""Eight desks lending to one reader at the same moment: the loan limit holds (both DBs).

Before the count ran under the reader's row lock, 8 simultaneous checkouts against a limit
of 5 made 7 loans."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from thuvien.circulation import errors, services
from thuvien.circulation.models import Loan

from .conftest import make_desk

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_desks_lending_eight_copies_to_one_reader_at_once_make_exactly_five_loans() -> None:
    desk = make_desk()
    barcodes = [f"LIM-{n}" for n in range(8)]
    desk.add_title("Lục Vân Tiên", barcodes)
    barrier = threading.Barrier(len(barcodes))
    outcomes: Counter[str] = Counter()
    messages: set[str] = set()
    lock = threading.Lock()

    def lend(barcode: str) -> None:
        try:
            barrier.wait()
            services.checkout(desk.clerk, desk.library, "B001", barcode)
            result, message = "lent", ""
        except errors.CirculationError as exc:
            result, message = exc.code, exc.message
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            outcomes[result] += 1
            messages.add(message)

    threads = [threading.Thread(target=lend, args=(b,)) for b in barcodes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == Counter({"lent": 5, "circulation.limit_reached": 3})
    assert Loan.objects.filter(patron=desk.reader, state=Loan.State.ACTIVE).count() == 5
    refusals = messages - {""}
    assert len(refusals) == 1
    assert refusals.pop() == (
        "Bạn đọc Bạn đọc B001 (thẻ B001) đang mượn 5 cuốn, đã đủ mức tối đa 5 cuốn theo "
        "quy tắc mặc định (chưa có quy tắc nào khớp); nhận trả bớt trước khi cho mượn thêm."
    )
