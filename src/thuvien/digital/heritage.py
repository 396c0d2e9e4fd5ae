"""Heritage holdings and how much of them is digitised.

A holding is heritage of a kind (:class:`HeritageKind`) when a flag says so: set by hand on the
staff record page, by a rule applied in bulk (published before a year, a call-number range, a
copy's location, a digital collection; previewed before it is applied), or at import from the
record's own fields (:func:`kinds_from_marc`, the mapping documented in docs/heritage.md).

The programme's targets are shares ("70 % of rare and ancient documents digitised"), so the
figure is per library and kind: the records flagged (held) and, of them, those with a
published digital object (digitised). :func:`kpis` answers it in one grouped query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.digital.models import (
    Collection,
    DigitalObject,
    HeritageFlag,
    HeritageKind,
    HeritageRule,
)
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require
from thuvien.vietnamese.text import fold

if TYPE_CHECKING:
    from thuvien.actors import Actor

SAMPLE = 20  # rows a preview shows
CHUNK = 2000


def _kind(kind: str) -> str:
    if kind not in HeritageKind.values:
        raise InvalidInput(
            _("Loại tài liệu di sản {kind} không có; dùng một trong: {kinds}.").format(
                kind=repr(kind), kinds=", ".join(HeritageKind.values)
            ),
            kind=kind,
        )
    return kind


def _require(actor: Actor, library: Library) -> None:
    if not actors.is_program(actor):
        require(actor, Action.EDIT_CATALOGUE, library)


# --- by hand ----------------------------------------------------------------------------------


def flag(actor: Actor, record: Record, kind: str, *, item: Item | None = None) -> HeritageFlag:
    """Mark ``record`` (or only its copy ``item``) as heritage of ``kind``."""
    _kind(kind)
    _require(actor, record.library)
    if item is not None and item.record_id != record.pk:
        raise InvalidInput(
            _("Bản {barcode} không thuộc biểu ghi #{record}.").format(
                barcode=item.barcode or item.pk, record=record.pk
            ),
            item=item.pk,
            record=record.pk,
        )
    with transaction.atomic():
        existing = HeritageFlag.objects.filter(record=record, kind=kind, item=item).first()
        if existing is not None:
            raise Conflict(
                _("Biểu ghi #{record} đã được đánh dấu “{kind}”.").format(
                    record=record.pk, kind=HeritageKind(kind).label
                ),
                record=record.pk,
                kind=kind,
            )
        row = HeritageFlag.objects.create(
            library_id=record.library_id, record=record, item=item, kind=kind
        )
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "heritage flag",
            row.pk,
            library_code=record.library.code,
            summary=f"#{record.pk}{f' ({item.pk})' if item else ''}: {kind}",
            after={"record": record.pk, "item": item.pk if item else None, "kind": kind},
        )
    return row


def copy_of(record: Record, barcode: str) -> Item:
    item = Item.objects.filter(record=record, barcode=barcode).first()
    if item is None:
        raise InvalidInput(
            _("Biểu ghi #{record} không có bản mang số {barcode}.").format(
                record=record.pk, barcode=barcode
            ),
            barcode=barcode,
        )
    return item


def unflag(actor: Actor, flag_id: int) -> None:
    row = HeritageFlag.objects.select_related("library").filter(pk=flag_id).first()
    if row is None:
        raise NotFound(_("Không có dấu tài liệu di sản #{id}.").format(id=flag_id), flag=flag_id)
    _require(actor, row.library)
    with transaction.atomic():
        audit(
            actor,
            AuditEntry.Action.DELETE,
            "heritage flag",
            row.pk,
            library_code=row.library.code,
            summary=f"#{row.record_id}: {row.kind}",
            before={"record": row.record_id, "item": row.item_id, "kind": row.kind},
        )
        row.delete()


def flags_of(record: Record) -> list[HeritageFlag]:
    return list(record.heritage_flags.select_related("item").order_by("kind", "item_id"))


# --- by rule ----------------------------------------------------------------------------------


def make_rule(
    actor: Actor,
    library: Library,
    *,
    kind: str,
    name: str = "",
    published_before: int | None = None,
    call_number_from: str = "",
    call_number_to: str = "",
    location: str = "",
    collection: Collection | None = None,
) -> HeritageRule:
    """A rule, not yet applied: :func:`preview` shows what it would flag."""
    _kind(kind)
    _require(actor, library)
    if not (
        published_before or call_number_from or call_number_to or location.strip() or collection
    ):
        raise InvalidInput(
            _(
                "Quy tắc cần ít nhất một điều kiện: năm xuất bản trước, khoảng ký hiệu xếp "
                "giá, vị trí kho hoặc bộ sưu tập số."
            )
        )
    if collection is not None and collection.library_id != library.pk:
        raise InvalidInput(_("Bộ sưu tập {code} thuộc thư viện khác.").format(code=collection))
    user = actors.user_of(actor)
    with transaction.atomic():
        rule = HeritageRule.objects.create(
            library=library,
            kind=kind,
            name=name.strip() or str(HeritageKind(kind).label),
            published_before=published_before,
            call_number_from=call_number_from.strip(),
            call_number_to=call_number_to.strip(),
            location=location.strip(),
            collection=collection,
            created_by_id=user.pk if user is not None else None,
        )
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "heritage rule",
            rule.pk,
            library_code=library.code,
            summary=f"{rule.name}: {kind}",
        )
    return rule


def _span(field: str, rule: HeritageRule) -> Q:
    span = Q()
    if rule.call_number_from:
        span &= Q(**{f"{field}__gte": rule.call_number_from})
    if rule.call_number_to:  # the upper bound is a prefix: "398" takes "398.2 NG"
        span &= Q(**{f"{field}__lte": rule.call_number_to + "\uffff"})
    return span


def _records(rule: HeritageRule) -> QuerySet[Record]:
    records = Record.objects.filter(library_id=rule.library_id, kind=Record.Kind.BIBLIOGRAPHIC)
    if rule.published_before:
        records = records.filter(year__lt=rule.published_before)
    if rule.call_number_from or rule.call_number_to:
        # The record's call number, or one of its copies' (copies usually carry it).
        span = _span("call_number", rule)
        copies = Item.objects.filter(_span("call_number", rule), record_id=OuterRef("pk"))
        records = records.filter((span & ~Q(call_number="")) | Exists(copies))
    if rule.collection_id:
        records = records.filter(
            Exists(
                DigitalObject.objects.filter(
                    record_id=OuterRef("pk"), collection_id=rule.collection_id
                )
            )
        )
    return records


def _matches(rule: HeritageRule) -> tuple[str, QuerySet[Any]]:
    """("record" or "item", the rows the rule would flag that have no such flag yet).

    "Not yet flagged" is a NOT IN over the library's flags of that kind, which PostgreSQL
    answers with one hashed list whatever its statistics say (a correlated NOT EXISTS was
    planned as a nested loop over fresh, unanalysed flags: 24 s for 20,000 records)."""
    flags = HeritageFlag.objects.filter(library_id=rule.library_id, kind=rule.kind)
    if rule.location:
        items = Item.objects.filter(
            library_id=rule.library_id, location=rule.location, record__in=_records(rule)
        ).exclude(pk__in=flags.filter(item__isnull=False).values("item_id"))
        return "item", items
    records = _records(rule).exclude(pk__in=flags.filter(item=None).values("record_id"))
    return "record", records


@dataclass(frozen=True)
class Preview:
    level: str  # "record" or "item"
    count: int
    sample: list[dict[str, Any]]


def preview(rule: HeritageRule) -> Preview:
    """What applying ``rule`` would add now: how many flags, and the first few."""
    level, rows = _matches(rule)
    if level == "item":
        sample = [
            {"record": r, "title": t, "item": b}
            for r, t, b in rows.order_by("pk").values_list("record_id", "record__title", "barcode")[
                :SAMPLE
            ]
        ]
    else:
        sample = [
            {"record": r, "title": t, "item": ""}
            for r, t in rows.order_by("pk").values_list("pk", "title")[:SAMPLE]
        ]
    return Preview(level, rows.count(), sample)


def apply_rule(actor: Actor, rule: HeritageRule) -> int:
    """Add the flags ``rule`` matches (those already there stay); returns how many."""
    library = rule.library
    _require(actor, library)
    level, rows = _matches(rule)
    with transaction.atomic():
        if level == "item":
            pairs = list(rows.values_list("record_id", "pk"))
        else:
            pairs = [(pk, None) for pk in rows.values_list("pk", flat=True)]
        added = _insert(library.pk, rule.kind, pairs, HeritageFlag.Source.RULE, rule.pk)
        HeritageRule.objects.filter(pk=rule.pk).update(
            applied_at=timezone.now(), applied_count=rule.applied_count + added
        )
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "heritage rule",
            rule.pk,
            library_code=library.code,
            summary=f"{rule.name}: +{added} {rule.kind}",
            after={"added": added, "level": level},
        )
    rule.refresh_from_db()
    return added


def _insert(
    library_id: int,
    kind: str,
    pairs: list[tuple[int, int | None]],
    source: str,
    rule_id: int | None = None,
) -> int:
    now = timezone.now()
    for start in range(0, len(pairs), CHUNK):
        HeritageFlag.objects.bulk_create(
            [
                HeritageFlag(
                    library_id=library_id,
                    record_id=record_id,
                    item_id=item_id,
                    kind=kind,
                    source=source,
                    rule_id=rule_id,
                    created_at=now,
                )
                for record_id, item_id in pairs[start : start + CHUNK]
            ],
            ignore_conflicts=True,
        )
    return len(pairs)


# --- at import --------------------------------------------------------------------------------

LOCAL_FIELD = "990"  # $a: the library's own heritage code, see docs/heritage.md
_LOCAL_CODES = {
    "quy hiem": HeritageKind.RARE,
    "co": HeritageKind.RARE,
    "rare": HeritageKind.RARE,
    "dia chi": HeritageKind.LOCAL,
    "local": HeritageKind.LOCAL,
    "noi sinh": HeritageKind.ENDOGENOUS,
    "endogenous": HeritageKind.ENDOGENOUS,
    "han nom": HeritageKind.HAN_NOM,
    "la buong": HeritageKind.PALM_LEAF,
    "palm-leaf": HeritageKind.PALM_LEAF,
    "dan toc": HeritageKind.ETHNIC,
    "ethnic": HeritageKind.ETHNIC,
}
# MARC language codes of Vietnam's ethnic minorities' languages (008/35-37).
ETHNIC_LANGUAGES = frozenset({"hmn", "khm", "cmc", "tai", "mkh", "map"})
MANUSCRIPT = "t"  # leader/06: manuscript language material


def kinds_from_marc(marc: MarcRecord, language: str = "") -> set[str]:
    """The heritage kinds a record's own fields state: 990 $a codes, and from the language
    (008/35-37) with leader/06: a manuscript in Khmer (palm-leaf) or in Chinese characters or
    Vietnamese (Hán Nôm), or any document in an ethnic minority's language."""
    kinds = set()
    for value in marc.values(LOCAL_FIELD, "a"):
        code = fold(value).strip().strip(".;,")
        if code in _LOCAL_CODES:
            kinds.add(str(_LOCAL_CODES[code]))
    return kinds | _kinds_of(marc.leader, language or marc.control("008")[35:38])


def _kinds_of(leader: str, language: str) -> set[str]:
    kinds = set()
    language = language.lower()
    manuscript = leader[6:7] == MANUSCRIPT
    if language in ETHNIC_LANGUAGES:
        kinds.add(HeritageKind.ETHNIC.value)
    if manuscript and language == "khm":
        kinds.add(HeritageKind.PALM_LEAF.value)
    if manuscript and language in ("chi", "vie"):
        kinds.add(HeritageKind.HAN_NOM.value)
    return kinds


def flag_imported(library: Library, record_ids: Iterable[int]) -> int:
    """Flag freshly imported records from their fields (the catalogue import calls this inside
    its batch's transaction, through ``catalogue.importing.AFTER_WRITE``). Only a record with
    a 990 field is parsed; the rest are judged by the language and leader already extracted."""
    wanted: dict[str, list[tuple[int, int | None]]] = {}
    rows = Record.objects.filter(pk__in=list(record_ids)).values_list(
        "pk", "leader", "language", "marc"
    )
    for pk, leader, language, stored in rows.iterator(chunk_size=CHUNK):
        if f'"{LOCAL_FIELD}"' in stored:
            kinds = kinds_from_marc(MarcRecord.from_stored(leader, stored), language)
        else:
            kinds = _kinds_of(leader, language)
        for kind in kinds:
            wanted.setdefault(kind, []).append((pk, None))
    return sum(
        _insert(library.pk, kind, pairs, HeritageFlag.Source.IMPORT)
        for kind, pairs in wanted.items()
    )


# --- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    library_id: int
    kind: str
    held: int
    digitised: int

    @property
    def share(self) -> float:
        return round(100 * self.digitised / self.held, 1) if self.held else 0.0

    @property
    def kind_label(self) -> str:
        return str(HeritageKind(self.kind).label)


def kpis(
    library_ids: Iterable[int] | None = None, *, until: datetime.datetime | None = None
) -> list[Kpi]:
    """Per library and kind: records flagged (on the record or one of its copies), and of
    them those with a published digital object (made before ``until``, when given)."""
    published = DigitalObject.objects.filter(
        record_id=OuterRef("record_id"), status=DigitalObject.Status.PUBLISHED
    )
    if until is not None:
        published = published.filter(created_at__lt=until)
    rows = (
        _flags(library_ids, until)
        .annotate(done=Exists(published))
        .values("library_id", "kind")
        .annotate(
            held=Count("record_id", distinct=True),
            digitised=Count("record_id", distinct=True, filter=Q(done=True)),
        )
        .order_by("library_id", "kind")
    )
    return [Kpi(r["library_id"], r["kind"], r["held"], r["digitised"]) for r in rows]


def _flags(
    library_ids: Iterable[int] | None, until: datetime.datetime | None
) -> QuerySet[HeritageFlag]:
    flags = HeritageFlag.objects.all()
    if library_ids is not None:
        flags = flags.filter(library_id__in=list(library_ids))
    if until is not None:
        flags = flags.filter(created_at__lt=until)
    return flags


def by_library(
    library_ids: Iterable[int] | None = None,
    *,
    until: datetime.datetime | None = None,
    kinds: Iterable[str] | None = None,
) -> dict[int, tuple[int, int]]:
    """Library id → (heritage records held, of them digitised), the ``kinds`` (default: all)
    together, a record of two kinds counted once: the statistical report's and the plan's
    figures."""
    flags = _flags(library_ids, until)
    if kinds is not None:
        flags = flags.filter(kind__in=list(kinds))
    published = DigitalObject.objects.filter(
        record_id=OuterRef("record_id"), status=DigitalObject.Status.PUBLISHED
    )
    if until is not None:
        published = published.filter(created_at__lt=until)
    rows = (
        flags.annotate(done=Exists(published))
        .values("library_id")
        .annotate(
            held=Count("record_id", distinct=True),
            digitised=Count("record_id", distinct=True, filter=Q(done=True)),
        )
        .order_by("library_id")
    )
    return {r["library_id"]: (r["held"], r["digitised"]) for r in rows}


# The plan's "rare and ancient documents and special collections" (70 % to be digitised).
RARE_AND_ANCIENT = (HeritageKind.RARE, HeritageKind.HAN_NOM, HeritageKind.PALM_LEAF)


def totals(rows: Iterable[Kpi]) -> dict[str, tuple[int, int]]:
    """Kind → (held, digitised), added up over the libraries."""
    out: dict[str, tuple[int, int]] = {}
    for row in rows:
        held, done = out.get(row.kind, (0, 0))
        out[row.kind] = (held + row.held, done + row.digitised)
    return out
