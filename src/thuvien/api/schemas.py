"""Response shapes of the API (they make the OpenAPI document; changing one changes the
pinned schema in docs/api/openapi.json)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field
from typing_extensions import TypedDict

# A TypedDict, not a model: its member is called "in", a Python keyword.
ProblemError = TypedDict("ProblemError", {"in": str, "name": str, "message": str})

# The values of the models' choices, written out so that the OpenAPI document lists them
# inline; tests check they agree with the models.
RecordKind = Literal["bib", "auth", "hold"]
LibraryTypeValue = Literal[
    "national",
    "public",
    "specialised",
    "armed-forces",
    "university",
    "school",
    "community",
    "foreign",
]
LibraryStatus = Literal["active", "suspended", "merged", "dissolved"]


class Problem(Schema):
    """RFC 9457 problem details (served as application/problem+json)."""

    type: str = Field(description="URI naming the kind of problem.")
    title: str = Field(description="Stable code of the problem, e.g. search.invalid_query.")
    status: int
    detail: str = Field(
        description="What went wrong and what to do, in the language the request asks for "
        "(Accept-Language: vi or en; Vietnamese by default)."
    )
    instance: str = Field(description="The path that was asked for.")
    errors: list[ProblemError] | None = Field(
        default=None, description="One entry per wrong parameter (validation problems)."
    )
    ids: dict[str, str] | None = Field(default=None, description="The values involved.")


class Links(Schema):
    self: str
    next: str | None = None
    prev: str | None = None


class HoldingOut(Schema):
    library: str = Field(description="Library code.")
    copies: int
    available: int


class MemberRef(Schema):
    id: int = Field(description="A record of the cluster.")
    library: str = Field(description="Code of the library that owns it.")


class HitOut(Schema):
    id: int
    title: str
    authors: list[str]
    year: int | None
    material_type: str
    language: str
    library: str = Field(description="Code of the library that owns the record.")
    isbn: str
    holdings: list[HoldingOut] = Field(description="Copies of every record of the cluster.")
    score: float
    url: str = Field(description="The record in this API.")
    cluster: int | None = Field(
        description="The union catalogue's cluster (one edition across libraries); null: alone."
    )
    records: list[MemberRef] = Field(description="The cluster's records (empty when alone).")
    libraries: list[str] = Field(description="Codes of the libraries that hold the edition.")


class FacetValueOut(Schema):
    value: str
    count: int
    label: str


class SearchOut(Schema):
    total: int
    page: int
    per_page: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    did_you_mean: str | None
    took_ms: float
    links: Links


class SuggestionOut(Schema):
    text: str
    field: str = Field(description="title, author or subject")


class SuggestOut(Schema):
    suggestions: list[SuggestionOut]


class RecordSummary(Schema):
    id: int
    kind: str
    library: str
    title: str
    authors: list[str]
    year: int | None
    material_type: str
    language: str
    isbn: str
    updated_at: datetime
    url: str


class RecordList(Schema):
    total: int
    page: int
    per_page: int
    results: list[RecordSummary]
    links: Links


class RecordLinks(Schema):
    self: str
    marcxml: str
    items: str


class ClusterRef(Schema):
    id: int
    records: list[MemberRef]
    libraries: list[str] = Field(description="Codes of the libraries whose records it groups.")


class ReasonOut(Schema):
    rule: str = Field(description="isbn, issn, 035, 001+003, copied_from, key, …")
    field: str
    evidence: str


class ClusterMemberOut(Schema):
    id: int
    library: str
    title: str
    rule: str = Field(description="The rule that placed the record in the cluster.")
    linked_with: list[int] = Field(description="The record(s) it was matched with.")
    reasons: list[ReasonOut]
    url: str


class ClusterOut(Schema):
    id: int
    best_record: int = Field(description="The record shown for the whole cluster.")
    work_key: str = Field(description="Shared by the other editions of the same work.")
    libraries: list[str]
    records: list[ClusterMemberOut]
    other_editions: list[int] = Field(description="Shown records of the work's other clusters.")


class RecordOut(Schema):
    id: int
    kind: str
    library: str
    title: str
    responsibility: str
    authors: list[str]
    publisher: str
    place: str
    year: int | None
    edition: str
    isbn: str
    isbns: list[str]
    issn: str
    language: str
    material_type: str
    subjects: list[str]
    classification: dict[str, Any]
    call_number: str
    created_at: datetime
    updated_at: datetime
    holdings: list[HoldingOut]
    cluster: ClusterRef | None = Field(
        description="The union catalogue's cluster of this record; null when it stands alone."
    )
    marc: dict[str, Any] = Field(
        description="The record as MARC-in-JSON (nonpublic notes, $x of 852/876/952, left out)."
    )
    links: RecordLinks


class ItemOut(Schema):
    library: str
    record: int
    barcode: str | None
    accession_number: str = Field(description="Số đăng ký cá biệt (số ĐKCB).")
    call_number: str
    location: str
    item_type: str
    status: str
    status_label: str
    record_url: str


class ItemList(Schema):
    total: int
    page: int
    per_page: int
    results: list[ItemOut]
    links: Links


class AdminUnitOut(Schema):
    scheme: str
    code: str
    name: str


class LibrarySummary(Schema):
    code: str
    name_vi: str
    name_en: str
    library_type: str
    status: str
    url: str


class LibraryList(Schema):
    total: int
    page: int
    per_page: int
    results: list[LibrarySummary]
    links: Links


class LibraryOut(Schema):
    code: str
    name_vi: str
    name_en: str
    library_type: str
    library_type_label: str
    is_public: bool
    level: str
    parent: str | None = Field(description="Code of the library this one reports to.")
    host_organisation: str
    address: str
    admin_unit: AdminUnitOut | None
    phone: str
    email: str
    website: str
    status: str
    records: int = Field(description="Bibliographic records the library owns.")
    items: int = Field(description="Copies the library holds.")
    url: str
