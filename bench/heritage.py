"""Heritage KPIs (issue 16 "Figures"): per library and kind, the records flagged and of them
those digitised, on a catalogue of N records of which F are flagged (goal: ≤ 2 s for 1M
records with 50,000 flagged).

Builds with bulk inserts beneath the ORM: N bibliographic records in 50 libraries (years
1700–2025), F flags over the six kinds (some on copies' records twice, as a rule and a hand
would leave them), published digital objects for 30 % of the flagged records and as many for
unflagged ones. Then times :func:`heritage.kpis` and :func:`heritage.by_library` (the report's
and the plan's figure), and a rule's preview and application over the whole catalogue.

    .venv/bin/python bench/heritage.py --records 1000000 --flagged 50000
    .venv/bin/python bench/heritage.py --records 100000 --flagged 5000 --database postgres
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import set_up_django

LIBRARIES = 50
KINDS = ("rare", "local", "endogenous", "han-nom", "palm-leaf", "ethnic")


def build(records: int, flagged: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from thuvien.catalogue import bulk
    from thuvien.catalogue.models import Record
    from thuvien.digital.models import DigitalObject, HeritageFlag
    from thuvien.network.models import Library, LibraryType

    rng = random.Random(16)
    now = timezone.now()
    Library.objects.bulk_create(
        Library(code=f"VN-HB{i:04d}", name_vi=f"Thư viện {i}", library_type=LibraryType.PUBLIC)
        for i in range(LIBRARIES)
    )
    libraries = list(Library.objects.values_list("pk", flat=True))
    chunk = 20_000
    # Every column the rows below leave out, at its model default (the insert is raw SQL).
    defaults = {
        f.attname: f.get_default() for f in Record._meta.concrete_fields if not f.primary_key
    }
    for start in range(0, records, chunk):
        rows = [
            {
                **defaults,
                "library_id": libraries[n % LIBRARIES],
                "kind": "bib",
                "leader": "00000nam a2200000 a 4500",
                "marc": "[]",
                "match_key": f"k{n}",
                "content_hash": f"{n:064d}",
                "title": f"Tài liệu {n}",
                "year": rng.randint(1700, 2025),
                "call_number": f"{rng.randint(0, 999):03d}.{rng.randint(0, 99)}",
                "created_at": now,
                "updated_at": now,
            }
            for n in range(start, min(records, start + chunk))
        ]
        with transaction.atomic():
            bulk.insert(Record, rows)
    ids = list(Record.objects.values_list("pk", "library_id"))
    chosen = rng.sample(ids, flagged)
    with transaction.atomic():
        HeritageFlag.objects.bulk_create(
            (
                HeritageFlag(
                    library_id=lib, record_id=pk, kind=KINDS[n % len(KINDS)], created_at=now
                )
                for n, (pk, lib) in enumerate(chosen)
            ),
            batch_size=5000,
        )
        digitised = chosen[: int(flagged * 0.3)] + rng.sample(ids, int(flagged * 0.3))
        DigitalObject.objects.bulk_create(
            (
                DigitalObject(
                    identifier=f"so-{n}",
                    library_id=lib,
                    record_id=pk,
                    title="x",
                    status="published" if n % 10 else "submitted",
                )
                for n, (pk, lib) in enumerate(dict(digitised).items())
            ),
            batch_size=5000,
        )


def timed(run: object, repeat: int) -> tuple[float, float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--flagged", type=int, default=50_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-heritage"
    )
    args = parser.parse_args()
    set_up_django(args.workdir / args.database, args.database, "thuvien_bench_heritage", fresh=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"machine: {os.cpu_count()} cores; load {' '.join(map(str, os.getloadavg()))}")
    started = time.perf_counter()
    build(args.records, args.flagged)
    print(
        f"data: {args.records:,} records, {args.flagged:,} flagged, built in "
        f"{time.perf_counter() - started:.0f} s ({args.database})"
    )
    from thuvien.digital import heritage
    from thuvien.network.models import Library

    rows = heritage.kpis()
    held = sum(k.held for k in rows)
    done = sum(k.digitised for k in rows)
    print(f"kpis: {len(rows)} rows (library × kind), {held:,} held, {done:,} digitised")
    median, slowest = timed(heritage.kpis, args.repeat)
    print(f"heritage.kpis (all libraries): median {median:.3f} s, slowest {slowest:.3f} s")
    one = [Library.objects.order_by("pk").values_list("pk", flat=True)[0]]
    median, slowest = timed(lambda: heritage.kpis(one), args.repeat)
    print(f"heritage.kpis (one library):   median {median:.3f} s, slowest {slowest:.3f} s")
    median, slowest = timed(heritage.by_library, args.repeat)
    print(f"heritage.by_library (report):  median {median:.3f} s, slowest {slowest:.3f} s")
    library = Library.objects.order_by("pk").first()
    assert library is not None
    rule = heritage.make_rule("bench", library, kind="rare", published_before=1800)
    started = time.perf_counter()
    shown = heritage.preview(rule)
    preview_s = time.perf_counter() - started
    started = time.perf_counter()
    added = heritage.apply_rule("bench", rule)
    print(
        f"rule 'before 1800' in one library of {args.records // LIBRARIES:,} records: preview "
        f"{preview_s:.3f} s ({shown.count:,} matches), apply {time.perf_counter() - started:.3f} s "
        f"({added:,} flags)"
    )
    print(f"load after: {' '.join(map(str, os.getloadavg()))}")


if __name__ == "__main__":
    main()
