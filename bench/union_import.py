"""Import with the union catalogue on vs off: what placing records in clusters adds to an
import and its indexing (issue #11's figure: clustering on ≤ 15% slower than without).

Builds a catalogue of N records in 50 libraries beneath the ORM (``search_data.py``), rebuilds
its clusters and its index, then imports files of K records through the real importer
(``run_import``, ISO 2709), each into a library of its own: half are copies of records other
libraries hold (same ISBN, title, author, year), half are new. After each import the change
feed is applied as ``thuvien search apply`` does, with clustering on (``union.place`` for the
batch, then every member of a touched cluster indexed) or off. Rounds alternate off, on, on,
off… so that a growing table favours neither; the figure is import + apply, in seconds.

    PYTHONPATH=$PWD/src .venv/bin/python bench/union_import.py --records 100000 --batch 5000

Run on demand only.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_data import build
from serving import set_up_django


def import_file(round_no: int, size: int, last_id: int) -> bytes:
    """K records: copies of existing records (half) and new ones, ISO 2709 with a copy each."""
    from thuvien.catalogue import iso2709
    from thuvien.catalogue.marc import MarcRecord
    from thuvien.catalogue.models import Record

    r = random.Random(round_no)
    wanted = r.sample(range(1, last_id + 1), size // 2)
    rows = Record.objects.filter(id__in=wanted).values_list("title", "authors", "year", "isbn")
    out = []
    for n, (title, authors, year, isbn) in enumerate(rows):
        out.append(_marc(f"R{round_no}-C{n}", title, authors, year, isbn))
    for n in range(size - len(out)):
        title = f"Sách mới số {round_no}-{n} về {r.choice(('lịch sử', 'văn hoá', 'địa lý'))}"
        out.append(_marc(f"R{round_no}-N{n}", title, "Nguyễn Văn Mới", 2024, ""))
    return b"".join(iso2709.encode(MarcRecord("00000nam a2200000 a 4500", f)) for f in out)


def _marc(control: str, title: str, authors: str, year: Any, isbn: str) -> list[Any]:
    fields: list[Any] = [["001", control], ["008", f"250101s{year or '    '}    vm"]]
    fields += [["020", " ", " ", [["a", isbn]]]] if isbn else []
    author = authors.split(" ; ", maxsplit=1)[0]
    fields += [["100", "0", " ", [["a", author]]]] if author else []
    fields.append(["245", "1", "0", [["a", title]]])
    fields.append(["260", " ", " ", [["a", "Hà Nội"], ["b", "Nxb. Tổng hợp"], ["c", str(year)]]])
    fields.append(["952", " ", " ", [["p", f"{control}-1"], ["o", "895.922"]]])
    return fields


def one_round(round_no: int, size: int, last_id: int, cluster: bool) -> tuple[float, float]:
    from thuvien.catalogue.services import run_import
    from thuvien.network.models import Library, LibraryType
    from thuvien.search import applier

    data = import_file(round_no, size, last_id)
    library = Library.objects.create(
        code=f"VN-IM{round_no:04d}", name_vi=f"Thư viện nhập {round_no}",
        library_type=LibraryType.SCHOOL,
    )  # fmt: skip
    start = time.perf_counter()
    run_import(library, io.BytesIO(data), actor="cli:bench", source="bench", fmt="iso2709")
    imported = time.perf_counter() - start
    applier.apply_pending(cluster=cluster)
    return imported, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=4, help="Even: as many off as on.")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-union-import"
    )
    args = parser.parse_args()
    set_up_django(args.workdir / args.database, args.database, "thuvien_bench_uimport", fresh=True)
    from thuvien.search.backends import get_backend
    from thuvien.union import services

    print(f"machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}")
    build(args.records)
    counts = services.rebuild("cli:bench")
    print(f"catalogue: {args.records:,} records, {counts.as_dict()}")
    get_backend().rebuild()
    pattern = [False, True, True, False]
    totals: dict[bool, list[float]] = {False: [], True: []}
    for n in range(args.rounds):
        cluster = pattern[n % 4]
        imported, total = one_round(n + 1, args.batch, args.records, cluster)
        totals[cluster].append(total)
        mode = "on " if cluster else "off"
        print(
            f"round {n + 1}, clustering {mode}: import {imported:.1f} s, import + apply "
            f"{total:.1f} s ({args.batch / total:,.0f} records/s)"
        )
    off, on = statistics.mean(totals[False]), statistics.mean(totals[True])
    print(f"mean import + apply: off {off:.1f} s, on {on:.1f} s: {100 * (on / off - 1):+.1f}%")
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
