"""Recommendations for readers: "readers who borrowed this also borrowed" and, for a title
nobody has borrowed yet, "similar titles" by subject and class.

Privacy: co-borrowing is counted as the number of DISTINCT readers who borrowed both titles,
and a pair is kept only when at least :data:`MIN_READERS` readers did. The stored model holds
record ids and those pairs, never a reader: no page can reveal what one person borrowed, and
a pair borrowed by four people does not exist for the portal. Loans already anonymised (no
reader: every returned loan of a reader who did not choose to keep a history) cannot count
toward a pair, so only current loans and consented histories are read. The model is rebuilt
by the periodic training, not live, so one new loan cannot be watched appearing on a page.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from django.utils import timezone

from thuvien import conf
from thuvien.ai import features
from thuvien.catalogue.exposure import public_records
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.circulation.models import Loan

MIN_READERS = 5  # a pair needs at least five distinct readers to be shown
PER_RECORD = 10  # recommendations kept per title
PER_READER = 200  # the most recent titles of a very active reader count, not all of them
PER_LABEL = 30  # newest titles kept per subject or class for "similar titles"


def path() -> Path:
    return conf.get_path("DATA_DIR") / "ai" / "recommending.json.gz"


def co_borrowed(
    loans: list[tuple[int, int]], min_readers: int = MIN_READERS
) -> dict[int, list[int]]:
    """(reader, record) pairs → record → the records most often borrowed by the same readers,
    counting each reader once per pair and keeping pairs of at least ``min_readers``."""
    by_reader: dict[int, list[int]] = defaultdict(list)
    for reader, record in loans:
        titles = by_reader[reader]
        if record not in titles:
            titles.append(record)
    pairs: Counter[tuple[int, int]] = Counter()
    for titles in by_reader.values():
        for a, b in combinations(sorted(set(titles[-PER_READER:])), 2):
            pairs[(a, b)] += 1
    neighbours: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), readers in pairs.items():
        if readers >= min_readers:
            neighbours[a].append((readers, b))
            neighbours[b].append((readers, a))
    return {
        rec: [other for _n, other in sorted(found, key=lambda x: (-x[0], x[1]))[:PER_RECORD]]
        for rec, found in neighbours.items()
    }


def _loans(since: dt.datetime | None = None) -> list[tuple[int, int]]:
    rows = Loan.objects.filter(patron__isnull=False)
    if since is not None:
        rows = rows.filter(checked_out_at__gte=since)
    return list(rows.order_by("checked_out_at").values_list("patron_id", "item__record_id"))


def _by_label() -> dict[str, list[int]]:
    """Subject heading or class → the newest bibliographic records that carry it."""
    found: dict[str, list[int]] = defaultdict(list)
    rows = Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC).order_by("-id")
    for pk, leader, stored in rows.values_list("id", "leader", "marc").iterator(chunk_size=2000):
        for label in features.labels_of(MarcRecord.from_stored(leader, stored)):
            key = f"{label.family}:{label.key}"
            if len(found[key]) < PER_LABEL:
                found[key].append(pk)
    return dict(found)


def popular(loans: list[tuple[int, int]], limit: int = PER_RECORD) -> list[int]:
    readers: dict[int, set[int]] = defaultdict(set)
    for reader, record in loans:
        readers[record].add(reader)
    ranked = sorted(readers.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [rec for rec, who in ranked[:limit] if len(who) >= MIN_READERS]


def train() -> dict[str, Any]:
    started = time.perf_counter()
    loans = _loans()
    together = co_borrowed(loans)
    year_ago = timezone.now() - dt.timedelta(days=365)
    model = {
        "version": dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S"),
        "min_readers": MIN_READERS,
        "together": {str(k): v for k, v in together.items()},
        "labels": _by_label(),
        "popular": popular(_loans(year_ago)),
    }
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with gzip.open(partial, "wt", encoding="utf-8") as out:
        json.dump(model, out, ensure_ascii=False, separators=(",", ":"))
    partial.replace(target)
    _CACHE.clear()
    return {
        "version": model["version"],
        "records": len(together),
        "loans": len(loans),
        "min_readers": MIN_READERS,
        "seconds": round(time.perf_counter() - started, 2),
    }


_CACHE: dict[str, tuple[float, dict[str, Any]]] = {}


def _model() -> dict[str, Any] | None:
    try:
        stamp = path().stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _CACHE.get("model")
    if cached and cached[0] == stamp:
        return cached[1]
    with gzip.open(path(), "rt", encoding="utf-8") as src:
        model: dict[str, Any] = json.load(src)
    _CACHE["model"] = (stamp, model)
    return model


def also_borrowed(record_id: int) -> list[int]:
    """Records borrowed by the same readers (at least five of them per pair)."""
    model = _model()
    return list(model["together"].get(str(record_id), [])) if model else []


def similar(record: Record, limit: int = PER_RECORD) -> list[int]:
    """Records sharing the most subject headings and classes with this one, newest first."""
    model = _model()
    if model is None:
        return []
    marc = MarcRecord.from_stored(record.leader, record.marc)
    shared: Counter[int] = Counter()
    for label in features.labels_of(marc):
        for other in model["labels"].get(f"{label.family}:{label.key}", []):
            if other != record.pk:
                shared[other] += 1
    ranked = sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0]))
    return [pk for pk, _n in ranked[:limit]]


def _public(ids: list[int]) -> list[Record]:
    """The records of ``ids`` that the portal may show, in the order given."""
    rows = public_records().filter(pk__in=ids, kind=Record.Kind.BIBLIOGRAPHIC)
    by_id = {r.pk: r for r in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def for_record(record: Record) -> tuple[str, list[Record]]:
    """("together", …) when readers borrowed it with other titles, else ("similar", …) by
    subject and class, for a new title nobody has borrowed yet."""
    together = _public(also_borrowed(record.pk))
    if together:
        return "together", together
    return "similar", _public(similar(record))


def for_reader(patron_id: int, limit: int = PER_RECORD) -> list[Record]:
    """For the reader's own account page: titles co-borrowed (by at least five readers) with
    what this reader has on loan or kept in their history, less what they already borrowed."""
    mine = list(
        Loan.objects.filter(patron_id=patron_id)
        .order_by("-checked_out_at")
        .values_list("item__record_id", flat=True)[:50]
    )
    seen = set(mine)
    found: Counter[int] = Counter()
    for rank, record_id in enumerate(dict.fromkeys(mine)):
        for other in also_borrowed(record_id):
            if other not in seen:
                found[other] += 1000 - rank  # the most recent loans count most
    return _public([pk for pk, _n in found.most_common(limit)])
