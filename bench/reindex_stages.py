"""Where a full reindex spends its CPU, per record and per stage, on the search benchmark's
catalogue (build it first with ``bench/search.py --records N``).

Stages, each timed as CPU time of this process (so the figure holds on a busy machine better
than wall time): reading rows and building documents; preparing the index's fields and tantivy's
JSON; tantivy's indexing into a fresh index (one thread). Run twice in one process: with
Python's cyclic garbage collector as it is, and held back as the rebuild holds it
(``thuvien.workers.few_collections``). The sum, halved, is the least a rebuild of a million
records can take on two idle cores.

    .venv/bin/python bench/reindex_stages.py --records 20000
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from serving import set_up_django


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def stages(records: int) -> tuple[float, float, float]:
    import tantivy

    from thuvien.search import documents
    from thuvien.search.backends.tantivy.documents import to_json
    from thuvien.search.backends.tantivy.schema import ANALYZER, SCHEMA, text_analyzer

    codes = documents.LibraryCodes()
    start = cpu()
    docs = list(documents.documents_between(1, records + 1, codes))
    read = cpu() - start
    start = cpu()
    texts = [to_json(d) for d in docs]
    prepare = cpu() - start
    with tempfile.TemporaryDirectory() as folder:
        index = tantivy.Index(SCHEMA, folder)
        index.register_tokenizer(ANALYZER, text_analyzer())
        writer = index.writer(200_000_000, 1)
        start = cpu()
        for text in texts:
            writer.add_json(text)
        writer.commit()
        writer.wait_merging_threads()
        indexing = cpu() - start
    n = max(len(docs), 1)
    return read / n * 1e6, prepare / n * 1e6, indexing / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-search"
    )
    args = parser.parse_args()
    set_up_django(args.workdir / args.database, args.database, "thuvien_bench_search", fresh=False)
    from thuvien.workers import few_collections

    @contextlib.contextmanager
    def as_is() -> Iterator[None]:
        yield

    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}")
    for label, held in (("collector as is", as_is), ("collector held back", few_collections)):
        with held():
            read, prepare, indexing = stages(args.records)
        total = read + prepare + indexing
        print(
            f"{label:20s} read+build {read:5.0f}  fields+json {prepare:5.0f}  "
            f"tantivy {indexing:5.0f}  total {total:5.0f} CPU-µs/record  "
            f"-> 1M records on 2 idle cores >= {total / 2:.0f} s"
        )


if __name__ == "__main__":
    sys.exit(main())
