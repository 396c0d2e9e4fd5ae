"""Eight clerk sessions lending to one reader at once through the live server's HTTP API:
the limit of 5 holds (both DBs). The live server answers each request in its own thread
with its own database connection, as gunicorn's threads do."""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from thuvien.circulation.models import Loan
from thuvien.network.models import Role
from thuvien.testing import factories

from .conftest import make_desk

pytestmark = pytest.mark.django_db(transaction=True)


def _session_of(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_eight_clerk_sessions_lending_to_one_reader_at_once_make_exactly_five_loans(
    live_server: Any,
) -> None:
    desk = make_desk()
    barcodes = [f"HT-{n}" for n in range(8)]
    desk.add_title("Chinh phụ ngâm", barcodes)
    clerks = [factories.staff(Role.CIRCULATION_CLERK, desk.library) for _ in barcodes]
    sessions = [_session_of(clerk) for clerk in clerks]
    where = urlsplit(live_server.url)
    barrier = threading.Barrier(len(barcodes))
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def lend(session: str, barcode: str) -> None:
        connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=60)
        body = json.dumps({"library": desk.library.code, "card": "B001", "barcode": barcode})
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"sessionid={session}; csrftoken=tok{'x' * 29}",
            "X-CSRFToken": f"tok{'x' * 29}",
        }
        barrier.wait()
        connection.request("POST", "/api/v1/circulation/loans", body, headers)
        status = connection.getresponse().status
        connection.close()
        with lock:
            statuses[status] += 1

    threads = [
        threading.Thread(target=lend, args=pair) for pair in zip(sessions, barcodes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == Counter({201: 5, 409: 3})
    assert Loan.objects.filter(patron=desk.reader, state=Loan.State.ACTIVE).count() == 5
