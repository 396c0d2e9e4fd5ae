"""What a person reads for a facet value: library names, material types, languages.

Labels are Vietnamese message ids run through gettext, so the portal's English switch
translates them where a catalogue exists; library names come from the registry (``name_en``
when the active language is English and the library has one).
"""

from __future__ import annotations

import time

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue import vocabulary
from thuvien.network.models import Library
from thuvien.search.types import FacetValue

AVAILABILITY: dict[str, Promise] = {
    "available": _("Có bản sẵn sàng"),
    "unavailable": _("Không có bản sẵn sàng"),
    "no-copies": _("Chưa có bản để mượn"),
}
ONLINE: dict[str, Promise] = {
    "open": _("Đọc trực tuyến"),
    "onsite": _("Đọc bản số tại phòng đọc"),
}


_NAMES_TTL = 60.0  # seconds: a renamed library shows its new name within a minute
_names: dict[str, tuple[str, str]] = {}
_loaded_at = 0.0


def _library_names(codes: list[str]) -> dict[str, tuple[str, str]]:
    global _loaded_at  # noqa: PLW0603 - one small per-process cache
    now = time.monotonic()
    if now - _loaded_at > _NAMES_TTL:
        _names.clear()
        _loaded_at = now
    missing = [c for c in codes if c not in _names]
    if missing:
        rows = Library.objects.filter(code__in=missing).values_list("code", "name_vi", "name_en")
        _names.update({code: (vi, en) for code, vi, en in rows})
    return _names


def label(facet: str, value: str) -> str:
    if facet == "material_type":
        return vocabulary.material_type(value)
    if facet == "language":
        return vocabulary.language(value)
    if facet == "availability":
        return str(AVAILABILITY.get(value, value))
    if facet == "online":
        return str(ONLINE.get(value, value))
    if facet == "year":
        return value.replace("-", "–")
    return value


def labelled(facets: dict[str, list[FacetValue]]) -> dict[str, list[FacetValue]]:
    """The engine's facet values with the labels people read."""
    names = _library_names([v.value for v in facets.get("library", [])])
    english = (get_language() or "vi").startswith("en")
    out: dict[str, list[FacetValue]] = {}
    for facet, values in facets.items():
        if facet == "library":
            out[facet] = [
                FacetValue(v.value, v.count, _library_label(v.value, names, english))
                for v in values
            ]
        else:
            out[facet] = [FacetValue(v.value, v.count, label(facet, v.value)) for v in values]
    return out


def _library_label(code: str, names: dict[str, tuple[str, str]], english: bool) -> str:
    if code not in names:
        return code
    vi, en = names[code]
    return en if english and en else vi
