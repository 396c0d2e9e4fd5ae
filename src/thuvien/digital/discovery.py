"""IIIF Change Discovery 1.0: what changed among the manifests anyone may read, for aggregators.

``/iiif/discovery/activities`` is an Activity Streams 2.0 OrderedCollection; its pages
(``/iiif/discovery/activities/page/N``, oldest first, :data:`PAGE_SIZE` activities each) hold
Create, Update and Delete activities whose object is a manifest. An object is in the feed while
anyone may read it (published, open, unembargoed, its record may leave the system). The feed
is written as things change (:func:`noted`, on every save and delete of an object), so a
withdrawn, closed or deleted object appears as Delete. An embargo that ends by itself is
noted the next time the object is saved.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from thuvien.catalogue.exposure import RESTRICTED_MARKER
from thuvien.digital.models import Activity, DigitalObject
from thuvien.digital.tasks import reindex_record

CONTEXT = "http://iiif.io/api/discovery/1/context.json"
PAGE_SIZE = 100


def readable_by_anyone(obj: DigitalObject) -> bool:
    return (
        obj.status == DigitalObject.Status.PUBLISHED
        and obj.access == DigitalObject.Access.OPEN
        and (obj.embargo_until is None or obj.embargo_until <= datetime.date.today())
        and (obj.record is None or RESTRICTED_MARKER not in obj.record.marc)
    )


def _last_kind(identifier: str) -> str | None:
    return (
        Activity.objects.filter(identifier=identifier)
        .order_by("-id")
        .values_list("kind", flat=True)
        .first()
    )


def noted(obj: DigitalObject, *, deleted: bool = False) -> None:
    """Write the activity this save (or delete) means for aggregators, if any."""
    last = _last_kind(obj.identifier)
    listed = last is not None and last != Activity.Kind.DELETE
    if not deleted and readable_by_anyone(obj):
        kind = Activity.Kind.UPDATE if listed else Activity.Kind.CREATE
    elif listed:
        kind = Activity.Kind.DELETE
    else:
        return
    Activity.objects.create(identifier=obj.identifier, kind=kind)


def _on_save(sender: Any, instance: DigitalObject, raw: bool = False, **_: Any) -> None:
    if not raw:
        noted(instance)
        reindex_record(instance)  # the record's "read online" facet follows its scans


def _on_delete(sender: Any, instance: DigitalObject, **_: Any) -> None:
    noted(instance, deleted=True)
    reindex_record(instance)


def connect() -> None:
    post_save.connect(_on_save, sender=DigitalObject, dispatch_uid="digital-discovery-save")
    post_delete.connect(_on_delete, sender=DigitalObject, dispatch_uid="digital-discovery-delete")


def _stamp(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def collection(absolute: Any) -> dict[str, Any]:
    """The OrderedCollection: its totals and its first and last pages."""
    total = Activity.objects.count()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return {
        "@context": CONTEXT,
        "id": absolute(reverse("digital:discovery")),
        "type": "OrderedCollection",
        "totalItems": total,
        "first": {"id": _page_url(absolute, 0), "type": "OrderedCollectionPage"},
        "last": {"id": _page_url(absolute, pages - 1), "type": "OrderedCollectionPage"},
    }


def _page_url(absolute: Any, number: int) -> str:
    return str(absolute(reverse("digital:discovery_page", args=[number])))


def page(absolute: Any, number: int) -> dict[str, Any] | None:
    """Page ``number`` (from 0, oldest first), or None past the end."""
    total = Activity.objects.count()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if number >= pages:
        return None
    rows = Activity.objects.order_by("id")[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _page_url(absolute, number),
        "type": "OrderedCollectionPage",
        "startIndex": number * PAGE_SIZE,
        "partOf": {"id": absolute(reverse("digital:discovery")), "type": "OrderedCollection"},
        "orderedItems": [
            {
                "id": absolute(reverse("digital:discovery")) + f"#{row.pk}",
                "type": row.kind,
                "object": {
                    "id": absolute(reverse("digital:manifest", args=[row.identifier])),
                    "type": "Manifest",
                },
                "endTime": _stamp(row.at),
            }
            for row in rows
        ],
    }
    if number > 0:
        data["prev"] = {"id": _page_url(absolute, number - 1), "type": "OrderedCollectionPage"}
    if number + 1 < pages:
        data["next"] = {"id": _page_url(absolute, number + 1), "type": "OrderedCollectionPage"}
    return data
