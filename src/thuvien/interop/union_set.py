"""The union catalogue as records others can take: one record per edition (the cluster's best
record, or a record no other library holds) with every member library's holdings in 852.

Published through OAI-PMH's ``union`` set and ``thuvien union export``. What was published is
remembered in :class:`~thuvien.interop.models.UnionEntry`, so that an edition's datestamp
moves only when what it shows changes (its best record, its members, their records or their
copies), and an edition that goes (its records deleted, or joined to another cluster) is
reported deleted. :func:`refresh` brings the table up to date; a union harvest calls it when
it starts.

852 per holding: $a the library's code (ISIL), $b the location, $j the call number; one per
library, location and call number, in library order. Fields that may hold personal or
internal data are left out of the best record as in every other export
(:mod:`thuvien.interop.exposure`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from thuvien.catalogue import exporting
from thuvien.catalogue.marc import Field, MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.interop import config, exposure
from thuvien.interop.models import UnionEntry
from thuvien.union import queries
from thuvien.union.publishing import Exported

CHUNK = 2000


@dataclass(frozen=True)
class Refreshed:
    added: int
    changed: int
    deleted: int
    total: int


def _editions() -> Iterator[tuple[int | None, list[int]]]:
    """(best record id, member ids) of every edition: clusters, then lone records."""
    published = exposure.published_records()
    clustered: set[int] = set()
    for _cluster, best, members in queries.clusters():
        clustered.update(members)
        yield best, members
    last = 0
    while True:
        ids = list(
            published.filter(id__gt=last).order_by("id").values_list("id", flat=True)[: CHUNK * 5]
        )
        if not ids:
            return
        for pk in ids:
            if pk not in clustered:
                yield pk, [pk]
        last = ids[-1]


def _stamps() -> dict[int, str]:
    """What changes a record's contribution: its own last change and its copies'."""
    stamps = {
        pk: when.isoformat()
        for pk, when in exposure.published_records()
        .values_list("id", "updated_at")
        .iterator(chunk_size=CHUNK * 5)
    }
    copies = (
        Item.objects.values("record_id")
        .annotate(n=Count("id"), last=Max("updated_at"))
        .values_list("record_id", "n", "last")
    )
    for pk, n, last in copies.iterator(chunk_size=CHUNK * 5):
        if pk in stamps:
            stamps[pk] += f"+{n}@{last.isoformat()}"
    return stamps


def refresh(now: dt.datetime | None = None) -> Refreshed:
    """Bring the published union set up to date with the clusters and records."""
    now = now or timezone.now()
    stamps = _stamps()
    current: dict[int, tuple[str, int, str]] = {}
    for chosen, members in _editions():
        kept = [m for m in members if m in stamps]  # bibliographic records only
        if not kept:
            continue
        best = chosen if chosen in kept else kept[0]
        listed = ",".join(map(str, kept))
        digest = hashlib.sha1(  # noqa: S324 - a change detector, not a secret
            f"{best}|{listed}|{'|'.join(stamps[m] for m in kept)}".encode()
        ).hexdigest()
        current[kept[0]] = (digest, best, listed)
    known = dict(UnionEntry.objects.values_list("anchor", "signature"))
    added = [a for a in current if a not in known]
    changed = [a for a in current if a in known and known[a] != current[a][0]]
    gone = [a for a, signature in known.items() if a not in current and signature]
    with transaction.atomic():
        UnionEntry.objects.bulk_create(
            [_entry(a, current[a], now) for a in added], batch_size=CHUNK, ignore_conflicts=True
        )
        UnionEntry.objects.bulk_update(
            [_entry(a, current[a], now) for a in changed],
            ["datestamp", "deleted", "best_record_id", "members", "signature"],
            batch_size=CHUNK,
        )
        for start in range(0, len(gone), CHUNK):
            UnionEntry.objects.filter(anchor__in=gone[start : start + CHUNK]).update(
                deleted=True, datestamp=now, best_record_id=None, members="", signature=""
            )
    return Refreshed(len(added), len(changed), len(gone), len(current))


def _entry(anchor: int, state: tuple[str, int, str], now: dt.datetime) -> UnionEntry:
    signature, best, members = state
    return UnionEntry(
        anchor=anchor, datestamp=now, deleted=False, best_record_id=best, members=members,
        signature=signature,
    )  # fmt: skip


def holdings(member_ids: Iterable[int]) -> dict[int, list[Field]]:
    """Record id → its 852 fields: one per library, location and call number of its copies
    (a record without copies: its library and its own call number)."""
    ids = list(member_ids)
    found: dict[int, set[tuple[str, str, str]]] = defaultdict(set)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = Item.objects.filter(record_id__in=chunk).values_list(
            "record_id", "library__code", "location", "call_number"
        )
        for pk, code, location, call_number in rows:
            found[pk].add((code, location, call_number))
        bare = Record.objects.filter(id__in=[i for i in chunk if i not in found]).values_list(
            "id", "library__code", "call_number"
        )
        for pk, code, call_number in bare:
            found[pk].add((code, "", call_number))
    return {pk: [_field(*h) for h in sorted(places)] for pk, places in found.items()}


def _field(code: str, location: str, call_number: str) -> Field:
    subfields = [["a", code]]
    if location:
        subfields.append(["b", location])
    if call_number:
        subfields.append(["j", call_number])
    return ["852", " ", " ", subfields]


def records(entries: list[UnionEntry]) -> dict[int, MarcRecord | None]:
    """Anchor → the edition's record with 852 holdings (None: deleted, or its best record is
    restricted and so shown as deleted)."""
    live = [e for e in entries if not e.deleted and e.best_record_id is not None]
    rows = Record.objects.filter(id__in=[e.best_record_id for e in live]).values_list(
        "id", "leader", "marc"
    )
    best = {pk: (leader, marc) for pk, leader, marc in rows}
    held = holdings(m for e in live for m in e.member_ids)
    shown: dict[int, MarcRecord | None] = {e.anchor: None for e in entries}
    for e in live:
        if e.best_record_id not in best:
            continue
        marc = MarcRecord.from_stored(*best[e.best_record_id])
        copy = exposure.shown(marc)
        if copy is None:
            continue
        places = {_key(f): f for m in e.member_ids for f in held.get(m, [])}
        copy.fields += [places[k] for k in sorted(places)]
        shown[e.anchor] = copy
    return shown


def _key(f: Field) -> tuple[str, ...]:
    return tuple(v for _, v in f[3])


def union_number(anchor: int) -> Field:
    """035 naming the edition in the union (what a later export's records replace)."""
    return ["035", " ", " ", [["a", f"({config.get_str('OAI_REPOSITORY_ID')}:union){anchor}"]]]


def _deletion(anchor: int) -> MarcRecord:
    """A deletion record (leader/05 'd'): the edition named only by its 035."""
    return MarcRecord("00000dam a2200000 a 4500", [union_number(anchor)])


def export(out: BinaryIO, fmt: str, since: dt.datetime | None = None) -> Exported:
    """The union catalogue for the National Library: every edition (or those changed since
    ``since``, with deletion records for the editions gone since then) in ``fmt``
    (``marcxml`` or ``iso2709``), each with its 852 holdings and a 035 union number."""
    refresh()
    rows = UnionEntry.objects.all() if since else UnionEntry.objects.filter(deleted=False)
    if since is not None:
        rows = rows.filter(datestamp__gte=since)
    counts = {"written": 0, "deleted": 0}

    def editions() -> Iterator[tuple[int, MarcRecord]]:
        last = -1
        while True:
            page = list(rows.filter(anchor__gt=last).order_by("anchor")[:CHUNK])
            if not page:
                return
            shown = records(page)
            for entry in page:
                marc = shown[entry.anchor]
                if marc is None:
                    if since is None:
                        continue  # restricted: not exported
                    counts["deleted"] += 1
                    yield entry.anchor, _deletion(entry.anchor)
                    continue
                marc.fields.insert(_after_control(marc), union_number(entry.anchor))
                counts["written"] += 1
                yield entry.anchor, marc
            last = page[-1].anchor

    result = exporting.export(editions(), out, fmt)
    return Exported(
        counts["written"] - len(result.skipped), counts["deleted"], list(result.skipped)
    )


def _after_control(marc: MarcRecord) -> int:
    """Where a 035 goes: after the control fields and the 01X-03X fields."""
    return next((i for i, f in enumerate(marc.fields) if f[0] > "035"), len(marc.fields))
