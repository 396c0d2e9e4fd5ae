"""The union catalogue's writes: rebuild every cluster, or place a few changed records.

Clusters are computed in memory first and written in one transaction that replaces the old
rows, so a rebuild cut short leaves the previous clusters as they were. Grouping never
changes the records themselves: holdings stay with their libraries (no merge to undo).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Q

from thuvien.audit import services as audit
from thuvien.audit.models import AuditEntry
from thuvien.catalogue.models import Record
from thuvien.network import permissions
from thuvien.union import grouping, keys
from thuvien.union.matching import COLUMNS, Facts, facts
from thuvien.union.models import Cluster, Decision, Membership, ReviewPair

if TYPE_CHECKING:
    from thuvien.actors import Actor

CHUNK = 2000
# The fields whose presence makes a record the better one to show for its cluster.
_COMPLETENESS = (
    "title", "authors", "publisher", "place", "year", "edition", "isbn", "issn", "language",
    "material_type", "subjects", "call_number", "responsibility",
)  # fmt: skip


@dataclass(frozen=True)
class Counts:
    clusters: int
    records: int
    linked: int
    review: int

    def as_dict(self) -> dict[str, int]:
        return {
            "clusters": self.clusters,
            "records": self.records,
            "linked": self.linked,
            "review": self.review,
        }


def _bibliographic() -> Any:
    return Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC)


def _facts_of(queryset: Any) -> list[Facts]:
    """Facts of every record in ``queryset``, read in id order by chunks (values_list only)."""
    found: list[Facts] = []
    last = 0
    while True:
        rows = list(queryset.filter(id__gt=last).order_by("id").values_list(*COLUMNS)[:CHUNK])
        if not rows:
            return found
        found += [facts(row) for row in rows]
        last = rows[-1][0]


def _score(row: tuple[Any, ...]) -> tuple[int, int]:
    """Completeness: filled fields, plus two for a full-level record (leader/17 blank)."""
    leader, *values = row[1:]
    filled = sum(1 for v in values if v not in ("", None))
    full = 2 if leader[17:18] == " " else (1 if leader[17:18] in ("1", "4", "I") else 0)
    return filled + full, -row[0]


def _best_records(groups: list[grouping.Group]) -> dict[int, int]:
    """Record id of each group's best record, keyed by the group's first record id."""
    ids = [i for g in groups for i in g.ids]
    scores: dict[int, tuple[int, int]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = Record.objects.filter(id__in=ids[start : start + CHUNK]).values_list(
            "id", "leader", *_COMPLETENESS
        )
        scores.update((row[0], _score(row)) for row in rows)
    return {g.ids[0]: max(g.ids, key=lambda i: scores.get(i, (0, 0))) for g in groups}


def _write(groups: list[grouping.Group], kept: dict[frozenset[int], int] | None = None) -> None:
    """Clusters and memberships for ``groups`` (in the caller's transaction). ``kept``: the
    existing cluster id to reuse for a group with exactly those members."""
    kept = kept or {}
    best = _best_records(groups)
    reused = {i: kept[frozenset(g.ids)] for i, g in enumerate(groups) if frozenset(g.ids) in kept}
    updated = [
        Cluster(pk=cid, best_record_id=best[groups[i].ids[0]], work_key=groups[i].work_key)
        for i, cid in reused.items()
    ]
    Cluster.objects.bulk_update(updated, ["best_record", "work_key"], batch_size=CHUNK)
    fresh = [g for i, g in enumerate(groups) if i not in reused]
    created = iter(
        Cluster.objects.bulk_create(
            [Cluster(best_record_id=best[g.ids[0]], work_key=g.work_key) for g in fresh],
            batch_size=CHUNK,
        )
    )
    cluster_ids = [reused[i] if i in reused else next(created).pk for i in range(len(groups))]
    Membership.objects.bulk_create(
        [
            Membership(record_id=m.record_id, cluster_id=cid, rule=m.rule, evidence=m.evidence)
            for g, cid in zip(groups, cluster_ids, strict=True)
            for m in g.members
        ],
        batch_size=CHUNK,
    )


def decisions_in_force(record_ids: set[int] | None = None) -> grouping.Decisions:
    """The verdicts that grouping honours, for pairs touching ``record_ids`` (None: all).

    A "keep apart" (split) holds only while both records are as they were when it was
    made; "link" and "never link" hold until undone."""
    rows = Decision.objects.filter(status=Decision.Status.IN_FORCE)
    if record_ids is not None:
        rows = rows.filter(Q(record_a_id__in=record_ids) | Q(record_b_id__in=record_ids))
    decided = grouping.Decisions()
    columns = (
        "id", "record_a_id", "record_b_id", "verdict", "fingerprint",
        "record_a__content_hash", "record_b__content_hash",
    )  # fmt: skip
    for pk, a, b, verdict, fingerprint, hash_a, hash_b in rows.values_list(*columns):
        if verdict == Decision.Verdict.LINK:
            decided.linked[(a, b)] = pk
        elif verdict == Decision.Verdict.NEVER or fingerprint == f"{hash_a}:{hash_b}":
            decided.apart[(a, b)] = pk
    return decided


def _write_pairs(pairs: list[grouping.ReviewPair]) -> None:
    ReviewPair.objects.bulk_create(
        [
            ReviewPair(
                record_a_id=p.a, record_b_id=p.b, score=p.score, evidence=p.outcome.as_dict()
            )
            for p in pairs
        ],
        batch_size=CHUNK,
    )


def rebuild(actor: Actor) -> Counts:
    """Every cluster again from the records, replacing the old ones in one transaction."""
    permissions.check(actor, permissions.Action.EDIT_CATALOGUE)
    all_facts = _facts_of(_bibliographic())
    result = grouping.group(all_facts, decisions_in_force())
    counts = Counts(
        clusters=len(result.groups),
        records=len(all_facts),
        linked=result.linked,
        review=result.review,
    )
    with transaction.atomic():
        with connection.cursor() as cursor:  # all rows go: no need for Django's collector
            cursor.execute(f"DELETE FROM {Membership._meta.db_table}")  # noqa: S608
            cursor.execute(f"DELETE FROM {Cluster._meta.db_table}")  # noqa: S608
            cursor.execute(f"DELETE FROM {ReviewPair._meta.db_table}")  # noqa: S608
        _write(result.groups)
        _write_pairs(result.pairs)
        audit.record(
            actor,
            AuditEntry.Action.UPDATE,
            "union",
            "rebuild",
            summary=_summary(counts),
            after=counts.as_dict(),
        )
    return counts


def _summary(counts: Counts) -> str:
    return (
        f"union rebuild: {counts.clusters} clusters, {counts.records} records, "
        f"{counts.linked} linked, {counts.review} for review"
    )


def _candidates(given: list[Facts], nearby: set[int] | None = None) -> set[int]:
    """Records that share an identifier or a key with one of ``given``. ``nearby``: the
    records sharing an ISBN or ISSN with them or of the same folded title and year, when
    the caller can find them cheaply (the search index); else the ISBNs are matched in
    the table and every record of those years is read and keyed here."""
    conditions: list[Q] = []
    if nearby is None:
        conditions += [Q(isbns__contains=i) for f in given for i in f.isbns]
        conditions += [Q(issn=f.issn) for f in given if f.issn]
    # One condition per organisation, not per record: a batch of a thousand records with
    # control numbers made an OR a thousand deep, past SQLite's expression-depth limit, and
    # the applier retried that batch for ever.
    numbers: dict[str, set[str]] = defaultdict(set)
    for f in given:
        if f.control:
            number, org = f.control.split("|", 1)
            numbers[org].add(number)
    conditions += [
        Q(control_number_identifier=org, control_number__in=sorted(wanted))
        for org, wanted in numbers.items()
    ]
    ids = {f.id for f in given}
    origins = {f.copied_from for f in given if f.copied_from is not None}
    conditions.append(Q(copied_from_id__in=ids | origins) | Q(id__in=origins))
    found = set(_bibliographic().filter(reduce(or_, conditions)).values_list("id", flat=True))
    # The key: computed here from the same-year records (the key is not stored).
    wanted = {f.key for f in given if f.key}
    years = {f.year for f in given if f.key}
    if nearby is not None:
        return found | nearby
    if years:
        rows = (
            _bibliographic()
            .filter(year__in=years)
            .values_list("id", "title", "authors", "publisher", "year")
        )
        for pk, title, authors, publisher, year in rows:
            key = "|".join(
                (
                    keys.title_key(title),
                    keys.author_key(authors),
                    str(year),
                    keys.publisher_key(publisher),
                )
            )
            if key in wanted:
                found.add(pk)
    return found


def place(
    actor: Actor, record_ids: Iterable[int], *, nearby: Iterable[int] | None = None
) -> set[int]:
    """Put new or changed records in their clusters (deleted ones have already left theirs,
    by cascade). Returns the ids of the records whose cluster changed: theirs and those of
    the records that joined or left it.

    Only the clusters these records touch are recomputed, with the same rules as
    :func:`rebuild`; a record that shares only a 035 number with an existing one is found
    at the next rebuild.

    ``nearby``: records sharing an ISBN or ISSN with one of these or of the same folded
    title and year, found by the caller (the applier asks the search index); the rules then
    compare only those instead of scanning the table for ISBNs and keying every record of
    the same years, both of which grow with the catalogue."""
    permissions.check(actor, permissions.Action.EDIT_CATALOGUE)
    return place_checked(record_ids, nearby=nearby)


def place_checked(record_ids: Iterable[int], *, nearby: Iterable[int] | None = None) -> set[int]:
    """:func:`place` for a caller that has checked the actor's permission itself (a
    decision of the review queue, taken by the lead library)."""
    given = _facts_of(_bibliographic().filter(id__in=set(record_ids)))
    if not given:
        return set()
    near = set(nearby) if nearby is not None else None
    touched = _candidates(given, near) | {f.id for f in given}
    for a, b in decisions_in_force(touched).linked:  # a linked partner joins the recount
        touched |= {a, b}
    old_clusters = set(
        Membership.objects.filter(record_id__in=touched).values_list("cluster_id", flat=True)
    )
    old_rows = Membership.objects.filter(cluster_id__in=old_clusters).values_list(
        "record_id", "cluster_id"
    )
    old_cluster_of = dict(old_rows)
    touched |= set(old_cluster_of)
    members_of: dict[int, set[int]] = defaultdict(set)
    for record_id, cluster_id in old_cluster_of.items():
        members_of[cluster_id].add(record_id)
    old_members = {cluster_id: frozenset(ids) for cluster_id, ids in members_of.items()}
    before: dict[int, frozenset[int]] = {}
    for members in old_members.values():
        before.update(dict.fromkeys(members, members))
    result = grouping.group(
        _facts_of(_bibliographic().filter(id__in=touched)), decisions_in_force(touched)
    )
    after: dict[int, frozenset[int]] = {}
    for g in result.groups:
        members = frozenset(g.ids)
        after.update(dict.fromkeys(members, members))
    changed = {i for i in touched if before.get(i, frozenset({i})) != after.get(i, frozenset({i}))}
    # A cluster whose members stay the same keeps its id (links to it stay valid).
    kept = {members: cluster_id for cluster_id, members in old_members.items()}
    with transaction.atomic():
        Membership.objects.filter(record_id__in=touched).delete()
        Cluster.objects.filter(pk__in=old_clusters - set(kept.values())).delete()
        ReviewPair.objects.filter(Q(record_a_id__in=touched) | Q(record_b_id__in=touched)).delete()
        _write(result.groups, kept)
        _write_pairs(result.pairs)
    return changed
