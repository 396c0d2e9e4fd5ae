""" "More like this" quality: do the records it offers share the record's shelf category?

The Tiki listing (../shared/data/vietnamese/tiki_book_data.csv, duplicate titles removed) is
imported as records with title, author and publisher only; its category is held back as the
answer key. For every record, the portal's "more like this" (``search.services.similar``,
top 5) is asked, and precision is the share of offered records in the record's category.
The baseline is what five records picked at random would score: (n_c - 1) / (N - 1) for a
record of category c, averaged. Also printed: coverage (records offered at least one),
ms per record, cores and load average.

    .venv/bin/python bench/ai_similar.py [--shared ../shared] [--json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from serving import set_up_django

ROOT = Path(__file__).resolve().parent.parent
TIKI = Path("data") / "vietnamese" / "tiki_book_data.csv"
FIXED = "250101s2024    vm            000 0 vie d"


def rows(shared: Path) -> list[dict[str, str]]:
    seen: set[str] = set()
    kept = []
    with (shared / TIKI).open(encoding="utf-8") as source:
        for row in csv.DictReader(source):
            title = row["title"].strip()
            if title and title not in seen and row["catagory"].strip():
                seen.add(title)
                kept.append(row)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-similar"
    )
    args = parser.parse_args()
    books = rows(args.shared)
    set_up_django(args.workdir, "sqlite", "", fresh=True)
    from django.core.management import call_command

    from thuvien.catalogue import iso2709
    from thuvien.catalogue.marc import MarcRecord
    from thuvien.catalogue.models import Record
    from thuvien.catalogue.services import run_import
    from thuvien.network.models import Library
    from thuvien.search import services
    from thuvien.search.backends import get_backend

    call_command("migrate", verbosity=0)
    library = Library.objects.create(code="VN-BE0001", name_vi="Thư viện đo", library_type="public")
    category: dict[str, str] = {}
    data = io.BytesIO()
    for n, row in enumerate(books, 1):
        fields: list[Any] = [["001", f"tiki-{n}"], ["008", FIXED]]
        fields.append(["100", "1", " ", [["a", row["authors"].split(",")[0].strip() or "-"]]])
        fields.append(["245", "1", "0", [["a", row["title"].strip()]]])
        fields.append(["264", " ", "1", [["b", row["manufacturer"].strip() or "-"]]])
        data.write(iso2709.encode(MarcRecord("00000nam a2200000 a 4500", fields)))
        category[f"tiki-{n}"] = row["catagory"].strip()
    data.seek(0)
    run_import(library, data, actor="cli:bench", source="bench", fmt="iso2709")
    get_backend().rebuild()
    records = list(Record.objects.select_related("library"))
    of = {r.pk: category[r.control_number] for r in records}
    sizes = Counter(of.values())
    total = len(records)
    offered = agree = covered = 0
    baseline = 0.0
    started = time.perf_counter()
    for record in records:
        hits = services.similar(record, library.code, limit=5)
        mine = of[record.pk]
        covered += bool(hits)
        offered += len(hits)
        agree += sum(of.get(h.id) == mine for h in hits)
        baseline += (sizes[mine] - 1) / (total - 1)
    seconds = time.perf_counter() - started
    figures = {
        "records": total,
        "categories": len(sizes),
        "precision_at_5": round(agree / offered, 4) if offered else None,
        "random_baseline": round(baseline / total, 4),
        "coverage": round(covered / total, 4),
        "ms_per_record": round(1000 * seconds / total, 2),
        "cores": os.cpu_count(),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
