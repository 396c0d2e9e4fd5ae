"""Stock-taking figures (issue #18): a stock-take of N copies (100,000 by default) counted by 4
scanners at once over HTTP against ``thuvien serve``.

1. Paced as the page sends: each of 4 scanners reads a barcode every 0.2 s (5 scans/s each,
   20/s in all, the target) and sends every scan waiting as soon as its previous answer is
   back; achieved rate and the delay from scan to server (p50/p95).
2. Paced, one scan per request (the worst case: a phone that never batches), then the same
   clients one scan per request flat out; rate and p50/p95. Beside them, the same clients
   asking ``/health`` flat out: the ratio of the two rates is what a scan costs over the
   lightest Django answer, on this machine at its load.
3. Batches: the rest of the stock in batches of 50 (what a phone sends after being offline),
   so every copy but the last 1 % is scanned; rate in scans/s and p95 per batch.
4. The findings over the whole stock (missing, misplaced, unexpected) and the close.

    .venv/bin/python bench/stocktake.py                      # 100,000 copies, SQLite
    .venv/bin/python bench/stocktake.py --copies 20000 --seconds 10
    .venv/bin/python bench/stocktake.py --database postgres

Fresh data folder (SQLite) or database (PostgreSQL) each run; the server is a child process
on a free port in 8400-8499. Run on demand only, never in the tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

from serving import free_port, fresh_server_data

THUVIEN = [sys.executable, "-m", "thuvien"]
LIBRARY = "VN-BENCH18"
CLIENTS = 4
PACE = 0.2  # seconds between two scans of one scanner: 5 scans/s


def prepare(database: str) -> dict[str, str]:
    return fresh_server_data("thuvien_bench_stocktake", database)


def build_data(copies: int) -> dict[str, Any]:
    """A library of ``copies`` copies over 1,000 titles on 10 stacks, a clerk signed in, an
    open stock-take of the whole library."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    from thuvien.catalogue import services as catalogue
    from thuvien.catalogue.models import Item
    from thuvien.network.models import Role
    from thuvien.stock import stocktake
    from thuvien.testing import factories

    library = factories.library(LIBRARY)
    clerk = factories.staff(Role.CIRCULATION_CLERK, library, username="bench-clerk")
    titles = 1000
    records = [
        catalogue.create_record("bench", library, factories.marc(f"Sách kiểm kê {n}"))
        for n in range(titles)
    ]
    barcodes = [f"KK{n:07d}" for n in range(copies)]
    Item.objects.bulk_create(
        (
            Item(
                library=library,
                record=records[n % titles],
                barcode=code,
                accession_number=f"VV.{n:07d}",
                location=f"Kho {n % 10}",
            )
            for n, code in enumerate(barcodes)
        ),
        batch_size=5000,
    )
    take = stocktake.open_stock_take("bench", library, name="Kiểm kê bench")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(clerk.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = clerk.get_session_auth_hash()
    store.create()
    return {
        "take": take.pk,
        "barcodes": barcodes,
        "session": store.session_key,
        "csrf": get_random_string(32),
    }


class Scanner:
    def __init__(self, port: int, data: dict[str, Any], name: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.path = f"/staff/stock/{data['take']}/scans/"
        self.name = name
        self.sent = 0
        self.headers = {
            "Content-Type": "application/json",
            "Cookie": f"sessionid={data['session']}; csrftoken={data['csrf']}",
            "X-CSRFToken": data["csrf"],
        }

    def send(self, codes: list[str]) -> float:
        body = json.dumps(
            {
                "scans": [
                    {"id": f"{self.name}-{self.sent + i}", "barcode": c, "location": ""}
                    for i, c in enumerate(codes)
                ]
            }
        )
        self.sent += len(codes)
        started = time.perf_counter()
        self.conn.request("POST", self.path, body, self.headers)
        response = self.conn.getresponse()
        answer = response.read()
        if response.status != 200 or json.loads(answer)["accepted"] != len(codes):
            raise RuntimeError(f"scan answered HTTP {response.status}: {answer[:200]!r}")
        return time.perf_counter() - started


def run(
    port: int,
    data: dict[str, Any],
    queues: list[list[str]],
    *,
    batch: int,
    pace: float,
    seconds: float,
) -> dict[str, Any]:
    """Each client sends its queue ``batch`` scans at a time, every ``pace`` seconds (0: flat
    out), until the queue is empty or ``seconds`` have passed."""
    latencies: list[list[float]] = [[] for _ in queues]
    counts = [0] * len(queues)
    errors: list[str] = []
    barrier = threading.Barrier(len(queues))

    def client(n: int) -> None:
        scanner = Scanner(port, data, f"{batch}-{pace}-{n}")
        barrier.wait()
        began = time.perf_counter()
        try:
            while queues[n] and time.perf_counter() - began < seconds:
                due = began + counts[n] / batch * pace
                if pace and time.perf_counter() < due:
                    time.sleep(due - time.perf_counter())
                codes, queues[n][:] = queues[n][:batch], queues[n][batch:]
                latencies[n].append(scanner.send(codes))
                counts[n] += len(codes)
        except (RuntimeError, OSError) as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(queues))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"clients failed: {errors[:3]}")
    every = sorted(x for per in latencies for x in per)
    return {
        "scans": sum(counts),
        "requests": len(every),
        "scans_per_second": round(sum(counts) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 1),
        "p95_ms": round(every[int(len(every) * 0.95)] * 1000, 1),
        "seconds": round(elapsed, 1),
    }


def like_the_page(
    port: int, data: dict[str, Any], queues: list[list[str]], seconds: float
) -> dict[str, Any]:
    """Each scanner reads a barcode every 0.2 s and sends, as the page's script does, all the
    scans waiting as soon as the previous answer is back. Latency: from the scan to the
    server's answer that kept it."""
    delays: list[float] = []
    counts = [0] * len(queues)
    lock = threading.Lock()
    errors: list[str] = []
    barrier = threading.Barrier(len(queues))

    def client(n: int) -> None:
        scanner = Scanner(port, data, f"page-{n}")
        barrier.wait()
        began = time.perf_counter()
        try:
            while queues[n] and time.perf_counter() - began < seconds:
                now = time.perf_counter()
                due = int((now - began) / PACE) + 1 - counts[n]  # scans read, not yet sent
                if due <= 0:
                    time.sleep(began + counts[n] * PACE - now)
                    continue
                codes, queues[n][:] = queues[n][: min(due, 200)], queues[n][min(due, 200) :]
                scanner.send(codes)
                done = time.perf_counter()
                with lock:
                    delays.extend(
                        done - (began + (counts[n] + i) * PACE) for i in range(len(codes))
                    )
                counts[n] += len(codes)
        except (RuntimeError, OSError) as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(queues))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"clients failed: {errors[:3]}")
    every = sorted(delays)
    return {
        "scans": sum(counts),
        "scans_per_second": round(sum(counts) / elapsed, 1),
        "scan_to_server_p50_ms": round(statistics.median(every) * 1000, 1),
        "scan_to_server_p95_ms": round(every[int(len(every) * 0.95)] * 1000, 1),
        "seconds": round(elapsed, 1),
    }


def baseline(port: int, seconds: float) -> dict[str, Any]:
    """The same 4 clients asking ``/health`` (the lightest Django answer) flat out: the ratio of
    the scan rate to this one says what the scan itself costs on this machine, whatever its
    load."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        began = time.perf_counter()
        while time.perf_counter() - began < seconds:
            started = time.perf_counter()
            conn.request("GET", "/health")
            conn.getresponse().read()
            with lock:
                latencies.append(time.perf_counter() - started)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    every = sorted(latencies)
    return {
        "requests_per_second": round(len(every) / elapsed, 1),
        "p95_ms": round(every[int(len(every) * 0.95)] * 1000, 1),
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
    parser.add_argument("--copies", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20, help="Of the paced and flat-out runs.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument(
        "--rest-seconds", type=float, default=100_000, help="Stop the batches after this long."
    )
    args = parser.parse_args()
    env = prepare(args.database)
    began = time.perf_counter()
    data = build_data(args.copies)
    results: dict[str, Any] = {
        "database": args.database,
        "copies": args.copies,
        "clients": CLIENTS,
        "http_workers": args.workers,
        "cores": os.cpu_count(),
        "load_average_before": os.getloadavg(),
        "build_seconds": round(time.perf_counter() - began, 1),
    }
    # Each scanner counts its own stacks; the last 1 % of the stock stays unscanned (missing).
    keep = data["barcodes"][: int(args.copies * 0.99)]
    queues = [keep[n::CLIENTS] for n in range(CLIENTS)]
    port = free_port()
    child = subprocess.Popen(
        [*THUVIEN, "serve", "--no-jobs", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        results["paced_like_the_page"] = like_the_page(port, data, queues, args.seconds)
        print(json.dumps(results["paced_like_the_page"]), file=sys.stderr)
        results["paced_5_per_scanner"] = run(
            port, data, queues, batch=1, pace=PACE, seconds=args.seconds
        )
        print(json.dumps(results["paced_5_per_scanner"]), file=sys.stderr)
        results["flat_out_single"] = run(port, data, queues, batch=1, pace=0, seconds=args.seconds)
        print(json.dumps(results["flat_out_single"]), file=sys.stderr)
        results["baseline_health"] = baseline(port, args.seconds)
        results["single_scan_vs_health"] = round(
            results["flat_out_single"]["scans_per_second"]
            / results["baseline_health"]["requests_per_second"],
            2,
        )
        print(json.dumps(results["baseline_health"]), file=sys.stderr)
        results["batches_of_50_rest"] = run(
            port, data, queues, batch=50, pace=0, seconds=args.rest_seconds
        )
        print(json.dumps(results["batches_of_50_rest"]), file=sys.stderr)
    finally:
        child.terminate()
        child.wait()
    from thuvien.stock import stocktake

    take = stocktake.get(data["take"])
    started = time.perf_counter()
    found = stocktake.findings(take)
    results["findings_seconds"] = round(time.perf_counter() - started, 2)
    results["findings"] = found.figures()
    started = time.perf_counter()
    stocktake.close("bench", take)
    results["close_seconds"] = round(time.perf_counter() - started, 2)
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
