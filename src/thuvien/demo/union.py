"""Demo data for the union catalogue: the provincial library as the lead library, sharing
levels, a few old books held by two libraries each (material before 1945 is never linked
automatically, so each pair waits in the review queue), and the clusters rebuilt.

The step can run again: the old books are added once (found again by their source), and
a rebuild replaces the clusters while the decisions taken in the queue stay.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.network.models import Library
from thuvien.union import review, services

SOURCE = "demo: mục lục liên hợp"
BOOK = "00000nam a22000007i 4500"
# (title, author, publisher, place, year, pages, the two libraries holding it)
OLD_BOOKS = (
    ("Việt Nam sử lược", "Trần Trọng Kim", "Trung Bắc tân văn", "Hà Nội", "1928", "598 tr.",
     ("VN-CM0001", "VN-CM0002")),
    ("Nho giáo", "Trần Trọng Kim", "Lê Thăng", "Hà Nội", "1930", "412 tr.",
     ("VN-CM0001", "VN-CM0003")),
)  # fmt: skip
# What each library shares; the others share search and view.
SHARING = {"VN-CM0001": "download", "VN-CM0002": "read"}


def _fixed(year: str) -> str:
    return f"000101s{year}    vm            000 0 vie d"


def _marc(number: int, book: tuple[Any, ...]) -> Any:
    title, author, publisher, place, year, pages, _holders = book

    def sub(*pairs: str) -> list[list[str]]:
        return [[pairs[i], pairs[i + 1]] for i in range(0, len(pairs), 2)]

    return MarcRecord(
        BOOK,
        [
            ["001", f"TVCO{number:04d}"],  # no 003: each library's own number, not shared
            ["008", _fixed(year)],
            ["100", "0", " ", sub("a", author)],
            ["245", "1", "0", sub("a", title)],
            ["260", " ", " ", sub("a", f"{place} :", "b", f"{publisher},", "c", f"{year}.")],
            ["300", " ", " ", sub("a", pages)],
        ],
    )


def load(libraries: dict[str, Library], actor: str) -> tuple[list[str], str]:
    """Name the lead library, add the old books, rebuild; returns (added, summary)."""
    added: list[str] = []
    lead = libraries.get("VN-CM0001")
    if lead is not None and review.lead_library() != lead:
        review.name_lead(actor, lead)
        added.append(_("thư viện đầu mối {code}").format(code=lead.code))
    new = 0
    for code, sharing in SHARING.items():
        if code in libraries and review.participation(libraries[code]).sharing != sharing:
            review.set_sharing(actor, libraries[code], sharing)
    number = 0
    for book in OLD_BOOKS:
        title, holders = book[0], book[-1]
        for code in holders:
            number += 1
            library = libraries.get(code)
            if library is None:
                continue
            held = Record.objects.filter(library=library, source=SOURCE, title=title)
            if held.exists():
                continue
            made = _marc(number, book)
            catalogue.create_record(actor, library, made, source=SOURCE)
            new += 1
    if new:
        added.append(_("{count} biểu ghi sách cổ chờ rà soát").format(count=new))
    counts = services.rebuild(actor)
    summary = _("{clusters} cụm, {linked} biểu ghi được gom, {review} chờ duyệt").format(
        clusters=counts.clusters, linked=counts.linked, review=counts.review
    )
    return added, summary
