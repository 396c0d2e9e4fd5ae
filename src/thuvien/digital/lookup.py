"""Finding the object and page a IIIF identifier names.

A viewer asks for dozens of tiles of one page within a second; the page (with its object
and library, which the access decision reads) is kept for a few seconds per process, so a
tile costs no query. A change of access level therefore reaches tiles within
:data:`PAGE_SECONDS`; manifests, PDFs, text and search always read the database.
"""

from __future__ import annotations

import time

from django.utils.translation import gettext as _

from thuvien.digital.errors import UnknownObject
from thuvien.digital.models import DigitalObject, Page


def object_or_404(identifier: str) -> DigitalObject:
    try:
        return DigitalObject.objects.select_related("library", "record").get(identifier=identifier)
    except DigitalObject.DoesNotExist:
        raise UnknownObject(
            _("Không có đối tượng số {identifier}.").format(identifier=identifier),
            identifier=identifier,
        ) from None


PAGE_SECONDS = 5.0
_pages: dict[str, tuple[float, Page]] = {}


def page_or_404(image_id: str) -> Page:
    """``ID`` is the first page of object ID (so an object can be named alone); ``ID~N`` page N."""
    now = time.monotonic()
    kept = _pages.get(image_id)
    if kept is not None and kept[0] > now:
        return kept[1]
    page = _page(image_id)
    if len(_pages) > 10_000:
        _pages.clear()
    _pages[image_id] = (now + PAGE_SECONDS, page)
    return page


def forget_pages() -> None:
    _pages.clear()


def _page(image_id: str) -> Page:
    identifier, tilde, number = image_id.partition("~")
    sequence = int(number) if tilde and number.isdigit() else (1 if not tilde else 0)
    page = (
        Page.objects.select_related("digital_object__library")
        .filter(digital_object__identifier=identifier, sequence=sequence)
        .first()
    )
    if page is None:
        raise UnknownObject(
            _("Không có ảnh {image}.").format(image=image_id),
            identifier=image_id,
        )
    return page
