"""IIIF Content Search 2.0 inside an object: words found on its pages, with their boxes.

Matching is the catalogue's: diacritic-insensitive (``fold``), i/y spellings as one, so
"ha noi" finds "Hà Nội"; a query of several words finds them next to each other in reading
order, across line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from thuvien.digital import ocr, storage
from thuvien.digital.models import DigitalObject
from thuvien.vietnamese.text import fold, iy_key

CONTEXT = "http://iiif.io/api/search/2/context.json"
MAX_HITS = 500

_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


def key(word: str) -> str:
    return iy_key(fold(_PUNCTUATION.sub("", word)))


def terms(query: str) -> list[str]:
    return [k for k in (key(w) for w in query.split()) if k]


@dataclass(frozen=True)
class Hit:
    sequence: int
    words: list[ocr.Word]

    @property
    def box(self) -> tuple[int, int, int, int]:
        x0 = min(w.x for w in self.words)
        y0 = min(w.y for w in self.words)
        x1 = max(w.x + w.w for w in self.words)
        y1 = max(w.y + w.h for w in self.words)
        return x0, y0, x1 - x0, y1 - y0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def find(obj: DigitalObject, query: str) -> list[Hit]:
    wanted = terms(query)
    hits: list[Hit] = []
    if not wanted:
        return hits
    for page in obj.pages.filter(ocr_done=True).order_by("sequence"):
        if wanted[0] not in iy_key(fold(page.ocr_text)):  # cheap: most pages stop here
            continue
        if page.ocr_corrected:
            # Corrected by people: the words are theirs, the boxes Tesseract's no longer fit,
            # so a hit marks the whole page.
            whole = (0, 0, page.width, page.height)
            words = [ocr.Word(w, *whole) for w in page.ocr_text.split()]
        else:
            words = ocr.words_of(storage.hocr_path(obj.identifier, page.sequence))
        keys = [key(w.text) for w in words]
        span = len(wanted)
        for start in range(len(keys) - span + 1):
            if keys[start : start + span] == wanted:
                hits.append(Hit(page.sequence, words[start : start + span]))
                if len(hits) >= MAX_HITS:
                    return hits
    return hits


def annotation_page(
    search_id: str, manifest_id: str, query: str, hits: list[Hit]
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": search_id,
        "type": "AnnotationPage",
        "items": [
            {
                "id": f"{search_id}#hit-{n}",
                "type": "Annotation",
                "motivation": "highlighting",
                "body": {"type": "TextualBody", "value": hit.text, "format": "text/plain"},
                "target": f"{manifest_id}/canvas/{hit.sequence}#xywh={','.join(map(str, hit.box))}",
            }
            for n, hit in enumerate(hits, start=1)
        ],
    }
