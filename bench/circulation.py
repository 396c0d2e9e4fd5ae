"""Circulation figures (issue #4 "Figures to report").

1. Throughput: 8 concurrent clients each lend and take back copies of their own (checkout,
   checkin, checkout, …) for a fixed time, through the staff HTTP API (``thuvien serve``,
   gunicorn) and through SIP2 (``thuvien sip2``); transactions per second and p50/p95.
2. Contention: 16 clients make 10,000 checkout attempts on 100 copies (random copy each
   time, fixed seed); exactly 100 must succeed and the database must hold exactly 100
   active loans, one per copy.

    .venv/bin/python bench/circulation.py --database sqlite
    .venv/bin/python bench/circulation.py --database postgres
    .venv/bin/python bench/circulation.py --database sqlite --seconds 30 --only sip2
    .venv/bin/python bench/circulation.py --database postgres --only sip2 --pin --no-contention

Each run starts from a fresh data folder (SQLite) or a fresh database (PostgreSQL) and starts
its servers as child processes on ports 8400-8499. Run on demand only, never in the tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from serving import free_port, fresh_server_data

ROOT = Path(__file__).resolve().parents[1]
THUVIEN = [sys.executable, "-m", "thuvien"]
LIBRARY = "VN-BENCH01"
CLIENTS = 8
COPIES_PER_CLIENT = 400
CONTENDED_CLIENTS = 16
CONTENDED_COPIES = 100
CONTENDED_ATTEMPTS = 10_000
# --pin: readers have a PIN and the kiosk sends it (AD) with every checkout, as real
# self-service machines do; each check is a password hash.
PIN = ""


def prepare(database: str) -> dict[str, str]:
    return fresh_server_data("thuvien_bench_circulation", database)


def build_data() -> dict[str, Any]:
    """A library, a clerk with a signed-in session, a SIP2 login, readers and copies."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    from thuvien.catalogue import services as catalogue
    from thuvien.catalogue.models import Item
    from thuvien.circulation import patrons
    from thuvien.circulation.models import LoanRule
    from thuvien.circulation.sip2.accounts import add_account
    from thuvien.network.models import Role
    from thuvien.testing import factories

    library = factories.library(LIBRARY)
    admin = factories.staff(Role.NETWORK_ADMIN, username="bench-admin")
    clerk = factories.staff(Role.CIRCULATION_CLERK, library, username="bench-clerk")
    add_account("bench", library, "bench-kiosk", "bench-password")
    LoanRule.objects.create(library=library, loan_days=14, renewals=2, max_items=10_000)

    def copies(title: str, prefix: str, count: int) -> list[str]:
        record = catalogue.create_record(admin, library, factories.marc(title))
        barcodes = [f"{prefix}{n:05d}" for n in range(count)]
        Item.objects.bulk_create(
            Item(library=library, record=record, barcode=b, item_type="book") for b in barcodes
        )
        return barcodes

    cards = [f"R{n:03d}" for n in range(max(CLIENTS, CONTENDED_CLIENTS))]
    for card in cards:
        patrons.register("bench", library, card_number=card, full_name=f"Bạn đọc {card}", pin=PIN)
    own = {
        "http": [copies(f"Sách HTTP {c}", f"H{c}-", COPIES_PER_CLIENT) for c in range(CLIENTS)],
        "sip2": [copies(f"Sách SIP2 {c}", f"S{c}-", COPIES_PER_CLIENT) for c in range(CLIENTS)],
    }
    contended = {
        "http": copies("Sách tranh chấp HTTP", "CH-", CONTENDED_COPIES),
        "sip2": copies("Sách tranh chấp SIP2", "CS-", CONTENDED_COPIES),
    }
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(clerk.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = clerk.get_session_auth_hash()
    store.create()
    return {
        "cards": cards,
        "own": own,
        "contended": contended,
        "session": store.session_key,
        "csrf": get_random_string(32),
    }


# --- clients --------------------------------------------------------------------------------


class HttpClient:
    def __init__(self, port: int, session: str, csrf: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {
            "Content-Type": "application/json",
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        }

    def _post(self, path: str, body: dict[str, str]) -> int:
        self.conn.request("POST", f"/api/v1/circulation{path}", json.dumps(body), self.headers)
        response = self.conn.getresponse()
        response.read()
        return response.status

    def checkout(self, card: str, barcode: str) -> bool:
        status = self._post("/loans", {"library": LIBRARY, "card": card, "barcode": barcode})
        if status not in (201, 409):
            raise RuntimeError(f"checkout answered HTTP {status}")
        return status == 201

    def checkin(self, barcode: str) -> bool:
        status = self._post("/returns", {"library": LIBRARY, "barcode": barcode})
        if status != 200:
            raise RuntimeError(f"checkin answered HTTP {status}")
        return True

    def close(self) -> None:
        self.conn.close()


def _checksum(data: bytes) -> bytes:
    return f"{(-sum(data)) & 0xFFFF:04X}".encode()


class Sip2Client:
    NOW = "20261121    120000"

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buffer = b""
        self.seq = 0
        if not self._ask("9300CNbench-kiosk|CObench-password|").startswith("941"):
            raise RuntimeError("SIP2 login refused")

    def _ask(self, body: str) -> str:
        data = body.encode() + f"AY{self.seq}AZ".encode()
        self.seq = (self.seq + 1) % 10
        self.sock.sendall(data + _checksum(data) + b"\r")
        while b"\r" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("SIP2 server closed the connection")
            self.buffer += chunk
        reply, self.buffer = self.buffer.split(b"\r", 1)
        return reply.decode()

    def checkout(self, card: str, barcode: str) -> bool:
        pin = f"AD{PIN}|" if PIN else ""
        reply = self._ask(f"11YN{self.NOW}{self.NOW}AO{LIBRARY}|AA{card}|{pin}AB{barcode}|AC|")
        if not reply.startswith("12"):
            raise RuntimeError(f"checkout answered {reply[:40]!r}")
        return reply[2] == "1"

    def checkin(self, barcode: str) -> bool:
        reply = self._ask(f"09N{self.NOW}{self.NOW}AP{LIBRARY}|AO{LIBRARY}|AB{barcode}|AC|")
        if not reply.startswith("101"):
            raise RuntimeError(f"checkin answered {reply[:40]!r}")
        return True

    def close(self) -> None:
        self.sock.close()


Client = HttpClient | Sip2Client


# --- measurements ---------------------------------------------------------------------------


def throughput(
    make: Callable[[], Client], cards: list[str], own: list[list[str]], seconds: float
) -> dict[str, Any]:
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    stop = threading.Event()
    barrier = threading.Barrier(CLIENTS + 1)
    errors: list[str] = []

    def run(n: int) -> None:
        try:
            client = make()
        except OSError as exc:
            errors.append(str(exc))
            barrier.abort()
            return
        try:
            barrier.wait()
            i = 0
            while not stop.is_set():
                barcode = own[n][i % len(own[n])]
                started = time.perf_counter()
                if not client.checkout(cards[n], barcode):
                    raise RuntimeError(f"{barcode} was not lent")
                middle = time.perf_counter()
                client.checkin(barcode)
                ended = time.perf_counter()
                latencies[n] += [middle - started, ended - middle]
                i += 1
        except (RuntimeError, OSError, threading.BrokenBarrierError) as exc:
            errors.append(str(exc))
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        stop.set()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for per in latencies for x in per)
    if errors:
        raise RuntimeError(f"clients failed: {errors[:3]}")
    return {
        "transactions": len(every),
        "per_second": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 1),
        "p95_ms": round(every[int(len(every) * 0.95)] * 1000, 1),
    }


def contention(make: Callable[[], Client], cards: list[str], copies: list[str]) -> dict[str, Any]:
    from thuvien.catalogue.models import Item
    from thuvien.circulation.models import Loan

    per_client = CONTENDED_ATTEMPTS // CONTENDED_CLIENTS
    lent = [0] * CONTENDED_CLIENTS
    barrier = threading.Barrier(CONTENDED_CLIENTS)

    def run(n: int) -> None:
        pick = random.Random(n)
        client = make()
        barrier.wait()
        try:
            for _ in range(per_client):
                lent[n] += client.checkout(cards[n], pick.choice(copies))
        finally:
            client.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(CONTENDED_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    active = Loan.objects.filter(state=Loan.State.ACTIVE, item__barcode__in=copies)
    return {
        "attempts": per_client * CONTENDED_CLIENTS,
        "successes": sum(lent),
        "active_loans": active.count(),
        "copies_with_one_loan": active.values("item").distinct().count(),
        "copies_on_loan": Item.objects.filter(barcode__in=copies, status="on-loan").count(),
        "attempts_per_second": round(per_client * CONTENDED_CLIENTS / elapsed, 1),
    }


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--only", choices=["http", "sip2"])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--sip2-workers", type=int, default=2, help="thuvien sip2 processes")
    parser.add_argument("--no-contention", action="store_true", help="Throughput only.")
    parser.add_argument("--pin", action="store_true", help="SIP2 checkouts send the PIN.")
    args = parser.parse_args()
    global PIN  # noqa: PLW0603 - a run-wide switch, read by the data and the SIP2 client
    PIN = "1234" if args.pin else ""
    env = prepare(args.database)
    data = build_data()
    results: dict[str, Any] = {
        "database": args.database,
        "clients": CLIENTS,
        "http_workers": args.workers,
        "sip2_workers": args.sip2_workers,
        "load_average_before": os.getloadavg()[0],
        "pin_sent": bool(PIN),
    }
    children: list[subprocess.Popen[bytes]] = []
    try:
        for channel in ("http", "sip2"):
            if args.only and channel != args.only:
                continue
            port = free_port()
            if channel == "http":
                command = [
                    "serve",
                    "--no-jobs",
                    "--port",
                    str(port),
                    "--workers",
                    str(args.workers),
                ]
            else:
                command = ["sip2", "--port", str(port), "--workers", str(args.sip2_workers)]
            child = subprocess.Popen(
                [*THUVIEN, *command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            children.append(child)
            wait_for(port)
            print(f"{channel}: server on {port}, measuring…", file=sys.stderr)

            def make(channel: str = channel, port: int = port) -> Client:
                if channel == "http":
                    return HttpClient(port, data["session"], data["csrf"])
                return Sip2Client(port)

            results[f"{channel}_throughput"] = throughput(
                make, data["cards"], data["own"][channel], args.seconds
            )
            if not args.no_contention:
                results[f"{channel}_contended"] = contention(
                    make, data["cards"], data["contended"][channel]
                )
            print(json.dumps({k: v for k, v in results.items() if k.startswith(channel)}))
    finally:
        for child in children:
            child.terminate()
            child.wait()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
