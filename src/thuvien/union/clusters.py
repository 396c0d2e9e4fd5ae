"""Read-only views of clusters for the layers above (search, the portal, the API, staff).

A record stands in at most one cluster; the cluster's best record is the one shown for the
whole edition. A record alone (no cluster) is shown for itself. Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from thuvien.catalogue.models import Record
from thuvien.union.models import Cluster, Membership

CHUNK = 900  # ids per IN (...) list


@dataclass(frozen=True)
class Placement:
    """Where one record stands: its cluster, and the record that cluster shows."""

    cluster: int
    shown: int  # record id of the cluster's best record

    def is_shown(self, record_id: int) -> bool:
        return self.shown == record_id


@dataclass(frozen=True)
class Member:
    record_id: int
    library_id: int
    library: str  # library code
    library_name: str
    title: str
    rule: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class View:
    """One cluster as pages and the API show it."""

    id: int
    best_record: int
    work_key: str
    members: list[Member]

    @property
    def libraries(self) -> list[str]:
        return list(dict.fromkeys(m.library for m in self.members))


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _members_by_cluster(cluster_ids: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for part in _chunks(sorted(set(cluster_ids))):
        rows = Membership.objects.filter(cluster_id__in=part).order_by("record_id")
        for record_id, cluster_id in rows.values_list("record_id", "cluster_id"):
            found[cluster_id].append(record_id)
    return found


def _placements(rows: Iterable[tuple[int, int, int | None]]) -> dict[int, Placement]:
    """(record, cluster, best) rows → placements; a cluster whose best record is gone (its
    library deleted it) shows its oldest remaining member until it is placed again."""
    rows = list(rows)
    orphans = {c for _, c, best in rows if best is None}
    first = {c: min(ids) for c, ids in _members_by_cluster(orphans).items() if ids}
    return {
        record_id: Placement(cluster_id, best if best is not None else first.get(cluster_id, 0))
        for record_id, cluster_id, best in rows
    }


def placements(record_ids: Iterable[int]) -> dict[int, Placement]:
    """Record id → placement, for the records that stand in a cluster."""
    rows: list[tuple[int, int, int | None]] = []
    for part in _chunks(list(dict.fromkeys(record_ids))):
        query = Membership.objects.filter(record_id__in=part)
        rows += query.values_list("record_id", "cluster_id", "cluster__best_record_id")
    return _placements(rows)


def placements_between(low: int, high: int) -> dict[int, Placement]:
    """Placements of the records with ``low <= id < high`` (one range query: a full reindex)."""
    query = Membership.objects.filter(record_id__gte=low, record_id__lt=high)
    return _placements(query.values_list("record_id", "cluster_id", "cluster__best_record_id"))


def members(cluster_ids: Iterable[int]) -> dict[int, list[int]]:
    """Cluster id → its record ids, oldest first."""
    return dict(_members_by_cluster(cluster_ids))


def cluster_mates(record_ids: Iterable[int]) -> set[int]:
    """Every record that shares a cluster with one of ``record_ids`` (themselves included)."""
    ids = set(record_ids)
    clusters = {p.cluster for p in placements(ids).values()}
    return ids | {r for found in members(clusters).values() for r in found}


def orphaned() -> set[int]:
    """Members of clusters whose best record has been deleted: their cluster needs placing
    again (a new best record) and their index entries rebuilding."""
    rows = Membership.objects.filter(
        cluster__best_record__isnull=True, cluster__memberships__isnull=False
    )
    return set(rows.values_list("record_id", flat=True))


def of_record(record_id: int) -> int | None:
    """The id of the cluster of this record, or None when it stands alone."""
    row = Membership.objects.filter(record_id=record_id).values_list("cluster_id", flat=True)
    return row.first()


def view(cluster_id: int) -> View | None:
    """The cluster with its members (library, title, the rule that placed each, the
    evidence), as ``thuvien union explain`` tells it; None when there is no such cluster."""
    cluster = Cluster.objects.filter(pk=cluster_id).first()
    if cluster is None:
        return None
    rows = (
        Membership.objects.filter(cluster_id=cluster_id)
        .select_related("record__library")
        .order_by("record_id")
    )
    found = [
        Member(
            record_id=m.record_id,
            library_id=m.record.library_id,
            library=m.record.library.code,
            library_name=m.record.library.name_vi,
            title=m.record.title,
            rule=m.rule,
            evidence=m.evidence,
        )
        for m in rows
    ]
    if not found:
        return None
    ids = [m.record_id for m in found]
    best = cluster.best_record_id if cluster.best_record_id in ids else ids[0]
    return View(id=cluster.pk, best_record=best, work_key=cluster.work_key, members=found)


def reasons(member: Member) -> list[dict[str, str]]:
    """The evidence that placed ``member``: rule, field and value, one dict per reason."""
    return [
        {"rule": str(r.get("rule", "")), "field": str(r.get("field", "")),
         "evidence": str(r.get("evidence", ""))}
        for r in member.evidence.get("reasons", [])
    ]  # fmt: skip


@dataclass(frozen=True)
class Neighbourhood:
    """A record's cluster as a record page needs it: its id, members and work key."""

    cluster: int | None = None
    members: tuple[int, ...] = ()
    work_key: str = ""


def neighbourhood(record_id: int) -> Neighbourhood:
    """The cluster of ``record_id`` with its members (one query; empty when alone)."""
    rows = list(
        Membership.objects.filter(cluster__memberships__record_id=record_id)
        .order_by("record_id")
        .values_list("record_id", "cluster_id", "cluster__work_key")
    )
    if not rows:
        return Neighbourhood()
    return Neighbourhood(rows[0][1], tuple(r for r, _, _ in rows), rows[0][2])


def other_editions(
    record_id: int, limit: int = 20, *, near: Neighbourhood | None = None
) -> list[int]:
    """Shown records of the other clusters of the same work (same work key), oldest
    cluster first: "other editions" on a record page."""
    near = near or neighbourhood(record_id)
    cluster_id, key = near.cluster, near.work_key
    if cluster_id is None or not key:
        return []
    others = (
        Cluster.objects.filter(work_key=key, best_record__isnull=False)
        .exclude(pk=cluster_id)
        .order_by("pk")
        .values_list("best_record_id", flat=True)[:limit]
    )
    return [r for r in others if r is not None]


def records_of(record_ids: Iterable[int]) -> Any:
    """The records themselves with their library, for display."""
    return Record.objects.filter(pk__in=list(record_ids)).select_related("library")
