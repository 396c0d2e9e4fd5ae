"""Union catalogue figures: ``union rebuild`` over N records held by 50 libraries.

Builds N records reproducibly (fixed seed) straight into the database with
``thuvien.catalogue.bulk.insert``: about 60% distinct editions and 40% duplicates of them
in other libraries, catalogued the way copies differ in practice (other tone placement,
upper case, "Nxb." before the publisher, an ISBN-10 or none), plus re-editions and volumes
of sets that share an ISBN and must stay apart. Then times ``services.rebuild`` (records/s)
and prints the counts and the load average before and after; then times the lead library's
quality figures (Decree 93 Art. 28 minimum fields per library, and the failing records).

    PYTHONPATH=$PWD/src .venv/bin/python bench/union.py --records 100000 --database sqlite

Run on demand only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import set_up_django  # noqa: E402

SEED = 20251204
LIBRARIES = 50
CHUNK = 5000
WORDS = [
    "hòa",
    "bình",
    "thủy",
    "lợi",
    "sức",
    "khỏe",
    "văn",
    "hóa",
    "lịch",
    "sử",
    "địa",
    "chí",
    "giáo",
    "trình",
    "khoa",
    "học",
    "kỹ",
    "thuật",
    "nông",
    "nghiệp",
    "tuổi",
    "thơ",
    "đất",
    "rừng",
    "phương",
    "nam",
    "truyện",
    "thơ",
    "người",
    "mẹ",
    "quê",
    "hương",
    "biển",
    "đảo",
    "mùa",
    "xuân",
    "digital",
    "library",
    "history",
    "science",
    "water",
    "health",
    "culture",
    "garden",
    "river",
    "mountain",
    "story",
]
NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc"]
GIVEN = ["An", "Bình", "Hòa", "Thủy", "Khỏe", "Lan", "Hùng", "Dũng", "Tâm", "Nga", "Sơn", "Hải"]
PUBLISHERS = [
    "Văn học",
    "Kim Đồng",
    "Trẻ",
    "Giáo dục",
    "Tổng hợp",
    "Thanh niên",
    "Hội Nhà văn",
    "Nông nghiệp",
]
TONES = {"òa": "oà", "ủy": "uỷ", "ỏe": "oẻ"}


def check_digit(core: str) -> str:
    return str((10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(core)) % 10) % 10)


def edition(r: random.Random, n: int) -> dict[str, Any]:
    title = " ".join(r.choice(WORDS) for _ in range(r.randint(2, 6))).capitalize()
    author = f"{r.choice(NAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
    core = f"978604{n:06d}"
    return {
        "title": title,
        "authors": author,
        "publisher": r.choice(PUBLISHERS),
        "year": r.randint(1950, 2025),
        "isbn": core + check_digit(core) if r.random() < 0.6 else "",
        "pages": r.randint(60, 900),
    }


def copy_of(r: random.Random, e: dict[str, Any]) -> dict[str, Any]:
    c = dict(e)
    if r.random() < 0.3:
        for old, new in TONES.items():
            c["title"] = c["title"].replace(old, new)
    if r.random() < 0.2:
        c["title"] = c["title"].upper() + " /"
    if r.random() < 0.3:
        c["publisher"] = "Nxb. " + c["publisher"]
    if r.random() < 0.1:
        c["isbn"] = ""
    return c


def variant(r: random.Random, e: dict[str, Any]) -> dict[str, Any]:
    """A re-edition or another volume: shares the ISBN, must stay apart."""
    c = dict(e)
    if r.random() < 0.5:
        c["edition"] = f"Tái bản lần thứ {r.randint(1, 4)}"
    else:
        c["title"] = f"{c['title']}. Tập {r.randint(2, 5)}"
    return c


def rows(total: int, now: Any, library_ids: list[int]) -> list[dict[str, Any]]:
    r = random.Random(SEED)
    editions: list[dict[str, Any]] = []
    out = []
    for n in range(1, total + 1):
        roll = r.random()
        if editions and roll < 0.40:
            e = copy_of(r, r.choice(editions))
        elif editions and roll < 0.43:
            e = variant(r, r.choice(editions))
        else:
            e = edition(r, n)
            editions.append(e)
        fields: list[Any] = [["008", f"250101s{e['year']}    vm"]]
        fields += [["020", " ", " ", [["a", e["isbn"]]]]] if e["isbn"] else []
        fields += [["100", "0", " ", [["a", e["authors"]]]]]
        fields += [["245", "1", "0", [["a", e["title"]]]]]
        fields += [["300", " ", " ", [["a", f"{e['pages']} tr. ;"]]]]
        out.append(
            {
                "id": n, "library_id": library_ids[n % LIBRARIES], "kind": "bib",
                "leader": "00000nam a2200000 a 4500",
                "marc": json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
                "match_key": f"cn:BU:{n}", "content_hash": f"{n:064x}",
                "control_number": f"BU{n:08d}", "control_number_identifier": f"L{n % LIBRARIES}",
                "title": e["title"], "responsibility": "", "authors": e["authors"],
                "publisher": e["publisher"], "place": "Hà Nội", "year": e["year"],
                "edition": e.get("edition", ""), "isbn": e["isbn"], "isbns": e["isbn"],
                "issn": "", "language": "vie", "material_type": "book", "subjects": "",
                "classification": {}, "call_number": "", "source": "bench",
                "source_encoding": "utf-8", "import_batch_id": None, "copied_from_id": None,
                "needs_review": "", "created_at": now, "updated_at": now,
            }
        )  # fmt: skip
    return out


def build(total: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from thuvien.catalogue import bulk
    from thuvien.catalogue.models import Record
    from thuvien.network.models import Library, LibraryType

    call_command("migrate", verbosity=0)
    Library.objects.bulk_create(
        Library(code=f"VN-BU{i:04d}", name_vi=f"Thư viện {i}", library_type=LibraryType.PUBLIC)
        for i in range(LIBRARIES)
    )
    ids = list(Library.objects.order_by("code").values_list("id", flat=True))
    data = rows(total, timezone.now(), ids)
    for start in range(0, len(data), CHUNK):
        with transaction.atomic():
            bulk.insert(Record, data[start : start + CHUNK])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {}))"
            cursor.execute(sql.format("catalogue_record"), ["catalogue_record"])
            cursor.execute("ANALYZE")


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-union"
    )
    args = parser.parse_args()
    data_dir = args.workdir / args.database
    set_up_django(data_dir, args.database, "thuvien_bench_union", fresh=True)
    from thuvien.union import quality, services

    print(f"machine: {os.cpu_count()} cores; load {loadavg()}")
    start = time.perf_counter()
    build(args.records)
    print(
        f"data: {args.records:,} records in {time.perf_counter() - start:.0f} s ({args.database})"
    )
    print(f"before rebuild: load {loadavg()}")
    start = time.perf_counter()
    counts = services.rebuild("cli:bench")
    seconds = time.perf_counter() - start
    print(f"rebuild: {seconds:.1f} s ({args.records / seconds:,.0f} records/s); {counts.as_dict()}")
    print(f"after: load {loadavg()}")
    # The lead library's quality page: figures of every library, then the failing records.
    start = time.perf_counter()
    figures = quality.by_library()
    counted = time.perf_counter() - start
    start = time.perf_counter()
    failing = quality.failing(limit=500)
    listed = time.perf_counter() - start
    complete = sum(f.complete for f in figures)
    print(
        f"quality: {len(figures)} libraries counted in {counted:.2f} s ({complete:,} complete); "
        f"{len(failing)} failing records listed in {listed:.2f} s"
    )


if __name__ == "__main__":
    main()
