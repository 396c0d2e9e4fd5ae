"""Clusters computed in memory from records' facts: blocking, union-find, then vetoes.

Records are compared only within a block (records sharing an identifier or a key), linked
pairs are joined by union-find, and each joined group is then checked as a whole: a chain
A–B–C can join A and C though a veto keeps them apart (B has no page count, A and C have
different ones), so a group is split, in breadth-first order, into subgroups with no veto
inside. Pure Python over :class:`~thuvien.union.matching.Facts`: the services read and
write the database around it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from thuvien.union.matching import LINKED, REVIEW, Facts, Outcome, match, vetoes

# Blocks larger than this (a serial's ISSN, a set's ISBN) compare each record with the first
# record of each subgroup found so far instead of with every other record.
PAIRWISE_UP_TO = 60
# Vetoes are checked against at most this many members of a subgroup.
VETO_CHECK_UP_TO = 300


@dataclass
class Member:
    record_id: int
    rule: str
    evidence: dict[str, Any]


@dataclass
class Group:
    members: list[Member]
    work_key: str = ""
    review: bool = False

    @property
    def ids(self) -> list[int]:
        return [m.record_id for m in self.members]


@dataclass
class Result:
    groups: list[Group] = field(default_factory=list)

    @property
    def linked(self) -> int:
        return sum(len(g.members) for g in self.groups if not g.review)

    @property
    def review(self) -> int:
        return sum(1 for g in self.groups if g.review)


class _Finder:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _pairs(ids: list[int], by_id: dict[int, Facts]) -> Iterable[tuple[int, int]]:
    if len(ids) <= PAIRWISE_UP_TO:
        yield from combinations(ids, 2)
        return
    leaders: list[int] = []
    for record_id in ids:
        joined = False
        for leader in leaders:
            yield leader, record_id
            if match(by_id[leader], by_id[record_id]).decision == LINKED:
                joined = True
                break
        if not joined:
            leaders.append(record_id)


def group(all_facts: Iterable[Facts]) -> Result:
    by_id = {f.id: f for f in all_facts}
    blocks: dict[str, list[int]] = defaultdict(list)
    for f in by_id.values():
        for block in f.blocks:
            blocks[block].append(f.id)
    edges: dict[int, list[tuple[int, Outcome]]] = defaultdict(list)
    reviews: dict[int, list[tuple[int, Outcome]]] = defaultdict(list)
    finder = _Finder()
    seen: set[tuple[int, int]] = set()
    for ids in blocks.values():
        if len(ids) < 2:
            continue
        for a, b in _pairs(sorted(ids), by_id):
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            outcome = match(by_id[a], by_id[b])
            if outcome.decision == LINKED:
                edges[a].append((b, outcome))
                edges[b].append((a, outcome))
                finder.join(a, b)
            elif outcome.decision == REVIEW:
                reviews[a].append((b, outcome))
                reviews[b].append((a, outcome))
    components: dict[int, list[int]] = defaultdict(list)
    for record_id in edges:
        components[finder.find(record_id)].append(record_id)
    result = Result()
    for ids in components.values():
        result.groups += _split(sorted(ids), edges, by_id)
    grouped = {i for g in result.groups for i in g.ids}
    for record_id in sorted(set(reviews) - grouped):
        first = reviews[record_id][0][1]
        evidence = {
            "with": sorted(other for other, _ in reviews[record_id]),
            **first.as_dict(),
        }
        result.groups.append(Group([Member(record_id, REVIEW, evidence)], review=True))
    return result


def _split(
    ids: list[int], edges: dict[int, list[tuple[int, Outcome]]], by_id: dict[int, Facts]
) -> list[Group]:
    """Subgroups of one connected group with no veto between members (breadth-first from
    the oldest record, so each record joins through a link it really has)."""
    subgroup_of: dict[int, int] = {}
    subgroups: list[list[int]] = []
    queue = deque([ids[0]])
    queued = {ids[0]}
    while queue or len(queued) < len(ids):
        if not queue:  # a record cut off by an earlier split starts again
            start = next(i for i in ids if i not in queued)
            queue.append(start)
            queued.add(start)
        current = queue.popleft()
        placed = False
        for other, _ in edges[current]:
            index = subgroup_of.get(other)
            if index is None:
                continue
            members = subgroups[index][:VETO_CHECK_UP_TO]
            if not any(vetoes(by_id[current], by_id[m]) for m in members):
                subgroups[index].append(current)
                subgroup_of[current] = index
                placed = True
                break
        if not placed:
            subgroup_of[current] = len(subgroups)
            subgroups.append([current])
        for other, _ in edges[current]:
            if other not in queued:
                queued.add(other)
                queue.append(other)
    groups = []
    for members in subgroups:
        if len(members) < 2:
            continue
        inside = set(members)
        placed_members = []
        for record_id in sorted(members):
            other, outcome = next((o, x) for o, x in edges[record_id] if o in inside)
            evidence = {"with": other, **outcome.as_dict()}
            placed_members.append(Member(record_id, outcome.rule, evidence))
        work_key = by_id[min(members)].work_key
        groups.append(Group(placed_members, work_key=work_key))
    return groups
