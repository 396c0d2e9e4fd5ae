"""Records as tantivy documents: the index's fields of a :class:`SearchDocument`, as a
tantivy document (the applier) or as tantivy's JSON (the rebuild's worker processes)."""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from typing import Any

import tantivy

from thuvien.search import analysis
from thuvien.search.backends.tantivy.schema import SCHEMA, suggestion_key
from thuvien.search.documents import SearchDocument


def _clip(text: str, limit: int = 80) -> str:
    """A completion as shown: long titles cut at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.:;-") + "…"


def fields(d: SearchDocument) -> dict[str, list[Any]]:
    """One record as the index's fields: exact and folded forms, keys, facets, and what a hit
    shows (``payload``, JSON text)."""
    out: dict[str, list[Any]] = defaultdict(list)
    out["id"] = [d.id]
    for group, values in (("title", d.titles), ("author", d.authors), ("subject", d.subjects)):
        for value in values:
            exact, folded = analysis.forms(value, repeated=group != "title")
            out[f"{group}_e"].append(exact)
            out[f"{group}_f"].append(folded)
    out["rest_f"] = [analysis.forms(v, repeated=len(v) < 60)[1] for v in d.rest]
    out["title_key"] = [suggestion_key(d.title)]
    out["ident"] = d.identifiers
    for field, values in (("sg_title", [d.title]), ("sg_author", d.authors[:5])):
        for value in values:
            # Key, then what is shown: a prefix search over the key also returns the display.
            shown = _clip(analysis.display(value))
            out[field].append(f"{suggestion_key(shown)}\x01{shown}")
    for value in d.subjects[:10]:
        shown = _clip(value)
        out["sg_subject"].append(f"{suggestion_key(shown)}\x01{shown}")
        out["subject"].append(value[:200])
    out["library"] = d.libraries
    out["material_type"] = [d.material_type]
    out["language"] = [d.language]
    out["availability"] = [d.availability]
    out["online"] = d.online
    if d.year is not None:
        start = d.year // 10 * 10
        out["year"] = [d.year]
        out["decade"] = [f"{start}-{start + 9}"]
    out["sort_title"] = [d.sort_title]
    out["sort_author"] = [d.sort_author]
    payload = [d.id, d.title, " ; ".join(d.authors), d.year, d.material_type, d.language]
    payload += [d.owner, d.isbn, d.holdings, d.cluster, d.members, d.libraries]
    out["shown"] = ["1" if d.shown else "0"]
    out["payload"] = [json.dumps(payload, ensure_ascii=False)]
    return {name: values for name, values in out.items() if values}


def to_tantivy(d: SearchDocument) -> tantivy.Document:
    values = fields(d)
    values["payload"] = [values["payload"][0].encode()]
    return tantivy.Document.from_dict(values, SCHEMA)


def to_json(d: SearchDocument) -> str:
    """The document as tantivy's JSON (bytes in base64), built where it is cheap to send."""
    values = fields(d)
    values["payload"] = [base64.b64encode(values["payload"][0].encode()).decode()]
    return json.dumps(values, ensure_ascii=False)
