"""Finding the object and page a IIIF identifier names."""

from __future__ import annotations

from thuvien.digital.errors import UnknownObject
from thuvien.digital.models import DigitalObject, Page


def object_or_404(identifier: str) -> DigitalObject:
    try:
        return DigitalObject.objects.select_related("library", "record").get(identifier=identifier)
    except DigitalObject.DoesNotExist:
        raise UnknownObject(
            f"Không có đối tượng số {identifier}. / No digital object {identifier}.",
            identifier=identifier,
        ) from None


def page_or_404(image_id: str) -> Page:
    """``ID`` is the first page of object ID (so an object can be named alone); ``ID~N`` page N."""
    identifier, tilde, number = image_id.partition("~")
    sequence = int(number) if tilde and number.isdigit() else (1 if not tilde else 0)
    page = (
        Page.objects.select_related("digital_object__library")
        .filter(digital_object__identifier=identifier, sequence=sequence)
        .first()
    )
    if page is None:
        raise UnknownObject(f"Không có ảnh {image_id}. / No image {image_id}.", identifier=image_id)
    return page
