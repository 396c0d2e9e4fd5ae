"""Whether two records describe the same edition, and why: explainable matching.

Identifiers come first (a shared ISBN-13, ISSN, 035 system number, 001+003, or one record
copied from the other); without one, a key of the normalised title, main author, year and
publisher. Vetoes keep two records apart even when they share an identifier, because
publishers reuse ISBNs across re-editions and for every volume of a set: a different
edition statement, volume or part, material type, language, or page count (more than 10%
apart). Material published before 1945 is rare or ancient and is never linked
automatically: a match becomes "review", for a person to decide (as OCLC does).

Every outcome carries its reasons, (rule, field, evidence), so a librarian can see why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from thuvien.union import keys

LINKED = "linked"
APART = "apart"
REVIEW = "review"
RARE_BEFORE = 1945
PAGES_TOLERANCE = 0.10

# The Record columns matching reads, in this order (values_list in the services).
COLUMNS = (
    "id", "title", "authors", "publisher", "year", "edition", "isbns", "issn", "language",
    "material_type", "marc", "control_number", "control_number_identifier", "copied_from_id",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str  # isbn, issn, 035, 001+003, copied_from, key; veto: edition, volume, …; rare
    field: str  # where the evidence was read: "020", "245$a", "250", "300$a" …
    evidence: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "field": self.field, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Outcome:
    decision: str  # LINKED, APART or REVIEW
    reasons: tuple[Reason, ...]

    @property
    def rule(self) -> str:
        """The rule that decided: the first reason's."""
        return self.reasons[0].rule if self.reasons else ""

    def as_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "reasons": [r.as_dict() for r in self.reasons]}


@dataclass(frozen=True, slots=True)
class Facts:
    """What matching knows of one record, computed once per record."""

    id: int
    isbns: frozenset[str] = frozenset()
    issn: str = ""
    system_numbers: frozenset[str] = frozenset()  # 035$a
    control: str = ""  # 001+003, "" when either is missing
    copied_from: int | None = None
    title: str = ""  # the folded title key
    author: str = ""
    year: int | None = None
    publisher: str = ""
    edition: str = "1"
    volume: str = ""
    material_type: str = ""
    language: str = ""
    pages: int | None = None
    blocks: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        """Title, author, year and publisher; '' when too little is known to link on it."""
        if not self.title or self.year is None or not (self.author or self.publisher):
            return ""
        return f"{self.title}|{self.author}|{self.year}|{self.publisher}"

    @property
    def work_key(self) -> str:
        """Title and author only: shared by the editions of one work."""
        return f"{self.title}|{self.author}"[:120] if self.title else ""

    @property
    def rare(self) -> bool:
        return self.year is not None and self.year < RARE_BEFORE


def _subfields(fields: list[Any], tag: str, codes: str) -> list[str]:
    return [str(v) for f in fields if f[0] == tag and len(f) == 4 for c, v in f[3] if c in codes]


def facts(row: tuple[Any, ...]) -> Facts:
    """Facts of one record from a values_list row of :data:`COLUMNS`."""
    (pk, title, authors, publisher, year, edition, isbns, issn, language, material_type,
     marc, control, control_org, copied_from) = row  # fmt: skip
    fields = json.loads(marc) if marc else []
    system_numbers = frozenset(
        "".join(v.split()).lower() for v in _subfields(fields, "035", "a") if v.strip()
    )
    volume = keys.volume_number(
        title, *_subfields(fields, "245", "np"), *_subfields(fields, "490", "v")
    )
    made = Facts(
        id=pk,
        isbns=frozenset(isbns.split()),
        issn=issn,
        system_numbers=system_numbers,
        control=f"{control}|{control_org}" if control and control_org else "",
        copied_from=copied_from,
        title=keys.title_key(title),
        author=keys.author_key(authors),
        year=year,
        publisher=keys.publisher_key(publisher),
        edition=keys.edition_key(edition),
        volume=volume,
        material_type=material_type,
        language=language,
        pages=keys.pages(" ".join(_subfields(fields, "300", "a"))),
    )
    return _with_blocks(made)


def _with_blocks(f: Facts) -> Facts:
    """The values a record shares with its candidates: each identifier and its key."""
    blocks = [f"isbn:{i}" for i in sorted(f.isbns)]
    if f.issn:
        blocks.append(f"issn:{f.issn}")
    blocks += [f"035:{n}" for n in sorted(f.system_numbers)]
    if f.control:
        blocks.append(f"001:{f.control}")
    blocks.append(f"copy:{f.copied_from if f.copied_from is not None else f.id}")
    if f.key:
        blocks.append(f"key:{f.key}")
    object.__setattr__(f, "blocks", tuple(blocks))
    return f


def identifiers(a: Facts, b: Facts) -> list[Reason]:
    """The identifiers the two records share."""
    found = [Reason("isbn", "020", i) for i in sorted(a.isbns & b.isbns)]
    if a.issn and a.issn == b.issn:
        found.append(Reason("issn", "022", a.issn))
    found += [Reason("035", "035$a", n) for n in sorted(a.system_numbers & b.system_numbers)]
    if a.control and a.control == b.control:
        found.append(Reason("001+003", "001+003", a.control.replace("|", " ")))
    if (
        a.copied_from == b.id
        or b.copied_from == a.id
        or (a.copied_from is not None and a.copied_from == b.copied_from)
    ):
        found.append(Reason("copied_from", "copied_from", f"{a.copied_from or b.copied_from}"))
    return found


def vetoes(a: Facts, b: Facts) -> list[Reason]:
    """What keeps two records apart whatever they share."""
    found = []
    if a.edition != b.edition:
        found.append(Reason("edition", "250", f"{a.edition} ≠ {b.edition}"))
    if a.volume != b.volume:
        shown = f"{a.volume or '-'} ≠ {b.volume or '-'}"
        found.append(Reason("volume", "245$n$p/490$v", shown))
    if a.material_type and b.material_type and a.material_type != b.material_type:
        found.append(Reason("material", "leader/06", f"{a.material_type} ≠ {b.material_type}"))
    if a.language and b.language and a.language != b.language:
        found.append(Reason("language", "008/35", f"{a.language} ≠ {b.language}"))
    if a.pages and b.pages and abs(a.pages - b.pages) > PAGES_TOLERANCE * max(a.pages, b.pages):
        found.append(Reason("pages", "300$a", f"{a.pages} ≠ {b.pages}"))
    return found


def match(a: Facts, b: Facts) -> Outcome:
    """Linked, apart or review, with the reasons."""
    found = identifiers(a, b)
    if not found:
        if a.isbns and b.isbns:
            isbns = f"{min(a.isbns)} ≠ {min(b.isbns)}"
            return Outcome(APART, (Reason("isbn differs", "020", isbns),))
        if not a.key or a.key != b.key:
            return Outcome(APART, (Reason("key differs", "245/100/260", f"{a.key} ≠ {b.key}"),))
        found = [Reason("key", "245/100/260", a.key)]
    against = vetoes(a, b)
    if against:
        return Outcome(APART, tuple(against + found))
    if a.rare or b.rare:
        year = min(y for y in (a.year, b.year) if y is not None)
        return Outcome(REVIEW, (Reason("rare", "008/07-10", f"{year} < {RARE_BEFORE}"), *found))
    return Outcome(LINKED, tuple(found))


def score(a: Facts, b: Facts) -> float:
    """The share of the facts known on both sides that agree (0 to 1), for the review
    queue's order: a hint for the person who decides, never a decision itself."""
    compared = [
        (a.title, b.title),
        (a.author, b.author),
        (a.year, b.year),
        (a.publisher, b.publisher),
        (a.edition, b.edition),
        (a.volume, b.volume),
        (a.material_type, b.material_type),
        (a.language, b.language),
    ]
    known = [(x, y) for x, y in compared if x not in ("", None) and y not in ("", None)]
    agree = sum(1 for x, y in known if x == y)
    if a.isbns and b.isbns:
        known.append(("isbn", "isbn"))
        agree += 1 if a.isbns & b.isbns else 0
    if a.pages and b.pages:
        known.append(("pages", "pages"))
        near = abs(a.pages - b.pages) <= PAGES_TOLERANCE * max(a.pages, b.pages)
        agree += 1 if near else 0
    return round(agree / len(known), 3) if known else 0.0
