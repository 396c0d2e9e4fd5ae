"""The catalogue for AI assistants: a Model Context Protocol server, read-only.

``thuvien mcp`` serves four tools over stdio, each one a public API answer (the same
functions, the same documents): ``search`` (``GET /api/v1/search``), ``record``
(``GET /api/v1/records/{id}``), ``holdings`` (its copies, ``…/items``) and ``availability``
(copies and copies on the shelf per library). The exposure rule is the API's: a restricted
record is not found, staff-only fields are stripped, a copy never says who has it. Nothing
can be changed through it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from thuvien.api import public
from thuvien.api.records import get_record, record_document
from thuvien.api.search import hit_document
from thuvien.catalogue.models import Item
from thuvien.errors import ThuvienError
from thuvien.search.types import SearchRequest

MAX_PER_PAGE = 50
_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
INSTRUCTIONS = (
    "The union catalogue of a Vietnamese province's libraries. Search in Vietnamese with or "
    "without diacritics; read a record, its copies, and where a copy is on the shelf now."
)


def _plain(document: dict[str, Any]) -> dict[str, Any]:
    """Dates and decimals as the API writes them (JSON strings)."""
    loaded: dict[str, Any] = json.loads(json.dumps(document, cls=DjangoJSONEncoder))
    return loaded


def search(query: str, page: int = 1, per_page: int = 10, library: str = "") -> dict[str, Any]:
    """Search the catalogue: titles, authors, subjects, ISBN, call numbers; Vietnamese typed
    with or without diacritics; `title:`, `author:`, `subject:`, `year:2010-2020` fields.
    `library` keeps the hits of one library (its code, e.g. VN-TA0001)."""
    from thuvien.search import services  # the engine loads on the first search

    result = services.search(
        SearchRequest(
            q=query,
            filters={"library": (library,)} if library else {},
            page=max(1, page),
            per_page=max(1, min(per_page, MAX_PER_PAGE)),
            with_facets=False,
        )
    )
    return _plain(
        {
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
            "hits": [hit_document(hit) for hit in result.hits],
            "did_you_mean": result.did_you_mean,
        }
    )


def record(record_id: int) -> dict[str, Any]:
    """One record: title, authors, subjects, classification, holdings per library, and the
    whole record as MARC-in-JSON (staff-only fields left out)."""
    return _plain(record_document(get_record(record_id)))


def holdings(record_id: int) -> dict[str, Any]:
    """Every copy of a record in every library: barcode, call number, location, status."""
    found = get_record(record_id)
    copies = Item.objects.filter(record=found).select_related("library")
    rows = copies.order_by("library__code", "id")[:500]
    return {"record": found.pk, "copies": [public.item(row) for row in rows]}


def availability(record_id: int) -> dict[str, Any]:
    """Per library: how many copies of the record there are, and how many are on the shelf."""
    found = get_record(record_id)
    return {"record": found.pk, "title": found.title, "libraries": public.holdings(found)}


TOOLS = (search, record, holdings, availability)


_Tool = TypeVar("_Tool", bound=Callable[..., Any])


def _says_why(tool: _Tool) -> _Tool:
    """The house's error message reaches the assistant (the SDK hides other exceptions'):
    "no record 12, search first" is something it can act on."""

    @functools.wraps(tool)
    def answered(*args: Any, **kwargs: Any) -> Any:
        try:
            return tool(*args, **kwargs)
        except ThuvienError as exc:
            raise ToolError(exc.message) from exc

    return answered  # type: ignore[return-value]


def server() -> MCPServer:
    built = MCPServer("thuvien", instructions=INSTRUCTIONS)
    for tool in TOOLS:
        built.add_tool(_says_why(tool), annotations=_READ_ONLY)
    return built
