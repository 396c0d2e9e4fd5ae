"""OAI-PMH 2.0 provider: the six verbs, oai_dc and marc21, sets, resumption, deletions.

Identifiers are ``oai:<repository id>:<record id>``. Sets: ``library`` and ``library:<code>``
(the owning library), ``type`` and ``type:<material type>`` (book, serial, map…), and
``union``: the union catalogue, one record per edition (``oai:<repository id>:union:<id of
its lowest record>``, the best record of the cluster with every member library's holdings in
852; :mod:`thuvien.interop.union_set`), in that set only. Datestamps
are the record's last change in UTC, at seconds granularity. Deleted records are kept as
tombstones for ever (``deletedRecord`` persistent); a record whose access is restricted is
reported deleted. What is shown obeys :mod:`thuvien.interop.exposure`.

:func:`respond` takes the request's arguments and returns the XML text; the view only reads
the arguments and sends the text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from thuvien.catalogue.marc import MarcRecord
from thuvien.interop import config, exposure, metadata, oai_digital, oai_tokens, union_set
from thuvien.interop.metadata import text
from thuvien.interop.models import DeletedRecord, UnionEntry

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
UNION_SET = "union"
UNION_PREFIX = "union:"  # oai:<repository>:union:<anchor record id>
FORMATS = {
    "oai_dc": (metadata.OAI_DC_XSD, metadata.OAI_DC_NS),
    "marc21": (metadata.MARCXML_XSD, metadata.MARCXML_NS),
}
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # verb: (required arguments, optional arguments); resumptionToken is exclusive.
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset({"resumptionToken"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set", "resumptionToken"}),
    ),
    "ListRecords": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set", "resumptionToken"}),
    ),
}
_SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One record as a list shows it: live (with its MARC) or deleted; or a digital object."""

    id: int
    datestamp: dt.datetime
    library: str
    material_type: str
    marc: MarcRecord | None  # None: deleted (or restricted: shown as deleted)
    digital: oai_digital.DigitalEntry | None = None
    union: bool = False  # an edition of the union catalogue (``id`` is its anchor record)

    @property
    def key(self) -> tuple[dt.datetime, int, int]:
        """Lists are ordered by (datestamp, kind, id): records 0, digital objects 1, union
        editions 2 (alone in their set)."""
        kind = 2 if self.union else 0 if self.digital is None else 1
        return self.datestamp, kind, self.id

    @property
    def deleted(self) -> bool:
        return self.digital.dc is None if self.digital is not None else self.marc is None

    @classmethod
    def of_object(cls, found: oai_digital.DigitalEntry) -> Entry:
        return cls(found.id, found.datestamp, found.library, "", None, found)


@functools.lru_cache(maxsize=4096)  # records imported together share their stamp
def datestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def identifier(record_id: int) -> str:
    return f"oai:{config.get_str('OAI_REPOSITORY_ID')}:{record_id}"


def record_id(oai_identifier: str) -> int | None:
    prefix = f"oai:{config.get_str('OAI_REPOSITORY_ID')}:"
    if not oai_identifier.startswith(prefix):
        return None
    rest = oai_identifier[len(prefix) :]
    return int(rest) if rest.isdigit() and len(rest) < 19 else None


# --- arguments -------------------------------------------------------------------------------


def _check_arguments(args: dict[str, list[str]]) -> str:
    verbs = args.get("verb", [])
    if len(verbs) != 1:
        raise OaiError(
            "badVerb",
            "The verb argument is missing." if not verbs else "The verb argument is repeated.",
        )
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError(
            "badVerb", f"'{verb}' is not an OAI-PMH verb; use one of {', '.join(VERBS)}."
        )
    required, optional = VERBS[verb]
    problems = []
    for name, values in args.items():
        if name == "verb":
            continue
        if name not in required and name not in optional:
            problems.append(f"'{name}' is not an argument of {verb}")
        elif len(values) != 1:
            problems.append(f"the argument '{name}' is repeated")
    if "resumptionToken" in args:
        others = sorted(set(args) - {"verb", "resumptionToken"})
        if others:
            problems.append(f"resumptionToken is exclusive; remove {', '.join(others)}")
    else:
        problems += [f"the argument '{name}' is required" for name in required - set(args)]
    if problems:
        sentence = "; ".join(problems)
        raise OaiError("badArgument", sentence[0].upper() + sentence[1:] + ".")
    return verb


def _time(value: str, *, end: bool) -> tuple[dt.datetime, bool]:
    """(bound, day granularity?); ``end`` bounds are exclusive, one unit past the value."""
    if _SECONDS.fullmatch(value):
        parsed = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        return (parsed + dt.timedelta(seconds=1) if end else parsed), False
    if _DAY.fullmatch(value):
        day = dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC)
        return (day + dt.timedelta(days=1) if end else day), True
    raise ValueError(value)


@dataclass(frozen=True)
class ListArgs:
    prefix: str
    set: str = ""
    start: str = ""
    until: str = ""


def _bounds(args: ListArgs) -> tuple[dt.datetime | None, dt.datetime | None]:
    low = high = None
    low_day = high_day = None
    try:
        if args.start:
            low, low_day = _time(args.start, end=False)
        if args.until:
            high, high_day = _time(args.until, end=True)
    except ValueError as exc:
        raise OaiError(
            "badArgument",
            f"'{exc}' is not a datestamp; use {GRANULARITY} or YYYY-MM-DD (UTC).",
        ) from None
    if low_day is not None and high_day is not None and low_day != high_day:
        raise OaiError("badArgument", "The from and until arguments have different granularities.")
    return low, high


def _check_prefix(prefix: str) -> None:
    if prefix not in FORMATS:
        raise OaiError(
            "cannotDisseminateFormat",
            f"The metadata format '{prefix}' is not supported; use one of {', '.join(FORMATS)}.",
        )


# --- selecting records -----------------------------------------------------------------------


def _set_filter(set_spec: str) -> tuple[Q, Q] | None:
    """(filter on records, filter on tombstones); None when the set holds no records."""
    if not set_spec:
        return Q(), Q()
    if not _SET_SPEC.fullmatch(set_spec):
        raise OaiError("badArgument", f"'{set_spec}' is not a valid setSpec.")
    head, _, value = set_spec.partition(":")
    if head == "library":
        if not value:
            return Q(), Q()
        return Q(library__code=value), Q(library_code=value)
    if head == "type":
        if not value:
            return ~Q(material_type=""), ~Q(material_type="")
        return Q(material_type=value), Q(material_type=value)
    return None


def entries(
    args: ListArgs, after: tuple[dt.datetime, int, int] | None, size: int
) -> tuple[list[Entry], bool]:
    """Up to ``size`` entries after the key ``after`` (see :attr:`Entry.key`), and whether
    more follow."""
    low, high = _bounds(args)
    if args.set == UNION_SET:
        union = _union_entries(low, high, after, size)
        return union[:size], len(union) > size
    found: list[Entry] = []
    filters = _set_filter(args.set)
    if filters is not None:
        found += _record_entries(filters, low, high, after, size)
    if args.prefix == "oai_dc":
        objects = oai_digital.stream(args.set, low, high, after, size)
        found += [Entry.of_object(o) for o in objects]
    found.sort(key=lambda e: e.key)
    return found[:size], len(found) > size


def _record_entries(
    filters: tuple[Q, Q],
    low: dt.datetime | None,
    high: dt.datetime | None,
    after: tuple[dt.datetime, int, int] | None,
    size: int,
) -> list[Entry]:
    on_records, on_tombstones = filters
    live = exposure.published_records().filter(on_records)
    dead = DeletedRecord.objects.filter(on_tombstones)
    if low is not None:
        live, dead = live.filter(updated_at__gte=low), dead.filter(deleted_at__gte=low)
    if high is not None:
        live, dead = live.filter(updated_at__lt=high), dead.filter(deleted_at__lt=high)
    live_rows = _page(
        live, "updated_at", "id", after, size=size,
        columns=("id", "updated_at", "library__code", "material_type", "leader", "marc"),
    )  # fmt: skip
    found = [
        Entry(pk, when, code, material, _shown(leader, marc))
        for pk, when, code, material, leader, marc in live_rows
    ]
    tombstones = _page(
        dead, "deleted_at", "record_id", after, size=size,
        columns=("record_id", "deleted_at", "library_code", "material_type"),
    )  # fmt: skip
    found += [Entry(pk, when, code, material, None) for pk, when, code, material in tombstones]
    return found


def _page(
    rows: QuerySet[Any],
    stamp: str,
    key: str,
    after: tuple[dt.datetime, int, int] | None,
    *,
    size: int,
    columns: tuple[str, ...],
    own_kind: int = 0,
) -> list[tuple[Any, ...]]:
    """Up to ``size + 1`` rows ordered by (stamp, key) strictly after ``after``: keyset paging
    that costs the same on the last page as on the first, however many rows share a stamp.

    Two index seeks on (stamp, key): the rest of the current stamp (stamp = t and key > k),
    then later stamps (stamp > t). A single ``(stamp, key) > (t, k)`` would read the same on
    PostgreSQL, but SQLite seeks on the stamp only and walks every row of a shared stamp
    (a file imported at once shares one), so each page cost more than the last."""
    ordered = rows.order_by(stamp, key).values_list(*columns)
    if after is None:
        return list(ordered[: size + 1])
    when, kind, pk = after  # lists are ordered by (stamp, kind, key): see Entry.key
    if kind < own_kind:
        return list(ordered.filter(**{f"{stamp}__gte": when})[: size + 1])
    found: list[tuple[Any, ...]] = []
    if kind == own_kind:  # the rest of the same stamp first
        found = list(ordered.filter(**{stamp: when, f"{key}__gt": pk})[: size + 1])
    if len(found) <= size:
        found += list(ordered.filter(**{f"{stamp}__gt": when})[: size + 1 - len(found)])
    return found


def _union_entries(
    low: dt.datetime | None,
    high: dt.datetime | None,
    after: tuple[dt.datetime, int, int] | None,
    size: int,
) -> list[Entry]:
    rows = UnionEntry.objects.all()
    if low is not None:
        rows = rows.filter(datestamp__gte=low)
    if high is not None:
        rows = rows.filter(datestamp__lt=high)
    columns = ("anchor", "datestamp", "deleted", "best_record_id", "members")
    page = [
        UnionEntry(**dict(zip(columns, row, strict=True)))
        for row in _page(rows, "datestamp", "anchor", after, size=size, columns=columns, own_kind=2)
    ]
    return _union(page)


def _union(page: list[UnionEntry]) -> list[Entry]:
    shown = union_set.records(page)
    return [Entry(e.anchor, e.datestamp, "", "", shown[e.anchor], union=True) for e in page]


def _shown(leader: str, stored: str) -> MarcRecord | None:
    marc = MarcRecord.from_stored(leader, stored)
    return exposure.shown(marc)


def one_entry(oai_identifier: str) -> Entry:
    prefix = identifier(0)[:-1]
    if oai_identifier.startswith(prefix + oai_digital.PREFIX):
        found = oai_digital.one(oai_identifier[len(prefix) :])
        if found is not None:
            return Entry.of_object(found)
    if oai_identifier.startswith(prefix + UNION_PREFIX):
        anchor = oai_identifier[len(prefix + UNION_PREFIX) :]
        found_union = UnionEntry.objects.filter(
            anchor=int(anchor) if anchor.isdigit() and len(anchor) < 19 else -1
        ).first()
        if found_union is not None:
            return _union([found_union])[0]
    pk = record_id(oai_identifier)
    if pk is not None:
        row = (
            exposure.published_records()
            .filter(pk=pk)
            .values_list("id", "updated_at", "library__code", "material_type", "leader", "marc")
            .first()
        )
        if row is not None:
            return Entry(row[0], row[1], row[2], row[3], _shown(row[4], row[5]))
        tomb = DeletedRecord.objects.filter(record_id=pk).first()
        if tomb is not None:
            return Entry(pk, tomb.deleted_at, tomb.library_code, tomb.material_type, None)
    raise OaiError("idDoesNotExist", f"'{oai_identifier}' is not the identifier of a record here.")


# --- writing ---------------------------------------------------------------------------------


def _header(entry: Entry, prefix: str = "") -> str:
    """``prefix``: the identifier's ``oai:<repository>:`` (looked up once per response)."""
    status = ' status="deleted"' if entry.deleted else ""
    sets = f"<setSpec>library:{text(entry.library)}</setSpec>"
    if entry.material_type and _SET_SPEC.fullmatch(entry.material_type):
        sets += f"<setSpec>type:{text(entry.material_type)}</setSpec>"
    prefix = prefix or identifier(0)[:-1]
    name = f"{prefix}{entry.id}"
    if entry.union:
        name, sets = f"{prefix}{UNION_PREFIX}{entry.id}", f"<setSpec>{UNION_SET}</setSpec>"
    if entry.digital is not None:
        name = prefix + text(oai_digital.local_identifier(entry.digital.identifier))
        sets += "<setSpec>digital</setSpec>"
        if entry.digital.collection and _SET_SPEC.fullmatch(entry.digital.collection):
            sets += f"<setSpec>collection:{text(entry.digital.collection)}</setSpec>"
    return (
        f"<header{status}><identifier>{name}</identifier>"
        f"<datestamp>{datestamp(entry.datestamp)}</datestamp>{sets}</header>"
    )


def _record(entry: Entry, prefix: str, page_url: Callable[[int], str], oai_id: str = "") -> str:
    if entry.deleted:
        return f"<record>{_header(entry, oai_id)}</record>"
    if entry.digital is not None and entry.digital.dc is not None:
        body = metadata.oai_dc_elements(entry.digital.dc)
        return f"<record>{_header(entry, oai_id)}<metadata>{body}</metadata></record>"
    assert entry.marc is not None  # noqa: S101 - not deleted, not digital: a live record
    if prefix == "marc21":
        body = metadata.marcxml(entry.marc)
    else:
        body = metadata.oai_dc(entry.marc, page_url=page_url(entry.id))
    return f"<record>{_header(entry, oai_id)}<metadata>{body}</metadata></record>"


def _earliest() -> dt.datetime:
    stamps = [
        exposure.published_records().aggregate(m=Min("updated_at"))["m"],
        DeletedRecord.objects.aggregate(m=Min("deleted_at"))["m"],
        oai_digital.earliest(),
    ]
    known = [s for s in stamps if s is not None]
    return min(known) if known else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _identify(base_url: str) -> str:
    repository = config.get_str("OAI_REPOSITORY_ID")
    return (
        "<Identify>"
        f"<repositoryName>{text(config.get_str('OAI_REPOSITORY_NAME'))}</repositoryName>"
        f"<baseURL>{text(base_url)}</baseURL><protocolVersion>2.0</protocolVersion>"
        f"<adminEmail>{text(config.get_str('OAI_ADMIN_EMAIL'))}</adminEmail>"
        f"<earliestDatestamp>{datestamp(_earliest())}</earliestDatestamp>"
        "<deletedRecord>persistent</deletedRecord>"
        f"<granularity>{GRANULARITY}</granularity>"
        '<description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier'
        ' http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">'
        f"<scheme>oai</scheme><repositoryIdentifier>{text(repository)}</repositoryIdentifier>"
        "<delimiter>:</delimiter>"
        f"<sampleIdentifier>oai:{text(repository)}:1</sampleIdentifier>"
        "</oai-identifier></description></Identify>"
    )


def _metadata_formats(args: dict[str, str]) -> str:
    formats = list(FORMATS)
    if "identifier" in args and one_entry(args["identifier"]).digital is not None:
        formats = ["oai_dc"]  # a digital object is described in Dublin Core only
    parts = ["<ListMetadataFormats>"]
    for prefix in formats:
        schema, namespace = FORMATS[prefix]
        parts.append(
            f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>"
            f"<metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
        )
    parts.append("</ListMetadataFormats>")
    return "".join(parts)


def _list_sets(args: dict[str, str]) -> str:
    if "resumptionToken" in args:
        raise OaiError(
            "badResumptionToken", "ListSets is answered in one response; it has no tokens."
        )
    from thuvien.network.models import Library

    parts = [
        "<ListSets>",
        "<set><setSpec>library</setSpec><setName>Theo thư viện / By library</setName></set>",
    ]
    codes = set(exposure.published_records().values_list("library__code", flat=True).distinct())
    codes |= set(DeletedRecord.objects.values_list("library_code", flat=True).distinct())
    names = dict(Library.objects.filter(code__in=codes).values_list("code", "name_vi"))
    for code in sorted(codes):
        if _SET_SPEC.fullmatch(code):
            parts.append(
                f"<set><setSpec>library:{text(code)}</setSpec>"
                f"<setName>{text(names.get(code, code))}</setName></set>"
            )
    parts.append(
        "<set><setSpec>type</setSpec><setName>Theo loại tài liệu / By material type</setName></set>"
    )
    types = set(exposure.published_records().values_list("material_type", flat=True).distinct())
    for material in sorted(t for t in types if t and _SET_SPEC.fullmatch(t)):
        parts.append(
            f"<set><setSpec>type:{text(material)}</setSpec><setName>{text(material)}</setName></set>"
        )
    parts.append(
        f"<set><setSpec>{UNION_SET}</setSpec><setName>Mục lục liên hợp: một biểu ghi mỗi ấn "
        "bản, với vốn tài liệu của mọi thư viện (852) / Union catalogue: one record per "
        "edition, with every library's holdings (852)</setName></set>"
    )
    collections = [(c, n) for c, n in oai_digital.collections() if _SET_SPEC.fullmatch(c)]
    parts.append(
        "<set><setSpec>digital</setSpec><setName>Tài liệu số / Digital objects</setName></set>"
    )
    if collections:
        parts.append(
            "<set><setSpec>collection</setSpec><setName>Bộ sưu tập số / Digital collections"
            "</setName></set>"
        )
    for code, name in collections:
        parts.append(
            f"<set><setSpec>collection:{text(code)}</setSpec><setName>{text(name)}</setName></set>"
        )
    parts.append("</ListSets>")
    return "".join(parts)


def _get_record(args: dict[str, str], page_url: Callable[[int], str]) -> str:
    _check_prefix(args["metadataPrefix"])
    entry = one_entry(args["identifier"])
    if entry.digital is not None and args["metadataPrefix"] != "oai_dc":
        raise OaiError(
            "cannotDisseminateFormat",
            f"'{args['identifier']}' is a digital object, described in oai_dc only.",
        )
    return f"<GetRecord>{_record(entry, args['metadataPrefix'], page_url)}</GetRecord>"


def _list(verb: str, args: dict[str, str], page_url: Callable[[int], str]) -> str:
    size = config.get_int("OAI_PAGE_SIZE")
    if "resumptionToken" in args:
        try:
            position = oai_tokens.decode(args["resumptionToken"])
        except oai_tokens.BadToken as exc:
            raise OaiError("badResumptionToken", str(exc)) from None
        if position.verb != verb:
            raise OaiError(
                "badResumptionToken", f"The resumptionToken belongs to {position.verb}, not {verb}."
            )
        list_args = ListArgs(position.prefix, position.set, position.start, position.until)
        after: tuple[dt.datetime, int, int] | None = position.after
        cursor = position.cursor
    else:
        _check_prefix(args["metadataPrefix"])
        list_args = ListArgs(
            args["metadataPrefix"], args.get("set", ""), args.get("from", ""), args.get("until", "")
        )
        after, cursor, position = None, 0, None
        if list_args.set == UNION_SET:
            union_set.refresh()  # a harvest of the union starts from the clusters as they are
    found, more = entries(list_args, after, size)
    if not found and position is None:
        raise OaiError("noRecordsMatch", "No record matches the arguments given.")
    oai_id = identifier(0)[:-1]
    if verb == "ListRecords":
        body = "".join(_record(e, list_args.prefix, page_url, oai_id) for e in found)
    else:
        body = "".join(_header(e, oai_id) for e in found)
    if more:
        last = found[-1]
        token = oai_tokens.encode(
            oai_tokens.Position(
                verb,
                list_args.prefix,
                list_args.set,
                list_args.start,
                list_args.until,
                last.datestamp.astimezone(dt.UTC).isoformat(),
                last.id,
                cursor + len(found),
                last.key[1],
            )
        )
        expires = datestamp(timezone.now() + oai_tokens.lifetime())
        body += (
            f'<resumptionToken expirationDate="{expires}" cursor="{cursor}">'
            f"{text(token)}</resumptionToken>"
        )
    elif position is not None:
        body += f'<resumptionToken cursor="{cursor}"/>'
    return f"<{verb}>{body}</{verb}>"


# --- the response ----------------------------------------------------------------------------

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<OAI-PMH xmlns="{OAI_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
)


def respond(args: dict[str, list[str]], base_url: str, page_url: Callable[[int], str]) -> str:
    """The OAI-PMH response (XML text) to a request with these arguments."""
    now = datestamp(timezone.now())
    try:
        verb = _check_arguments(args)
    except OaiError as exc:
        # After badVerb or badArgument the request element carries the base URL only.
        return _document(now, f"<request>{text(base_url)}</request>", _error(exc))
    single = {name: values[0] for name, values in args.items()}
    attributes = "".join(f' {name}="{text(value)}"' for name, value in sorted(single.items()))
    request = f"<request{attributes}>{text(base_url)}</request>"
    try:
        if verb == "Identify":
            body = _identify(base_url)
        elif verb == "ListMetadataFormats":
            body = _metadata_formats(single)
        elif verb == "ListSets":
            body = _list_sets(single)
        elif verb == "GetRecord":
            body = _get_record(single, page_url)
        else:
            body = _list(verb, single, page_url)
    except OaiError as exc:
        if exc.code == "badArgument":
            request = f"<request>{text(base_url)}</request>"
        return _document(now, request, _error(exc))
    return _document(now, request, body)


def _error(exc: OaiError) -> str:
    return f'<error code="{exc.code}">{text(exc.message)}</error>'


def _document(now: str, request: str, body: str) -> str:
    return f"{_HEAD}<responseDate>{now}</responseDate>{request}{body}</OAI-PMH>\n"
