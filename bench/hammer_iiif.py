"""``/health`` while 8 anonymous clients hammer IIIF with the most expensive requests allowed.

Issue 14, item 4: before the bounds, 8 upscaling requests (``^10000,10000``) took 37–44 s each
and ``/health`` 36 s. This script ingests one page, starts ``thuvien serve`` (2 workers × 4
threads), lets ``--clients`` threads ask for renders that miss the tile cache (the attack's
``^10000,10000`` and upscales at the largest size still allowed, each a new region) for
``--seconds``, and meanwhile asks ``/health`` every quarter second. It prints the answers the
attackers got by status, the ``/health`` latencies (p50, p95, max; goal ≤ 1 s), cores and the
load average.

    .venv/bin/python bench/hammer_iiif.py --seconds 30 --clients 8
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from digital import big_page, library, setup_django
from serving import serve

PORT = 8593


def fetch(url: str, timeout: float = 120, address: str = "") -> int:
    headers = {"X-Forwarded-For": address} if address else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own http URLs
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our http
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return int(exc.code)
    except OSError:
        return 0  # refused or timed out


def main() -> None:  # noqa: PLR0915 - one script, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--side", type=int, default=3000, help="side of the page ingested")
    parser.add_argument(
        "--spread",
        action="store_true",
        help="each client from its own address (X-Forwarded-For behind one trusted proxy)",
    )
    options = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="thuvien-hammer-"))
    setup_django(data)
    from thuvien.digital.services import ingest

    ingest([big_page(data / "page.jpg", options.side)], library=library(), identifier="hammer",
           title="Bench", rights="public-domain", actor="bench")  # fmt: skip
    base = f"http://127.0.0.1:{PORT}/iiif/3/hammer"
    proxies = "1" if options.spread else "0"
    server = serve(PORT, THUVIEN_DATA_DIR=str(data), THUVIEN_API_TRUSTED_PROXIES=proxies)
    statuses: collections.Counter[int] = collections.Counter()
    lock = threading.Lock()
    stop = time.monotonic() + options.seconds
    health: list[float] = []

    def attacker(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            i += 1
            if i % 4 == 0:
                url = f"{base}/full/^10000,10000/0/default.jpg"  # the probe
            else:  # a fresh 100 × 100 region upscaled to the largest allowed: a real render
                x = (n * 997 + i * 101) % (options.side - 100)
                url = f"{base}/{x},{i % 500},100,100/^2000,2000/0/default.jpg"
            status = fetch(url, address=f"10.9.0.{n + 1}" if options.spread else "")
            with lock:
                statuses[status] += 1

    load_before = os.getloadavg()
    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(options.clients)]
    try:
        for t in threads:
            t.start()
        while time.monotonic() < stop:
            started = time.perf_counter()
            fetch(f"http://127.0.0.1:{PORT}/health", timeout=60)
            health.append(time.perf_counter() - started)
            time.sleep(0.25)
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait()
    load_after = os.getloadavg()
    ordered = sorted(health)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    spread = ", each from its own address" if options.spread else ", one address"
    print(f"{options.clients} clients{spread}, {options.seconds:.0f} s, {options.side} px page")
    print("  attackers' answers: " + ", ".join(f"{s}: {c}" for s, c in sorted(statuses.items())))
    print(f"  /health: {len(health)} asks, p50 {statistics.median(health) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {max(health) * 1000:.0f} ms (goal ≤ 1000 ms)")  # fmt: skip
    print(f"  cores {os.cpu_count()}, load average before {load_before[0]:.1f}, "
          f"after {load_after[0]:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
