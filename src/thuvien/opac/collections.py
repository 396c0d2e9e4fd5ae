"""Digital collections on the portal: the list of collections, a page per collection with
thumbnails, filters (period, place, language, access level) and paging, and a page for a
digital object that has no catalogue record.

What is listed is :func:`thuvien.digital.collections.listed` (published, not staff-only, and
never the scans of a record the exposure rule keeps in); a thumbnail is a IIIF image URL shown
only where this visitor may read the object (:func:`thuvien.digital.access.visible`), so no
picture of material the reader may not open leaves the system.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from thuvien.catalogue.exposure import is_public
from thuvien.digital import access
from thuvien.digital.collections import PERIODS, Filters, choices, listed, public_collections
from thuvien.digital.models import Collection, DigitalObject
from thuvien.digital.presentation import metadata
from thuvien.http import vietnamese_first

PER_PAGE = 24
MENU_SECONDS = 60
THUMBNAIL = "full/!240,240/0/default.jpg"


def thumbnail(identifier: str) -> str:
    return reverse("digital:image", args=[f"{identifier}/{THUMBNAIL}"])


@require_safe
@vietnamese_first
def collection_list(request: HttpRequest) -> HttpResponse:
    return render(request, "opac/collections.html", {"collections": public_collections()})


@require_safe
@vietnamese_first
def collection_page(request: HttpRequest, code: str) -> HttpResponse:
    collection = get_object_or_404(Collection.objects.select_related("library"), code=code)
    everything = listed(collection.digital_objects.all())
    filters = Filters.of(request.GET)
    objects = filters.apply(everything).order_by("title", "pk")
    page = Paginator(
        objects.only(
            # collection_id too: the related manager sets each row's collection from it
            "identifier",
            "title",
            "year",
            "place",
            "access",
            "record_id",
            "collection_id",
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    shown = [o.pk for o in page.object_list]
    readable = set(access.visible(request).filter(pk__in=shown).values_list("pk", flat=True))
    cards = [
        {
            "object": obj,
            "url": reverse("opac:record", args=[obj.record_id])
            if obj.record_id
            else reverse("opac:digital_object", args=[obj.identifier]),
            "thumbnail": thumbnail(obj.identifier) if obj.pk in readable else "",
            "access": DigitalObject.Access(obj.access).label,
        }
        for obj in page.object_list
    ]
    kept = {k: v for k, v in vars(filters).items() if v}
    # The menus count the whole collection (the slowest query of the page): kept a minute.
    menus: dict[str, list[tuple[str, int]]] = cache.get_or_set(
        f"digital-collection-menus:{collection.pk}", lambda: choices(everything), MENU_SECONDS
    ) or choices(everything)
    return render(
        request,
        "opac/collection.html",
        {
            "collection": collection,
            "page": page,
            "cards": cards,
            "filters": filters,
            "periods": [(value, label) for value, _a, _b, label in PERIODS],
            "places": menus["place"],
            "languages": menus["language"],
            "levels": [
                (value, DigitalObject.Access(value).label, n) for value, n in menus["access"]
            ],
            "query": urlencode(kept),
            "iiif": reverse("digital:iiif_collection", args=[collection.code]),
        },
    )


@require_safe
@vietnamese_first
def digital_object(request: HttpRequest, identifier: str) -> HttpResponse:
    """A digital object's own page; one with a catalogue record lives on the record's page."""
    obj = (
        listed(DigitalObject.objects.select_related("library", "record", "collection"))
        .filter(identifier=identifier)
        .first()
    )
    if obj is None:
        raise Http404(identifier)
    if obj.record is not None:
        if not is_public(obj.record):
            raise Http404(identifier)
        return redirect("opac:record", pk=obj.record.pk)
    facts = [
        (entry["label"]["vi"][0], ", ".join(next(iter(entry["value"].values()))))
        for entry in metadata(obj)
    ]
    return render(request, "opac/digital_object.html", {"object": obj, "facts": facts})
