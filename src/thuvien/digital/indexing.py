"""What the digital library gives the catalogue's search index: the OCR text of a record's
scans, so a phrase printed inside a gazetteer finds the gazetteer's record.

Only open, published, unembargoed objects contribute: the catalogue index is public, and a
hit must never reveal the text of material the reader may not open.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from thuvien.digital.models import DigitalObject, Page


def online_between(low: int, high: int) -> dict[int, set[str]]:
    """Record id → how its scans can be read online: ``open`` (anyone) or ``onsite`` (in a
    reading room), for published, unembargoed objects; by-request and restricted scans are
    not offered as readable online (the index is the same for every visitor)."""
    today = datetime.date.today()
    rows = (
        DigitalObject.objects.filter(
            record_id__gte=low,
            record_id__lte=high,
            status=DigitalObject.Status.PUBLISHED,
            access__in=[DigitalObject.Access.OPEN, DigitalObject.Access.ONSITE],
        )
        .filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=today))
        .values_list("record_id", "access")
        .distinct()
    )
    ways: dict[int, set[str]] = {}
    for record_id, level in rows:
        ways.setdefault(record_id, set()).add(level)
    return ways


def texts_between(low: int, high: int) -> dict[int, list[str]]:
    """Record id → the OCR text of its open scans, for records with ``low <= id <= high``."""
    today = datetime.date.today()
    rows = (
        Page.objects.filter(
            ocr_done=True,
            digital_object__record_id__gte=low,
            digital_object__record_id__lte=high,
            digital_object__access=DigitalObject.Access.OPEN,
            digital_object__status=DigitalObject.Status.PUBLISHED,
        )
        .filter(
            Q(digital_object__embargo_until__isnull=True)
            | Q(digital_object__embargo_until__lte=today)
        )
        .exclude(ocr_text="")
        .order_by("digital_object_id", "sequence")
        .values_list("digital_object__record_id", "ocr_text")
    )
    texts: dict[int, list[str]] = {}
    for record_id, text in rows:
        texts.setdefault(record_id, []).append(text)
    return texts
