"""Digital collection figures (issue 16): a collection of N digital objects (10,000 by
default, rows made beneath the services: the pages need no scan files) browsed as a reader
does, in process through Django's test client (view, queries and template; no HTTP server):

- the collection page: first page, a deep page, and each filter (period, place, language,
  access level) with paging, at random;
- the IIIF Presentation 3 Collection of all N manifests;
- a page of the IIIF Change Discovery feed.

Prints p50/p95 (ms) of each, the cores and the load average.

    .venv/bin/python bench/digital_collections.py       # 10,000 objects, 200 requests each
    .venv/bin/python bench/digital_collections.py --objects 2000 --requests 50

Run on demand only; a private data folder (SQLite) unless THUVIEN_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["Cà Mau", "Bạc Liêu", "Sóc Trăng", "Trà Vinh", "Kiên Giang", "Cần Thơ", "Hậu Giang"]
LANGUAGES = ["vie", "khm", "fre", "chi", "eng"]
LEVELS = ["open", "open", "open", "onsite", "request"]


def setup(data: Path) -> None:
    os.environ["THUVIEN_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed, as in the tests

    call_command("migrate", verbosity=0)


def build(count: int) -> None:
    from thuvien.digital.models import Activity, Collection, DigitalObject
    from thuvien.network.models import Library

    rng = random.Random(16)
    library = Library.objects.get_or_create(
        code="VN-BENCH", defaults={"name_vi": "Thư viện đo", "library_type": "public"}
    )[0]
    maps = Collection.objects.create(
        code="dia-chi", name_vi="Tài liệu địa chí", kind="local", library=library
    )
    DigitalObject.objects.bulk_create(
        DigitalObject(
            identifier=f"obj-{n:06d}",
            library=library,
            collection=maps,
            title=f"Địa chí {rng.choice(PLACES)} tập {n}",
            access=rng.choice(LEVELS),
            rights="public-domain",
            year=rng.randint(1800, 2024),
            place=rng.choice(PLACES),
            language=rng.choice(LANGUAGES),
        )
        for n in range(count)
    )
    Activity.objects.bulk_create(
        Activity(identifier=f"obj-{n:06d}", kind="Create") for n in range(count)
    )


def measure(label: str, urls: list[str]) -> None:
    from django.test import Client

    client = Client()
    client.get(urls[0])  # warm: templates compiled, connections open
    times = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{label:<44} n={len(times):>4}  p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    setup(Path(tempfile.mkdtemp(prefix="thuvien-bench-collections-")))
    started = time.perf_counter()
    build(options.objects)
    print(f"{options.objects} objects made in {time.perf_counter() - started:.1f} s")
    rng = random.Random(7)
    pages = -(-options.objects // 24)
    n = options.requests
    base = "/collections/dia-chi/"
    measure("collection page 1", [base] * n)
    measure("collection, random page", [f"{base}?page={rng.randint(1, pages)}" for _ in range(n)])
    periods = ["truoc-1858", "1858-1945", "1945-1975", "1976-1999", "tu-2000"]
    filtered = []
    for _ in range(n):
        choice = rng.randrange(4)
        query = [
            f"period={rng.choice(periods)}",
            f"place={rng.choice(PLACES)}",
            f"language={rng.choice(LANGUAGES)}",
            f"access={rng.choice(LEVELS)}",
        ][choice]
        filtered.append(f"{base}?{query}&page={rng.randint(1, 5)}")
    measure("collection, one filter, pages 1-5", filtered)
    measure("IIIF Collection (every manifest)", ["/iiif/collections/dia-chi"] * max(5, n // 20))
    measure("IIIF Change Discovery page", ["/iiif/discovery/activities/page/0"] * n)
    print(f"cores: {os.cpu_count()}, load average: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    sys.exit(main())
