"""Collections for readers: staff curate them, readers browse and filter them.

An object's period, place and language are copied at ingest from its catalogue record (year,
place of publication, language) or, for an object without one, its Dublin Core ``date``,
``coverage`` and ``language``; they are columns so a collection of 10,000 objects filters and
pages in the database. The public listing shows published objects that are not restricted
(staff only) and whose record may leave the system (the one exposure rule); a thumbnail is
shown only where this visitor may read the object.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue.exposure import RESTRICTED_MARKER
from thuvien.digital.errors import UnknownObject
from thuvien.digital.models import Collection, DigitalObject
from thuvien.errors import InvalidInput
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor

_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
# Periods a reader chooses from, as (value, first year, last year, label).
PERIODS = [
    ("truoc-1858", None, 1857, "Trước 1858"),
    ("1858-1945", 1858, 1945, "1858–1945"),
    ("1945-1975", 1946, 1975, "1946–1975"),
    ("1976-1999", 1976, 1999, "1976–1999"),
    ("tu-2000", 2000, None, "Từ 2000"),
]


def facet_values(
    record: Any | None, dublin_core: dict[str, list[str]]
) -> tuple[int | None, str, str]:
    """(year, place, language) of an object, from its record else its Dublin Core."""
    if record is not None and (record.year or record.place or record.language):
        return record.year, (record.place or "")[:120], (record.language or "")[:3]
    dates = " ".join(str(v) for v in dublin_core.get("date", []))
    found = _YEAR.search(dates)
    place = next((str(v) for v in dublin_core.get("coverage", []) if str(v).strip()), "")
    language = next((str(v) for v in dublin_core.get("language", []) if str(v).strip()), "")
    return (int(found.group(1)) if found else None), place.strip()[:120], language.strip()[:3]


def listed(objects: QuerySet[DigitalObject]) -> QuerySet[DigitalObject]:
    """What the public may see listed: published, unembargoed, not restricted, and not the
    scans of a record that may not leave the system."""
    today = datetime.date.today()
    return (
        objects.filter(status=DigitalObject.Status.PUBLISHED)
        .filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=today))
        .exclude(access=DigitalObject.Access.RESTRICTED)
        .exclude(record__marc__contains=RESTRICTED_MARKER)
    )


def public_collections() -> list[Collection]:
    """Collections with at least one listed object, with their counts."""
    counts = dict(
        listed(DigitalObject.objects.filter(collection__isnull=False))
        .values("collection_id")
        .annotate(n=Count("id"))
        .values_list("collection_id", "n")
    )
    rows = list(
        Collection.objects.filter(pk__in=counts).select_related("library").order_by("name_vi")
    )
    for row in rows:
        row.listed_count = counts[row.pk]  # type: ignore[attr-defined]
    return rows


@dataclass
class Filters:
    period: str = ""
    place: str = ""
    language: str = ""
    access: str = ""

    @classmethod
    def of(cls, query: Any) -> Filters:
        return cls(
            period=query.get("period", "")[:20],
            place=query.get("place", "")[:120],
            language=query.get("language", "")[:3],
            access=query.get("access", "")[:12],
        )

    def apply(self, objects: QuerySet[DigitalObject]) -> QuerySet[DigitalObject]:
        period = next((p for p in PERIODS if p[0] == self.period), None)
        if period is not None:
            _, first, last, _label = period
            if first is not None:
                objects = objects.filter(year__gte=first)
            if last is not None:
                objects = objects.filter(year__lte=last)
        if self.place:
            objects = objects.filter(place=self.place)
        if self.language:
            objects = objects.filter(language=self.language)
        if self.access in DigitalObject.Access.values:
            objects = objects.filter(access=self.access)
        return objects


def choices(objects: QuerySet[DigitalObject]) -> dict[str, list[tuple[str, int]]]:
    """The places, languages and access levels present, with counts, for the filter menus
    (top 50 each): one grouped query over the three columns, summed here (a collection has
    a few hundred combinations at most, where three queries each read every row)."""
    counts: dict[str, dict[str, int]] = {"place": {}, "language": {}, "access": {}}
    rows = objects.values_list("place", "language", "access").annotate(n=Count("id")).order_by()
    for *values, n in rows:
        for name, value in zip(counts, values, strict=True):
            if value:
                counts[name][value] = counts[name].get(value, 0) + n
    return {
        name: sorted(found.items(), key=lambda item: (-item[1], item[0]))[:50]
        for name, found in counts.items()
    }


# --- staff: curate ----------------------------------------------------------------------------


def edit_collection(
    actor: Actor,
    collection: Collection,
    *,
    name_vi: str,
    name_en: str = "",
    kind: str = Collection.Kind.OTHER,
    description: str = "",
) -> Collection:
    check(actor, Action.EDIT_CATALOGUE, collection.library)
    if not name_vi.strip():
        raise InvalidInput(_("Bộ sưu tập cần có tên tiếng Việt."), code=collection.code)
    if kind not in Collection.Kind.values:
        raise InvalidInput(
            _("Loại bộ sưu tập {kind} không có (local, rare, manuscript, thesis, other).").format(
                kind=kind
            ),
            kind=kind,
        )
    with transaction.atomic():
        collection.name_vi, collection.name_en = name_vi.strip(), name_en.strip()
        collection.kind, collection.description = kind, description.strip()
        collection.save()
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "collection",
            collection.code,
            library_code=collection.library.code,
            summary=f"{collection.code}: {collection.name_vi}",
        )
    return collection


def add_objects(actor: Actor, collection: Collection, identifiers: list[str]) -> int:
    """File the library's objects in the collection (an object is in one collection)."""
    check(actor, Action.EDIT_CATALOGUE, collection.library)
    wanted = [i.strip() for i in identifiers if i.strip()]
    with transaction.atomic():
        found = list(
            DigitalObject.objects.filter(identifier__in=wanted, library=collection.library)
        )
        missing = sorted(set(wanted) - {o.identifier for o in found})
        if missing:
            raise UnknownObject(
                _("Thư viện {library} không có đối tượng số {identifiers}.").format(
                    library=collection.library.code, identifiers=", ".join(missing[:10])
                ),
                identifiers=",".join(missing[:10]),
            )
        for obj in found:  # one save each: the change discovery feed hears of every one
            obj.collection = collection
            obj.save(update_fields=["collection", "updated_at"])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "collection",
            collection.code,
            library_code=collection.library.code,
            summary=f"{collection.code}: + {', '.join(o.identifier for o in found)}"[:500],
        )
    return len(found)


def remove_object(actor: Actor, collection: Collection, identifier: str) -> None:
    check(actor, Action.EDIT_CATALOGUE, collection.library)
    obj = collection.digital_objects.filter(identifier=identifier).first()
    if obj is None:
        raise UnknownObject(
            _("Bộ sưu tập {code} không có đối tượng số {identifier}.").format(
                code=collection.code, identifier=identifier
            ),
            identifier=identifier,
        )
    with transaction.atomic():
        obj.collection = None
        obj.save(update_fields=["collection", "updated_at"])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "collection",
            collection.code,
            library_code=collection.library.code,
            summary=f"{collection.code}: − {identifier}",
        )
