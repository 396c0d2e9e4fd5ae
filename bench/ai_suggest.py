"""Quality and cost of the cataloguing suggesters (issue 17), on real records.

Data (read from ../shared/data, never copied here):

* ``jazz_1k.mrc`` and ``lul_fre_500.mrc`` (Evergreen test sets): real LC classes (050) and
  LCSH headings (650); no real DDC or BBK exist in any public record we have.
* the Tiki listing: 1,751 real Vietnamese titles, authors and publishers with the shop's
  category, written as 653 and turned into a coarse DDC and BBK class by a hand-made
  crosswalk below (so the Vietnamese DDC/BBK figures measure the category, said plainly).

Each work goes to one of ten libraries (by a hash of its title); one work in five is also copied
to a second library, as copy cataloguing does. Libraries 0 and 5 are held out; a held-out
record whose work is also in a training library is dropped, so no copy leaks into its test.
The same code as ``thuvien ai train`` is used (:class:`thuvien.ai.cataloguing.Training`).

Prints: per family, precision@1 and F1@5 against the most-frequent-label baseline; training
time at growing sizes (the real records repeated with their words shuffled between records
of a family) and the rate extrapolated to 1M; latency per suggestion (p50/p95 ms).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import set_up_django

SHARED = Path(
    os.environ.get("THUVIEN_SHARED_DATA_DIR")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data"
)
# Tiki category → (DDC, BBK): a cataloguer's coarse reading of each shop category.
CROSSWALK = {
    "Sách tư duy - Kỹ năng sống": ("158.1", "88.52"),
    "Tiểu Thuyết": ("808.83", "84(0)"),
    "Truyện ngắn - Tản văn - Tạp Văn": ("808.83", "84(0)"),
    "Truyện trinh thám": ("808.838", "84(0)"),
    "Sách kỹ năng làm việc": ("650.1", "65.29"),
    "Sách nghệ thuật sống đẹp": ("158.1", "88.52"),
    "Bài học kinh doanh": ("658", "65.29"),
    "Tác phẩm kinh điển": ("808.8", "84(0)"),
    "Sách Học Tiếng Anh": ("428", "81.2Anh"),
    "Sách tài chính, tiền tệ": ("332", "65.26"),
    "Sách Marketing - Bán hàng ": ("658.8", "65.29"),
    "Kiến thức - Bách khoa": ("030", "92"),
    "Kiến Thức Bách Khoa": ("030", "92"),
    "Truyện Giả tưởng - Huyền Bí - Phiêu Lưu": ("808.8", "84(0)"),
    "Sách Làm Cha Mẹ": ("649.1", "74.90"),
    "Truyện dài": ("808.83", "84(0)"),
    "Truyện kể cho bé": ("808.899", "84(0)-5"),
    "Văn học thiếu nhi": ("808.899", "84(0)-5"),
    "Sách kinh tế học": ("330", "65"),
    "Lịch Sử Thế Giới": ("909", "63.3(0)"),
    "Sách quản trị, lãnh đạo": ("658.4", "65.29"),
    "Tiểu sử - Hồi ký": ("920", "63.3"),
    "Sách giáo dục": ("370", "74"),
    "Sách Học Tiếng Hoa": ("495.1", "81.2Tr"),
    "Triết Học": ("100", "87"),
    "Thơ": ("808.81", "84(0)"),
}


def marc_files() -> list[Any]:
    from thuvien.catalogue import formats

    out: list[Any] = []
    for name in ("jazz_1k.mrc", "lul_fre_500.mrc"):
        with (SHARED / "marc" / "evergreen" / name).open("rb") as stream:
            out += [i.record for i in formats.read(stream, "iso2709") if i.record is not None]
    return out


def tiki_records() -> list[Any]:
    from thuvien.catalogue.marc import MarcRecord

    out: list[Any] = []
    with (SHARED / "vietnamese" / "tiki_book_data.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            fields: list[Any] = [["001", f"tiki{len(out)}"]]
            category = row["catagory"]
            ddc_bbk = CROSSWALK.get(category)
            if ddc_bbk:
                fields.append(["082", "0", "4", [["a", ddc_bbk[0]]]])
                fields.append(["084", " ", " ", [["a", ddc_bbk[1]], ["2", "bbk"]]])
            if row["authors"]:
                fields.append(["100", "1", " ", [["a", row["authors"]]]])
            fields.append(["245", "1", "0", [["a", row["title"]]]])
            fields.append(["264", " ", "1", [["b", row["manufacturer"]]]])
            if category.strip():
                fields.append(["653", " ", " ", [["a", category.strip()]]])
            out.append(MarcRecord("00000nam a2200000 i 4500", fields))
    return out


def examples(records: list[Any], copy_share: float, seed: int) -> list[Any]:
    from thuvien.ai import features
    from thuvien.ai.cataloguing import Example, work_key
    from thuvien.catalogue.extract import extract

    rng = random.Random(seed)
    out: list[Any] = []
    for marc in records:
        ex = extract(marc)
        work = work_key(ex["title"], ex["authors"])
        library = int(hashlib.blake2b(work.encode(), digest_size=2).hexdigest(), 16) % 10
        tokens = features.record_tokens(marc)
        labels = list(features.labels_of(marc))
        out.append(Example(library, work, tokens, labels))
        if rng.random() < copy_share:
            other = (library + rng.randint(1, 9)) % 10
            out.append(Example(other, work, tokens, labels))
    return out


def quality(name: str, exs: list[Any]) -> None:
    from thuvien.ai.cataloguing import Training

    training = Training()
    for e in exs:
        training.add(e)
    print(f"\n{name}: {len(exs)} records in {len(training.libraries)} libraries")
    print(f"  {'family':8} {'tested':>6} {'P@1':>6} {'base':>6} {'F1@5':>6} {'base':>6}")
    for family, m in training.measures().items():
        if m.records:
            print(
                f"  {family:8} {m.records:6} {m.precision_at_1:6.1%} "
                f"{m.baseline_precision_at_1:6.1%} {m.f1_at_5:6.3f} {m.baseline_f1_at_5:6.3f}"
            )


def scaling(exs: list[Any], sizes: list[int], seed: int) -> None:
    from thuvien.ai.cataloguing import Example, Training

    rng = random.Random(seed)
    vocab = [t for e in exs for t in e.tokens]
    print(
        "\ntraining time (both model sets, all five families; features already made), "
        "latency p95 against that size's models, peak memory:"
    )
    print(f"  {'records':>9} {'seconds':>8} {'records/s':>10} {'p95 ms':>7} {'RSS MB':>7}")
    rate = 0.0
    for size in sizes:
        # Real records, each with a fifth of its words swapped for random words of the
        # collection, so the vocabulary grows with the size as a real catalogue's does.
        training = Training()
        started = time.perf_counter()
        for i in range(size):
            e = exs[i % len(exs)]
            tokens = [t if rng.random() > 0.2 else rng.choice(vocab) for t in e.tokens]
            training.add(Example(e.library, f"{e.work}{i}", tokens, e.labels))
        models = [training.full.model(family) for family in training.full.families]
        seconds = time.perf_counter() - started
        rate = size / seconds
        # Latency of one record's suggestions (every family) against the models of this size.
        times = []
        for e in exs[:300]:
            begun = time.perf_counter()
            for model in models:
                model.rank(e.tokens, 10)
            times.append((time.perf_counter() - begun) * 1000)
        p95 = sorted(times)[int(len(times) * 0.95)]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {size:9} {seconds:8.1f} {rate:10.0f} {p95:7.1f} {rss:7.0f}")
    print(f"  1,000,000 records at the last rate: about {1_000_000 / rate / 60:.1f} minutes")


def features_rate(records: list[Any]) -> None:
    from thuvien.ai import features

    started = time.perf_counter()
    for marc in records:
        features.record_tokens(marc)
        list(features.labels_of(marc))
    rate = len(records) / (time.perf_counter() - started)
    print(f"\nfeature extraction (analysis of the text): {rate:.0f} records/s")


def latency(records: list[Any], data: Path) -> None:
    from thuvien.ai import cataloguing

    cataloguing.train(examples(records, 0.0, 1))
    times = []
    for marc in records[:500]:
        started = time.perf_counter()
        cataloguing.suggest_for(marc)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(
        f"\nlatency of one record's suggestions, every family (goal <= 100 ms): "
        f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {len(times)} records"
    )
    size = sum(p.stat().st_size for p in (data / "ai" / "cataloguing").glob("*.gz"))
    print(f"models on disk: {size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000", help="training sizes")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-ai-"))
    set_up_django(data, "sqlite", "unused", fresh=False)
    print(f"cores {os.cpu_count()}, load average {Path('/proc/loadavg').read_text().split()[:3]}")
    marc = marc_files()
    tiki = tiki_records()
    quality("Evergreen (LC class, LCSH)", examples(marc, 0.2, args.seed))
    quality(
        "Tiki (Vietnamese; category as 653, DDC and BBK by crosswalk)",
        examples(tiki, 0.2, args.seed),
    )
    every = examples(marc + tiki, 0.0, args.seed)
    features_rate(marc + tiki)
    scaling(every, [int(s) for s in args.sizes.split(",")], args.seed)
    latency(marc + tiki, data)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
