"""Portal page figures (issue #12 "Figures"): the reader's pages served by ``thuvien serve``
(gunicorn, two workers, as the other server benchmarks) on a large catalogue.

Builds N records reproducibly (``search_data.py``, beneath the ORM), indexes them with the real
``thuvien reindex``, makes one reader with a PIN, five loans and a hold, then starts the server
and measures four pages, each on its own, at 1 and 8 concurrent clients for ``--seconds``:

- home: ``/``;
- search: ``/search?q=…`` over the search benchmark's query mix (words with and without
  diacritics, title fragments, authors, ISBNs, a fifth filtered by library);
- record: ``/record/<id>`` for random records (holdings, MARC view, citations, actions);
- account: ``/account/`` signed in with card and PIN (one session per client).

For each: requests, requests/s, p50/p95 (ms), errors, and the server's CPU (all its processes,
from /proc: 100 % = one core busy) over the same window; the cores and the load average.

    .venv/bin/python bench/portal.py --records 100000 --database sqlite
    .venv/bin/python bench/portal.py --records 100000 --database postgres
    .venv/bin/python bench/portal.py --reuse --seconds 30      # the same data, measured again

Its server listens on port 8790. Run on demand only, never in the tests.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import query_mix, reindex, uptime
from search_data import build
from serving import serve, set_up_django

PORT = 8790
CARD = "BD-0001"
PIN = "2468"
LIBRARY = "VN-BM0001"
PAGES = ("home", "search", "record", "account")
CLIENTS = (1, 8)
TICKS = os.sysconf("SC_CLK_TCK")


def make_reader() -> None:
    """A reader of the first library with five loans and a hold, so the account page shows
    what a real one does; made through the services, as the desk would."""
    from thuvien.catalogue.models import Item, Record
    from thuvien.circulation import patrons, services
    from thuvien.circulation.models import Patron
    from thuvien.network.models import Library

    library = Library.objects.get(code=LIBRARY)
    if Patron.objects.filter(card_number=CARD).exists():
        return
    reader = patrons.register("bench", library, card_number=CARD, full_name="Bạn đọc đo", pin=PIN)
    free = Item.objects.filter(library=library, status=Item.Status.AVAILABLE).order_by("id")
    for item in free[:5]:
        services.checkout("bench", library, reader, item.barcode or "")
    held = (
        Record.objects.filter(library=library, items__status=Item.Status.ON_LOAN)
        .exclude(items__loans__patron=reader)
        .first()
    )
    if held is not None:
        services.place_hold("bench", reader, held, library)


def server_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of ``root`` and every process below it (gunicorn's workers)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    total = 0.0
    for pid, seconds in times.items():
        walk = pid
        while walk > 1:
            if walk == root:
                total += seconds
                break
            walk = parents.get(walk, 0)
    return total


class Reader:
    """One client: its own cookies (and so its own session), like one browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=60) as response:
            return bytes(response.read())

    def sign_in(self) -> None:
        form = self.get("/account/sign-in/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None, "no CSRF token on the sign-in form"
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "card": f"{LIBRARY}:{CARD}", "pin": PIN}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - our own server
            self.base + "/account/sign-in/", data=data, headers={"Referer": self.base}
        )
        with self.opener.open(request, timeout=60) as response:
            assert response.url.endswith("/account/"), response.url


def paths_for(page: str, rng: random.Random, queries: list[str], last_id: int) -> Callable[[], str]:
    if page == "home":
        return lambda: "/"
    if page == "search":
        return lambda: "/search?" + urllib.parse.urlencode({"q": rng.choice(queries)})
    if page == "record":
        return lambda: f"/record/{rng.randint(1, last_id)}"
    return lambda: "/account/"


def measure(
    base: str,
    server: int,
    page: str,
    clients: int,
    *,
    seconds: float,
    queries: list[str],
    last: int,
) -> dict[str, float]:
    readers = [Reader(base) for _ in range(clients)]
    if page == "account":
        for reader in readers:
            reader.sign_in()
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run(n: int, reader: Reader) -> None:
        rng = random.Random(n)
        next_path = paths_for(page, rng, queries, last)
        for _ in range(3):  # warm this worker's caches
            reader.get(next_path())
        barrier.wait()
        stop = time.perf_counter() + seconds
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                reader.get(next_path())
            except urllib.error.HTTPError as exc:
                failed += exc.code != 404  # a record id that does not exist is not an error
            except OSError:
                failed += 1
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            samples.extend(mine)
            errors[0] += failed

    barrier = threading.Barrier(clients + 1)
    threads = [threading.Thread(target=run, args=(n, r)) for n, r in enumerate(readers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    cpu_before, wall_before = server_cpu_seconds(server), time.perf_counter()
    for thread in threads:
        thread.join()
    cpu = server_cpu_seconds(server) - cpu_before
    wall = time.perf_counter() - wall_before
    cuts = statistics.quantiles(samples, n=100)
    return {
        "requests": len(samples),
        "rate": len(samples) / wall,
        "p50": cuts[49],
        "p95": cuts[94],
        "errors": errors[0],
        "cpu": 100 * cpu / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-portal"
    )
    parser.add_argument("--reuse", action="store_true", help="Keep the data built before.")
    parser.add_argument("--seconds", type=float, default=15, help="Per page and client count.")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="Comma-separated: " + ", ".join(PAGES)
    )
    args = parser.parse_args()
    data_dir = args.workdir / args.database
    set_up_django(data_dir, args.database, "thuvien_bench_portal", fresh=not args.reuse)
    print(f"machine: {os.cpu_count()} cores; {uptime()}")
    if not args.reuse:
        start = time.perf_counter()
        build(args.records)
        print(f"data: {args.records:,} records in {time.perf_counter() - start:.0f} s")
        seconds, peak = reindex()
        print(f"reindex: {seconds:.0f} s, peak RSS {peak} MB")
    make_reader()
    from thuvien.catalogue.models import Record

    last = Record.objects.order_by("-id").values_list("id", flat=True).first() or 1
    queries = [q for q, _filters in query_mix(200)]
    server = serve(PORT, THUVIEN_RUN_JOBS_IN_SERVE="0", THUVIEN_API_RATE_LIMIT="100000000")
    base = f"http://127.0.0.1:{PORT}"
    try:
        print(f"server: thuvien serve --workers 2 ({args.database}); {uptime()}")
        print(f"{'page':8} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
              f"{'p95 ms':>7} {'errors':>6} {'server CPU':>10}")  # fmt: skip
        for page in args.pages.split(","):
            for clients in CLIENTS:
                f = measure(
                    base, server.pid, page, clients,
                    seconds=args.seconds, queries=queries, last=last,
                )  # fmt: skip
                print(
                    f"{page:8} {clients:7} {f['requests']:8.0f} {f['rate']:7.1f} "
                    f"{f['p50']:7.1f} {f['p95']:7.1f} {f['errors']:6.0f} {f['cpu']:9.0f}%",
                    flush=True,
                )
        print(f"after: {uptime()}")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
