"""Hit rate of "readers who borrowed this also borrowed" against "most borrowed this year"
(issue 17), on held-out loans.

No public loan data exists, so loans are simulated, reproducibly: the catalogue is the Tiki
listing's real titles with their real categories (read from ../shared/data); each reader has one
or two favourite categories and borrows 3-12 titles, most from them, the rest anywhere, with a
title's popularity Zipf-distributed inside its category. Each reader's last loan is held out;
the recommenders see the earlier ones. A hit is the held-out title among the ten recommended
(titles the reader already borrowed left out). The co-borrowing model is the product's own
(:func:`thuvien.ai.recommending.co_borrowed`, pairs of at least five distinct readers); where
it has fewer than ten titles the list is filled with the most borrowed ones, as a portal would.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import set_up_django

SHARED = Path(
    os.environ.get("THUVIEN_SHARED_DATA_DIR")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data"
)


def catalogue() -> dict[str, list[int]]:
    """Category → title numbers (one per distinct title and author)."""
    seen: dict[tuple[str, str], int] = {}
    by_category: dict[str, list[int]] = defaultdict(list)
    with (SHARED / "vietnamese" / "tiki_book_data.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["title"], row["authors"])
            if key not in seen:
                seen[key] = len(seen)
                by_category[row["catagory"].strip() or "?"].append(seen[key])
    return dict(by_category)


def simulate(readers: int, seed: int) -> list[list[int]]:
    rng = random.Random(seed)
    shelves = catalogue()
    names = sorted(shelves)
    sizes = [len(shelves[n]) for n in names]
    everything = [t for n in names for t in shelves[n]]
    histories = []
    for _ in range(readers):
        favourites = rng.choices(names, weights=sizes, k=rng.choice((1, 2)))
        loans: list[int] = []
        for _n in range(rng.randint(3, 12)):
            if rng.random() < 0.8:
                shelf = shelves[rng.choice(favourites)]
                pick = shelf[min(int(rng.paretovariate(1.2)) - 1, len(shelf) - 1)]
            else:
                pick = rng.choice(everything)
            if pick not in loans:
                loans.append(pick)
        if len(loans) >= 2:
            histories.append(loans)
    return histories


def evaluate(histories: list[list[int]], k: int = 10) -> dict[str, float]:
    seen = [h[:-1] for h in histories]
    loans = [(reader, title) for reader, titles in enumerate(seen) for title in titles]
    from thuvien.ai.recommending import co_borrowed

    started = time.perf_counter()
    together = co_borrowed(loans)
    trained = time.perf_counter() - started
    readers: dict[int, set[int]] = defaultdict(set)
    for reader, title in loans:
        readers[title].add(reader)
    popular = [t for t, _r in sorted(readers.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    hits: Counter[str] = Counter()
    for history in histories:
        past, held = set(history[:-1]), history[-1]
        top_popular = [t for t in popular if t not in past][:k]
        votes: Counter[int] = Counter()
        for rank, title in enumerate(reversed(history[:-1])):
            for other in together.get(title, []):
                if other not in past:
                    votes[other] += 1000 - rank
        ours = [t for t, _n in votes.most_common(k)]
        filled = ours + [t for t in top_popular if t not in ours][: k - len(ours)]
        hits["popular"] += held in top_popular
        hits["together"] += held in ours
        hits["together+popular"] += held in filled
        hits["covered"] += bool(ours)
    n = len(histories)
    return {
        "readers": n,
        "loans": len(loans),
        "titles_with_pairs": len(together),
        "train_seconds": round(trained, 2),
        **{f"hit@{k} {name}": round(v / n, 4) for name, v in hits.items() if name != "covered"},
        "readers_with_a_recommendation": round(hits["covered"] / n, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", default="2000,10000,50000")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    set_up_django(Path(tempfile.mkdtemp(prefix="bench-rec-")), "sqlite", "unused", fresh=False)
    print(f"cores {os.cpu_count()}, load average {Path('/proc/loadavg').read_text().split()[:3]}")
    for size in (int(s) for s in args.readers.split(",")):
        print(evaluate(simulate(size, args.seed)))


if __name__ == "__main__":
    main()
