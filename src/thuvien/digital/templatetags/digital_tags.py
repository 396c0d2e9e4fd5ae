"""``{% digital_viewer record %}``: the deep-zoom viewer of a record's scans on its portal page.

One query (the record's published objects); what each reader may open is decided by
:func:`thuvien.digital.access.check`, the same as every IIIF path.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import template
from django.urls import reverse

from thuvien.catalogue.models import Record
from thuvien.digital import access
from thuvien.digital.errors import AccessDenied, SignInRequired, UnknownObject
from thuvien.digital.models import DigitalObject

register = template.Library()


@register.inclusion_tag("digital/_viewer.html", takes_context=True)
def digital_viewer(context: dict[str, Any], record: Record) -> dict[str, Any]:
    objects = (
        DigitalObject.objects.filter(record_id=record.pk)
        .select_related("library")
        .prefetch_related("pages")
        .order_by("identifier")
    )
    return {"objects": _entries(context["request"], objects)}


@register.inclusion_tag("digital/_viewer.html", takes_context=True)
def digital_object_viewer(context: dict[str, Any], obj: DigitalObject) -> dict[str, Any]:
    """The viewer of one object, on the page of an object without a catalogue record."""
    return {"objects": _entries(context["request"], [obj])}


def _entries(request: Any, objects: Any) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = []
    for obj in objects:
        try:
            grant = access.check(request, obj, "")
        except UnknownObject:
            continue
        except (AccessDenied, SignInRequired) as exc:
            entry: dict[str, Any] = {"object": obj, "refused": exc.message}
            if obj.access == DigitalObject.Access.REQUEST and access.is_signed_in(request):
                entry["ask"] = reverse("digital:ask", args=[obj.identifier])
                entry["asked"] = access.has_pending_request(request, obj)
            elif obj.access == DigitalObject.Access.REQUEST:
                # Readers sign in with their card on the portal, never on the staff login.
                back = quote(f"{request.get_full_path()}#digital")
                entry["sign_in"] = f"{reverse('opac:account:sign_in')}?next={back}"
            shown.append(entry)
            continue
        pages = list(obj.pages.all())
        shown.append(
            {
                "object": obj,
                "tiles": [
                    reverse("digital:image", args=[f"{obj.identifier}~{p.sequence}/info.json"])
                    for p in pages
                ],
                "pages": len(pages),
                "manifest": reverse("digital:manifest", args=[obj.identifier]),
                "search": reverse("digital:search", args=[obj.identifier]),
                "text": reverse("digital:text", args=[obj.identifier])
                if any(p.ocr_done for p in pages)
                else "",
                # Readers may propose corrections of an open object's text (first page
                # with text; the form pages through the rest).
                "propose": next(
                    (
                        reverse("digital:propose", args=[obj.identifier, p.sequence])
                        for p in pages
                        if p.ocr_done
                    ),
                    "",
                )
                if obj.access == DigitalObject.Access.OPEN
                else "",
                "pdf": reverse("digital:pdf", args=[obj.identifier])
                if all(p.ocr_done for p in pages)
                and (grant.staff or obj.rights != DigitalObject.Rights.IN_COPYRIGHT)
                else "",
            }
        )
    return shown
