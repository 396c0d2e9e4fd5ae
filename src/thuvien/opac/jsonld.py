"""schema.org description of a record (JSON-LD), for search engines and link previews.

Only properties schema.org defines for the type used: ``isbn`` and ``bookEdition`` belong to
``Book`` alone, so other materials are a plain ``CreativeWork`` (or the narrower type that
fits) without them. The libraries that hold copies are its ``provider``s, typed ``Library``:
a library lends, it does not sell, so holdings are not modelled as ``Offer``s.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from thuvien.catalogue.models import Record
from thuvien.catalogue.vocabulary import bcp47
from thuvien.opac.display import LibraryHoldings, Name

_TYPES = {"book": "Book", "serial": "Periodical", "map": "Map", "music-score": "SheetMusic"}


def _agent(name: Name) -> dict[str, str]:
    return {"@type": "Person" if name.person else "Organization", "name": name.text}


def describe(
    record: Record, title: str, url: str, names: list[Name], holdings: list[LibraryHoldings]
) -> dict[str, Any]:
    kind = _TYPES.get(record.material_type, "CreativeWork")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": url,
        "url": url,
        "name": title,
    }
    authors = [_agent(n) for n in names if n.is_author]
    if authors:
        data["author"] = authors
    contributors = [_agent(n) for n in names if not n.is_author]
    if contributors:
        data["contributor"] = contributors
    if record.year is not None:
        data["datePublished"] = str(record.year)
    if record.publisher:
        data["publisher"] = {"@type": "Organization", "name": record.publisher}
    language = bcp47(record.language)
    if language:
        data["inLanguage"] = language
    if kind == "Book":
        if record.isbns:
            isbns = record.isbns.split()
            data["isbn"] = isbns[0] if len(isbns) == 1 else isbns
        if record.edition:
            data["bookEdition"] = record.edition
    if kind == "Periodical" and record.issn:
        data["issn"] = record.issn
    if record.subjects:
        data["about"] = [{"@type": "Thing", "name": s} for s in record.subjects.split(" ; ") if s]
    providers = [_library(h) for h in holdings if h.items]
    if providers:
        data["provider"] = providers
    return data


def _library(holding: LibraryHoldings) -> dict[str, str]:
    library = holding.library
    found: dict[str, str] = {
        "@type": "Library",
        "name": library.name_vi,
        "identifier": library.code,
    }
    if library.address:
        found["address"] = library.address
    return found


def script(data: dict[str, Any]) -> SafeString:
    """JSON for a <script> element: '<', '>' and '&' escaped so no text in a record can end
    the element early (a title containing '</script>' stays data)."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above for the script context
