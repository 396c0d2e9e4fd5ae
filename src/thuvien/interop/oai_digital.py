"""Digital objects in OAI-PMH: Dublin Core of the digitised works (scans, manuscripts, theses).

An object appears once it is published, out of its embargo and not restricted, as
``oai:<repository>:digital:<identifier>`` in ``oai_dc`` only (its catalogue record, when it
has one, is harvested as a record too), in the sets ``digital``, ``library:<code>`` and
``collection:<code>``. A withdrawn or restricted object is shown as deleted; drafts and
theses under review do not appear.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thuvien.digital.models import DUBLIN_CORE, DigitalObject

PREFIX = "digital:"
_SAFE = "-_.!~*'();/?:@&=+$,"


@dataclass(frozen=True)
class DigitalEntry:
    id: int
    identifier: str
    datestamp: dt.datetime
    library: str
    collection: str
    dc: list[tuple[str, str]] | None  # None: deleted (withdrawn or restricted)


def local_identifier(identifier: str) -> str:
    return PREFIX + urllib.parse.quote(identifier, safe=_SAFE)


def from_local(local: str) -> str | None:
    if not local.startswith(PREFIX):
        return None
    return urllib.parse.unquote(local[len(PREFIX) :])


def _listed() -> QuerySet[DigitalObject]:
    today = dt.date.today()
    published = Q(status=DigitalObject.Status.PUBLISHED) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=today)
    )
    return DigitalObject.objects.filter(published | Q(status=DigitalObject.Status.WITHDRAWN))


def _entry(obj: DigitalObject) -> DigitalEntry:
    hidden = (
        obj.status == DigitalObject.Status.WITHDRAWN
        or obj.access == DigitalObject.Access.RESTRICTED
    )
    return DigitalEntry(
        obj.pk, obj.identifier, obj.updated_at, obj.library.code,
        obj.collection.code if obj.collection else "", None if hidden else _dc(obj),
    )  # fmt: skip


def _dc(obj: DigitalObject) -> list[tuple[str, str]]:
    data = obj.dublin_core if isinstance(obj.dublin_core, dict) else {}
    found: list[tuple[str, str]] = []
    for element in DUBLIN_CORE:
        values = data.get(element) or []
        if isinstance(values, str):
            values = [values]
        found += [(element, str(v)) for v in values if str(v).strip()]
    if not any(e == "title" for e, _ in found):
        found.insert(0, ("title", obj.title))
    if not any(e == "type" for e, _ in found):
        found.append(("type", "Image"))
    return found


def stream(
    set_spec: str,
    low: dt.datetime | None,
    high: dt.datetime | None,
    after: tuple[dt.datetime, int, int] | None,
    size: int,
) -> list[DigitalEntry]:
    """Up to ``size + 1`` objects after the key (datestamp, kind, id); kind 1 is ours."""
    head, _, value = set_spec.partition(":")
    queryset = _listed().select_related("library", "collection")
    if head == "library" and value:
        queryset = queryset.filter(library__code=value)
    elif head == "collection":
        queryset = queryset.filter(collection__code=value) if value else queryset.exclude(
            collection=None
        )  # fmt: skip
    elif head not in ("", "digital", "library"):
        return []
    if low is not None:
        queryset = queryset.filter(updated_at__gte=low)
    if high is not None:
        queryset = queryset.filter(updated_at__lt=high)
    if after is not None:
        when, kind, pk = after
        if kind < 1:
            queryset = queryset.filter(updated_at__gte=when)
        else:
            queryset = queryset.filter(updated_at__gte=when).filter(
                Q(updated_at__gt=when) | Q(id__gt=pk)
            )
    return [_entry(o) for o in queryset.order_by("updated_at", "id")[: size + 1]]


def one(local: str) -> DigitalEntry | None:
    identifier = from_local(local)
    if identifier is None:
        return None
    obj = _listed().select_related("library", "collection").filter(identifier=identifier).first()
    return _entry(obj) if obj is not None else None


def earliest() -> dt.datetime | None:
    first = _listed().order_by("updated_at").values_list("updated_at", flat=True).first()
    return first


def collections() -> list[tuple[str, str]]:
    """(code, name) of collections with listed objects."""
    return sorted(
        _listed()
        .exclude(collection=None)
        .values_list("collection__code", "collection__name_vi")
        .distinct()
    )
