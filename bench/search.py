"""Search engine figures on a large realistic catalogue (issue #3 "Figures to report").

Builds N records reproducibly from a fixed seed straight into the database (beneath the ORM,
with ``thuvien.catalogue.bulk.insert``; see ``search_data.py``). Then measures: a full
``thuvien reindex`` from the database (wall time, peak memory of the command), the index
size, one change through the change feed (noted → applied → visible), the reader's reload cost,
and the engine's own latency (p50/p95) for a fixed query mix with the facets, at 1 and 8
threads, and the search service's.

    .venv/bin/python bench/search.py --records 1000000 --database sqlite
    .venv/bin/python bench/search.py --records 1000000 --database postgres
    .venv/bin/python bench/search.py --reuse --reindex       # the same data, indexed again
    .venv/bin/python bench/search.py --reuse --http http://127.0.0.1:8000   # after `serve`

``--union SHARE`` adds copies of that share of the records in other libraries (the same
description, as a union catalogue meets them), rebuilds the clusters and the index, and
measures grouped search (one hit per cluster, the default) against ungrouped search (one hit
per record, as before the union catalogue) on the same index: p95 grouped / ungrouped.

    .venv/bin/python bench/search.py --records 200000 --union 0.4

``--http URL`` fires the same mix at ``URL/api/v1/search?q=…`` with 1 and 8 concurrent clients
and prints p50/p95 and HTTP p50 / engine p50 (the web's overhead). Serve the same data folder
with the API's rate limit lifted, e.g. ``THUVIEN_DATA_DIR=/tmp/thuvien-bench-search/sqlite
THUVIEN_API_RATE_LIMIT=100000000 thuvien serve --no-jobs --port 8765``. Run on demand only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_data import SEED, Generator, build, isbn13  # noqa: E402
from serving import set_up_django  # noqa: E402

_PEAK = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def reindex() -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of the real command in a child process."""
    thuvien = str(Path(sys.executable).parent / "thuvien")
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, thuvien, "reindex"],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start, int(out.stdout.split()[-1]) // 1024


def query_mix(n: int) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """A fixed mix: common words with and without diacritics, words of titles that exist,
    English, author names, fielded queries, ISBNs; a fifth filtered by library."""
    from thuvien.catalogue.models import Record
    from thuvien.vietnamese import fold

    g = Generator(SEED + 1)
    r = g.rng
    last = Record.objects.order_by("-id").values_list("id", flat=True).first() or 1
    picked = Record.objects.filter(id__in=[r.randint(1, last) for _ in range(n)])
    held = list(picked.order_by("id").values_list("title", "authors", "isbn"))
    mix: list[tuple[str, dict[str, tuple[str, ...]]]] = []
    for i in range(n):
        title, authors, isbn = held[i % len(held)]
        words = title.lower().split()
        start = r.randint(0, max(0, len(words) - 2))
        fragment = " ".join(words[start : start + r.randint(2, 4)])
        kind = i % 20
        if kind < 7:
            q = g.common_words(r.randint(1, 2))
        elif kind < 10:
            q = fold(g.common_words(2))
        elif kind < 14:
            q = fragment
        elif kind == 14:
            q = fold(fragment)
        elif kind < 17:
            q = " ".join(r.choices(g.en[:5000], cum_weights=g.en_w[:5000], k=r.randint(1, 3)))
        elif kind == 17:
            q = authors.split(" ; ")[0] or g.author(True)
        elif kind == 18:
            q = f"title:{words[0]} {words[-1]}"
        else:
            q = isbn or isbn13(r.randint(1, last))
        filters = {"library": (f"VN-BM{r.randint(1, 10):04d}",)} if i % 5 == 4 else {}
        mix.append((q, filters))
    return mix


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49], cuts[94]


def timed(
    run: Callable[[str, dict[str, tuple[str, ...]]], Any], mix: list[Any], threads: int
) -> tuple[float, float, float]:
    """p50, p95 (ms) and queries/s of the mix, spread over ``threads`` workers."""
    samples: list[float] = []
    lock = threading.Lock()

    def one(item: tuple[str, dict[str, tuple[str, ...]]]) -> None:
        start = time.perf_counter()
        run(*item)
        with lock:
            samples.append((time.perf_counter() - start) * 1000)

    for item in mix[:20]:  # warm the caches once
        run(*item)
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, mix * (1 if threads == 1 else 2)))
    rate = len(samples) / (time.perf_counter() - start)
    return (*percentiles(samples), rate)


def engine_runner(*, grouped: bool = True) -> Callable[[str, dict[str, tuple[str, ...]]], Any]:
    from thuvien.search.backends import get_backend
    from thuvien.search.backends.base import EngineRequest
    from thuvien.search.query import parse

    backend = get_backend()

    def run(q: str, filters: dict[str, tuple[str, ...]]) -> Any:
        request = EngineRequest(parse(q), filters, "relevance", 0, 20, True, True, grouped)
        return backend.search(request)

    return run


def service_runner(*, grouped: bool = True) -> Callable[[str, dict[str, tuple[str, ...]]], Any]:
    """What the API calls: parsing, checks, the engine and the facet labels."""
    from thuvien.search import services
    from thuvien.search.types import SearchRequest

    def run(q: str, filters: dict[str, tuple[str, ...]]) -> Any:
        return services.search(SearchRequest(q=q, filters=filters, grouped=grouped))

    return run


def add_duplicates(share: float) -> int:
    """Copies of ``share`` of the records in another library each (same description and
    identifiers, a copy of their own), written beneath the ORM; returns how many."""
    import random

    from django.db import transaction

    from thuvien.catalogue import bulk
    from thuvien.catalogue.models import Item, Record
    from thuvien.network.models import Library

    r = random.Random(SEED + 2)
    libraries = list(Library.objects.values_list("id", flat=True))
    last = Record.objects.order_by("-id").values_list("id", flat=True).first() or 0
    picked = sorted(r.sample(range(1, last + 1), int(last * share)))
    columns = [f.attname for f in Record._meta.concrete_fields]
    made = 0
    for start in range(0, len(picked), 5000):
        part = picked[start : start + 5000]
        rows = list(Record.objects.filter(id__in=part).values(*columns))
        items = []
        for row in rows:
            made += 1
            new_id = last + made
            row["library_id"] = r.choice([i for i in libraries if i != row["library_id"]])
            row.update(id=new_id, match_key=f"cn:DUP:{new_id}", content_hash=f"d{new_id:063x}")
            items.append({
                "id": 10 * last + new_id, "library_id": row["library_id"], "record_id": new_id,
                "barcode": f"D{new_id:09d}", "accession_number": f"DV.{new_id:07d}",
                "call_number": row["call_number"], "location": "Kho mượn", "item_type": "BK",
                "status": "available", "price": None, "acquisition_source": "", "note": "",
                "source_field": "952#1", "created_at": row["created_at"],
                "updated_at": row["updated_at"],
            })  # fmt: skip
        with transaction.atomic():
            bulk.insert(Record, rows)
            bulk.insert(Item, items)
    return made


def http_runner(base: str) -> Callable[[str, dict[str, tuple[str, ...]]], Any]:
    def run(q: str, filters: dict[str, tuple[str, ...]]) -> Any:
        params = [("q", q), *[(k, v) for k, vs in filters.items() for v in vs]]
        url = f"{base.rstrip('/')}/api/v1/search?{urllib.parse.urlencode(params)}"
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
            return response.read()

    return run


def one_change() -> tuple[float, float, float]:
    """Seconds from a committed change to the searcher seeing it through the change feed; then the
    reader's costs: reloading after a commit, and checking when nothing changed (ms)."""
    from django.db import transaction

    from thuvien.catalogue.models import Record
    from thuvien.changes import feed
    from thuvien.search import applier
    from thuvien.search.backends import get_backend
    from thuvien.search.backends.base import EngineRequest
    from thuvien.search.query import parse

    backend: Any = get_backend()
    record = Record.objects.order_by("id").first()
    assert record is not None
    start = time.perf_counter()
    with transaction.atomic():
        Record.objects.filter(pk=record.pk).update(title="Bản ghi đổi tên zqxjv")
        feed.record_changed([record.pk])
    applier.apply_pending()
    request = EngineRequest(parse("zqxjv"), {}, "relevance", 0, 1, False, False)
    assert backend.search(request).total == 1
    visible = time.perf_counter() - start
    feed.record_changed([record.pk])
    applier.apply_pending()
    start = time.perf_counter()
    backend._searcher()  # the first search after a commit reloads
    reload_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for _ in range(1000):
        backend._searcher()
    return visible, reload_ms, (time.perf_counter() - start)


def main() -> None:  # noqa: PLR0915 - one figure after another
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-search"
    )
    parser.add_argument("--reuse", action="store_true", help="Keep the data built before.")
    parser.add_argument("--reindex", action="store_true", help="With --reuse: reindex again.")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--http", metavar="URL", help="Also measure /api/v1/search at URL.")
    parser.add_argument(
        "--union", type=float, metavar="SHARE", help="Duplicates across libraries; grouped p95."
    )
    args = parser.parse_args()
    data_dir = args.workdir / args.database
    set_up_django(data_dir, args.database, "thuvien_bench_search", fresh=not args.reuse)
    print(f"machine: {os.cpu_count()} cores; {uptime()}")
    if not args.reuse:
        start = time.perf_counter()
        build(args.records)
        took = time.perf_counter() - start
        print(f"data: {args.records:,} records in {took:.0f} s ({args.database})")
        if args.union:
            from thuvien.union import services as union

            made = add_duplicates(args.union)
            start = time.perf_counter()
            counts = union.rebuild("cli:bench")
            took = time.perf_counter() - start
            print(f"union: {made:,} duplicates; rebuild {took:.0f} s, {counts.as_dict()}")
    if not args.reuse or args.reindex:
        print(f"before reindex: {uptime()}")
        seconds, peak = reindex()
        size = sum(f.stat().st_size for f in (data_dir / "index").rglob("*") if f.is_file())
        from thuvien.search import documents

        rate = documents.count() / seconds
        print(f"reindex: {seconds:.1f} s ({rate:,.0f} records/s), peak RSS {peak} MB")
        print(f"index size: {size / 2**20:.0f} MB")
    visible, reload_ms, steady_ms = one_change()
    print(f"one change via the change feed, committed → visible: {visible * 1000:.0f} ms")
    print(
        f"reader: reload after a commit {reload_ms:.2f} ms; check when unchanged {steady_ms:.3f} ms"
    )
    mix = query_mix(args.queries)
    engine = {t: timed(engine_runner(), mix, t) for t in (1, 8)}
    for t, (p50, p95, rate) in engine.items():
        print(f"engine, {t} thread(s): p50 {p50:.1f} ms, p95 {p95:.1f} ms, {rate:.0f} queries/s")
    p50, p95, rate = timed(service_runner(), mix, 1)
    print(f"search service, 1 thread: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {rate:.0f} queries/s")
    if args.union:
        for t in (1, 8):
            flat = timed(engine_runner(grouped=False), mix, t)
            p95_ratio = engine[t][1] / flat[1]
            print(
                f"engine ungrouped, {t} thread(s): p50 {flat[0]:.1f} ms, p95 {flat[1]:.1f} ms; "
                f"grouped p95 / ungrouped p95 = {p95_ratio:.2f}×"
            )
        flat = timed(service_runner(grouped=False), mix, 1)
        print(f"search service ungrouped, 1 thread: p50 {flat[0]:.1f} ms, p95 {flat[1]:.1f} ms")
    if args.http:
        for t in (1, 8):
            p50, p95, rate = timed(http_runner(args.http), mix, t)
            ratio = p50 / engine[t][0]
            print(f"HTTP, {t} client(s): p50 {p50:.1f} ms, p95 {p95:.1f} ms, {rate:.0f}/s")
            print(f"  HTTP p50 / engine p50 = {ratio:.1f}×")
    print(f"after: {uptime()}")


def uptime() -> str:
    return subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
