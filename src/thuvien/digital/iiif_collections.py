"""IIIF Presentation 3.0 Collections: ``/iiif/collections`` (every collection with something to
show) and ``/iiif/collections/{code}`` (its manifests), so a IIIF viewer or aggregator can walk
a library's digital collections. Listed objects only (:func:`collections.listed`); a thumbnail
only for objects anyone may read, so no image of closed material is advertised."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.urls import reverse

from thuvien.digital.collections import listed, public_collections
from thuvien.digital.models import Collection, DigitalObject
from thuvien.digital.presentation import CONTEXT

Absolute = Callable[[str], str]
SAFE = "-._~!$&'()*+,;=:@"  # what reverse() leaves of an identifier in a path


def _label(vi: str, en: str = "") -> dict[str, list[str]]:
    return {"vi": [vi], "en": [en or vi]}


def top(absolute: Absolute) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": absolute(reverse("digital:iiif_collections")),
        "type": "Collection",
        "label": _label("Bộ sưu tập số", "Digital collections"),
        "items": [
            {
                "id": absolute(reverse("digital:iiif_collection", args=[c.code])),
                "type": "Collection",
                "label": _label(c.name_vi, c.name_en),
            }
            for c in public_collections()
        ],
    }


def collection(absolute: Absolute, collection: Collection) -> dict[str, Any]:
    rows = (
        listed(collection.digital_objects.all())
        .order_by("title", "pk")
        .values_list("identifier", "title", "access")
    )
    # The addresses' beginnings once: 10,000 reverse() calls were most of the time.
    manifests = absolute(reverse("digital:manifest", args=["x"]))[:-1]
    images = absolute(reverse("digital:image", args=["x"]))[:-1]
    items = []
    for identifier, title, level in rows.iterator(chunk_size=2000):
        item: dict[str, Any] = {
            "id": manifests + quote(identifier, safe=SAFE),
            "type": "Manifest",
            "label": {"none": [title]},
        }
        if level == DigitalObject.Access.OPEN:
            image = images + quote(identifier, safe=SAFE)
            item["thumbnail"] = [
                {
                    "id": f"{image}/full/!200,200/0/default.jpg",
                    "type": "Image",
                    "format": "image/jpeg",
                }
            ]
        items.append(item)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": absolute(reverse("digital:iiif_collection", args=[collection.code])),
        "type": "Collection",
        "label": _label(collection.name_vi, collection.name_en),
        "summary": _label(str(Collection.Kind(collection.kind).label)),
        "homepage": [
            {
                "id": absolute(reverse("opac:collection", args=[collection.code])),
                "type": "Text",
                "label": _label(collection.name_vi, collection.name_en),
                "format": "text/html",
            }
        ],
        "partOf": [{"id": absolute(reverse("digital:iiif_collections")), "type": "Collection"}],
        "items": items,
    }
    return data
