"""The yearly statistical report on a province: the consolidated province report (goal ≤ 5 s)
and one library's pre-filled form (goal ≤ 1 s).

The issue's province: 1,500 libraries, 2M records, 10M loans a year. ``--scale`` shrinks every
count but the libraries (``--scale 0.1``: 200,000 records, 300,000 copies, 1M loans in each of
the years 2025 and 2026, 150,000 readers, a renewal on one loan in ten, one checkout history
row per loan). Rows are bulk-inserted beneath
the services with fixed seeds; loans are spread over the reporting year 2026 and the one
before, sizes of libraries Zipf-like (the provincial library is the largest).

    .venv/bin/python bench/reporting.py --scale 0.1 --database sqlite
    .venv/bin/python bench/reporting.py --scale 0.1 --database postgres

Prints the machine (cores, load average), the build time, then for each measure the median
and the slowest of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import set_up_django  # noqa: E402

SEED = 20261204
LIBRARIES = 1500
FULL = {"records": 2_000_000, "loans": 10_000_000, "readers": 1_500_000}
CHUNK = 5000


def uptime() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _zipf_weights(n: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank**1.07) for rank in range(1, n + 1)))


def build(scale: float) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from thuvien.catalogue.models import Item, Record
    from thuvien.circulation.models import Loan, Patron
    from thuvien.lifecycle.models import Transition
    from thuvien.network.models import Library

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    Library.objects.bulk_create(
        Library(
            code=f"VN-BN{n:04d}",
            name_vi=f"Thư viện {n}",
            library_type=("public" if n < 200 else "school" if n < 1200 else "community"),
            level=("provincial" if n == 0 else "commune" if n < 200 else "institution"),
        )
        for n in range(LIBRARIES)
    )
    libraries = list(Library.objects.order_by("code").values_list("pk", "code"))
    weights = _zipf_weights(LIBRARIES)
    n_records = int(FULL["records"] * scale)
    n_loans = int(FULL["loans"] * scale) * 2  # a year's worth in 2026 and in 2025
    n_readers = int(FULL["readers"] * scale)
    start_2025 = datetime(2024, 12, 1, tzinfo=UTC)
    two_years = 730 * 86400

    def when() -> datetime:
        return start_2025 + timedelta(seconds=rng.randrange(two_years))

    def chunks(made: Any, model: Any) -> None:
        rows = iter(made)
        while batch := list(itertools.islice(rows, CHUNK)):
            with transaction.atomic():
                model.objects.bulk_create(batch)

    owner = rng.choices(range(LIBRARIES), cum_weights=weights, k=n_records)
    chunks(
        (
            Record(
                library_id=libraries[owner[n]][0],
                leader="00000nam a2200000 a 4500",
                marc="[]",
                match_key=f"k{n}",
                content_hash=f"h{n}",
                title=f"Sách {n}",
                material_type="serial" if n % 50 == 0 else "book",
                language="vie" if n % 7 else "eng",
                call_number=f"{n % 10}00 X",
            )
            for n in range(n_records)
        ),
        Record,
    )
    record_ids = list(Record.objects.order_by("pk").values_list("pk", "library_id"))
    chunks(
        (
            Item(
                library_id=lib,
                record_id=rec,
                barcode=f"B{rec}-{c}",
                acquisition_source=rng.choice(("budget", "donation", "exchange")),
            )
            for rec, lib in record_ids
            for c in range(1 + (rec % 2))
        ),
        Item,
    )
    # created_at is auto_now_add (bulk_create sets now): spread copies and readers over
    # the last five years, one in five acquired in 2026, by an UPDATE computed from the key.
    _spread("catalogue_item")
    items = list(Item.objects.order_by("pk").values_list("pk", "library_id"))
    chunks(
        (
            Patron(
                home_library_id=libraries[rng.choices(range(LIBRARIES), cum_weights=weights)[0]][0],
                card_number=f"C{n}",
                full_name="Bạn đọc",
                category=rng.choice(("adult", "student", "child", "elderly")),
            )
            for n in range(n_readers)
        ),
        Patron,
    )
    _spread("circulation_patron")
    codes = dict(libraries)
    loan_rows = []
    for n in range(n_loans):
        item, lib = items[rng.randrange(len(items))]
        at = when()
        loan_rows.append((item, lib, at, n % 10 == 0))
    chunks(
        (
            Loan(
                item_id=item,
                library_id=lib,
                checked_out_at=at,
                due_on=at.date(),
                state="returned",
                patron_category="adult",
                renewals=1 if renewed else 0,
            )
            for item, lib, at, renewed in loan_rows
        ),
        Loan,
    )
    chunks(
        (
            Transition(
                machine="loan",
                model="circulation.loan",
                object_id=str(n),
                action=action,
                from_state="active" if action == "renew" else "",
                to_state="active",
                at=at + timedelta(days=7 if action == "renew" else 0),
                actor_label="bench",
                library_code=codes[lib],
            )
            for n, (_item, lib, at, renewed) in enumerate(loan_rows)
            for action in (("checkout", "renew") if renewed else ("checkout",))
        ),
        Transition,
    )


def _spread(table: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET created_at = timestamptz '2021-12-01 00:00+00' "  # noqa: S608
                "+ (id % 1825) * interval '1 day'"
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET created_at = "  # noqa: S608
                "datetime('2021-12-01', '+' || (id % 1825) || ' days')"
            )


def timed(work: Any, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-reporting"
    )
    parser.add_argument("--reuse", action="store_true", help="Keep the data built before.")
    args = parser.parse_args()
    data_dir = args.workdir / args.database
    set_up_django(data_dir, args.database, "thuvien_bench_reporting", fresh=not args.reuse)
    print(f"machine: {os.cpu_count()} cores; {uptime()}")
    if not args.reuse:
        start = time.perf_counter()
        build(args.scale)
        print(f"data: scale {args.scale} built in {time.perf_counter() - start:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics for the planner, as a DBA would
        cursor.execute("ANALYZE")
    from thuvien.catalogue.models import Item, Record
    from thuvien.circulation.models import Loan
    from thuvien.lifecycle.models import Transition
    from thuvien.network.models import Library
    from thuvien.reporting import figures, province

    counts = {
        "libraries": Library.objects.count(),
        "records": Record.objects.count(),
        "copies": Item.objects.count(),
        "loans": Loan.objects.count(),
        "history rows": Transition.objects.count(),
    }
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    p = figures.period(2026)
    biggest = Library.objects.get(code="VN-BN0000")
    median = Library.objects.get(code="VN-BN0700")
    print(f"before the measures: {uptime()}")
    report = province.report(p)
    print(
        f"province 2026: {report['total']['loans']:,} loans, {report['total']['copies']:,} copies"
    )
    med, worst = timed(lambda: province.report(p), args.repeat)
    print(f"consolidated province report: median {med:.2f} s, slowest {worst:.2f} s (goal ≤ 5 s)")
    for lib in (biggest, median):
        med, worst = timed(lambda lib=lib: figures.for_library(lib, p), args.repeat)
        loans = figures.for_library(lib, p)["loans"]
        print(
            f"pre-filled form of {lib.code} ({loans:,} loans in 2026): median {med * 1000:.0f} "
            f"ms, slowest {worst * 1000:.0f} ms (goal ≤ 1 s)"
        )
    print(f"after: {uptime()}")


if __name__ == "__main__":
    main()
