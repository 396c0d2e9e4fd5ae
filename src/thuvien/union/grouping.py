"""Clusters computed in memory from records' facts: blocking, union-find, then vetoes.

Records are compared only within a block (records sharing an identifier or a key), linked
pairs are joined by union-find, and each joined group is then checked as a whole: a chain
A–B–C can join A and C though a veto keeps them apart (B has no page count, A and C have
different ones), so a group is split, in breadth-first order, into subgroups with no veto
inside. Pure Python over :class:`~thuvien.union.matching.Facts`: the services read and
write the database around it.

People's decisions (:class:`Decisions`, from the review queue) come before the rules: a pair
linked by a person is joined even across a veto, a pair kept apart is never joined, not
even through a chain, and neither pair goes back to the review queue.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from thuvien.union.matching import LINKED, REVIEW, Facts, Outcome, Reason, match, score, vetoes

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


Pair = tuple[int, int]  # (smaller id, larger id)


@dataclass(frozen=True)
class Decisions:
    """The verdicts in force: pair → the decision's id (for the evidence)."""

    linked: dict[Pair, int] = field(default_factory=dict)
    apart: dict[Pair, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewPair:
    a: int
    b: int
    score: float
    outcome: Outcome


@dataclass
class Result:
    groups: list[Group] = field(default_factory=list)
    pairs: list[ReviewPair] = field(default_factory=list)  # for a person, none decided

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


def _ordered(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def group(all_facts: Iterable[Facts], decisions: Decisions | None = None) -> Result:
    decided = decisions or Decisions()
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
            pair = _ordered(a, b)
            if pair in seen:
                continue
            seen.add(pair)
            if pair in decided.apart or pair in decided.linked:
                continue
            outcome = match(by_id[a], by_id[b])
            if outcome.decision == LINKED:
                edges[a].append((b, outcome))
                edges[b].append((a, outcome))
                finder.join(a, b)
            elif outcome.decision == REVIEW:
                reviews[a].append((b, outcome))
                reviews[b].append((a, outcome))
    _join_decided(decided, by_id, edges, finder)
    components: dict[int, list[int]] = defaultdict(list)
    for record_id in edges:
        components[finder.find(record_id)].append(record_id)
    result = Result()

    def blocked(x: int, y: int) -> bool:
        pair = _ordered(x, y)
        if pair in decided.apart:
            return True
        return pair not in decided.linked and bool(vetoes(by_id[x], by_id[y]))

    for ids in components.values():
        result.groups += _split(sorted(ids), edges, by_id, blocked)
    group_of = {i: n for n, g in enumerate(result.groups) for i in g.ids}
    result.pairs = _review_pairs(reviews, group_of, by_id)
    grouped = set(group_of)
    for record_id in sorted(set(reviews) - grouped):
        first = reviews[record_id][0][1]
        evidence = {
            "with": sorted(other for other, _ in reviews[record_id]),
            **first.as_dict(),
        }
        result.groups.append(Group([Member(record_id, REVIEW, evidence)], review=True))
    return result


def _join_decided(
    decided: Decisions,
    by_id: dict[int, Facts],
    edges: dict[int, list[tuple[int, Outcome]]],
    finder: _Finder,
) -> None:
    """Join the pairs a person linked, with the decision as the evidence."""
    for (a, b), decision in sorted(decided.linked.items()):
        if a in by_id and b in by_id:
            outcome = Outcome(LINKED, (Reason("decision", "review", f"#{decision}"),))
            edges[a].append((b, outcome))
            edges[b].append((a, outcome))
            finder.join(a, b)


def _review_pairs(
    reviews: dict[int, list[tuple[int, Outcome]]],
    group_of: dict[int, int],
    by_id: dict[int, Facts],
) -> list[ReviewPair]:
    """The pairs for a person: each once, none whose records ended in one group anyway."""
    pairs = []
    for record_id in sorted(reviews):
        for other, outcome in reviews[record_id]:
            same = record_id in group_of and group_of.get(other) == group_of[record_id]
            if record_id < other and not same:
                found = score(by_id[record_id], by_id[other])
                pairs.append(ReviewPair(record_id, other, found, outcome))
    return pairs


def _split(
    ids: list[int],
    edges: dict[int, list[tuple[int, Outcome]]],
    by_id: dict[int, Facts],
    blocked: Callable[[int, int], bool],
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
            if not any(blocked(current, m) for m in members):
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
