"""SRU 1.2 and 2.0 at /sru: explain, searchRetrieve and scan, CQL queries, records as MARCXML
or Dublin Core.

Versions: a request that names version 1.1 or 1.2 (or gives an ``operation``, as 1.x clients
do) is answered in the 1.2 namespace (http://www.loc.gov/zing/srw/); version 2.0, or a 2.0
request with no operation, in the OASIS searchRetrieve 2.0 namespaces. Every problem is an
SRU diagnostic (info:srw/diagnostic/1/N) in an HTTP 200 response, as clients expect; a record
that may not be sent (restricted access) is replaced by a surrogate diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from thuvien.catalogue.marc import MarcRecord
from thuvien.errors import ThuvienError
from thuvien.interop import cql, exposure, metadata, sru_search
from thuvien.interop.metadata import text
from thuvien.search.backends.base import IndexMissing

SRW_NS = "http://www.loc.gov/zing/srw/"
DIAG_NS = "http://www.loc.gov/zing/srw/diagnostic/"
SRU2_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
DIAG2_NS = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
EXPLAIN_NS = "http://explain.z3950.org/dtd/2.0/"
SRW_DC_NS = "info:srw/schema/1/dc-schema"
SCHEMAS = {
    "marcxml": ("info:srw/schema/1/marcxml-v1.1", "MARCXML"),
    "dc": ("info:srw/schema/1/dc-v1.1", "Dublin Core"),
}
_SCHEMA_NAMES = {
    "marcxml": "marcxml", "marc21": "marcxml", "marcxml-v1.1": "marcxml",
    "info:srw/schema/1/marcxml-v1.1": "marcxml", "http://www.loc.gov/marc21/slim": "marcxml",
    "dc": "dc", "info:srw/schema/1/dc-v1.1": "dc", "info:srw/schema/1/dc-schema": "dc",
    "http://purl.org/dc/elements/1.1/": "dc",
}  # fmt: skip
DEFAULT_RECORDS = 10
MAX_RECORDS = 100
MAX_TERMS = 100
# The engine collects startRecord + maximumRecords hits to return the last few: past this
# position a page costs memory in proportion, so deeper paging is refused (diagnostic 61);
# whole harvests go through OAI-PMH, whose pages cost the same at any depth.
MAX_START = 100_000
_DIGITS = 9  # longer numbers are refused before they are converted (no overflow, no int limit)
KNOWN = frozenset(
    {"operation", "version", "query", "startRecord", "maximumRecords", "recordPacking",
     "recordSchema", "resultSetTTL", "sortKeys", "stylesheet", "extraRequestData",
     "scanClause", "responsePosition", "maximumTerms", "queryType", "recordXMLEscaping",
     "httpAccept", "recordXPath", "responseType", "renderedBy"}
)  # fmt: skip
MESSAGES = {
    1: "General system error", 4: "Unsupported operation", 5: "Unsupported version",
    6: "Unsupported parameter value", 7: "Mandatory parameter not supplied",
    8: "Unsupported parameter", 10: "Query syntax error", 15: "Unsupported context set",
    16: "Unsupported index", 19: "Unsupported relation", 20: "Unsupported relation modifier",
    24: "Unsupported combination of relation and term", 27: "Empty term unsupported",
    28: "Masking character not supported", 29: "Masked words too short",
    31: "Anchoring character not supported",
    33: "Combination of proximity/adjacency and masking characters not supported",
    36: "Term in invalid format for index or relation", 39: "Proximity not supported",
    40: "Unsupported proximity relation", 41: "Unsupported proximity distance",
    42: "Unsupported proximity unit", 46: "Unsupported boolean modifier",
    49: "Masking character in unsupported position", 61: "First record position out of range",
    66: "Unknown schema for retrieval", 68: "Not authorised to send record",
    71: "Unsupported record packing", 82: "Unsupported sort sequence",
    84: "Too many sort keys", 110: "Stylesheets not supported",
    120: "Response position out of range",
}  # fmt: skip


class Diagnostic(Exception):
    def __init__(self, number: int, details: str = "", message: str = "") -> None:
        super().__init__(message or MESSAGES.get(number, ""))
        self.number = number
        self.details = details
        self.message = message or MESSAGES.get(number, "")


@dataclass(frozen=True)
class Server:
    """Where this endpoint is, for explain and the record links."""

    host: str
    port: int
    database: str
    page_url: Callable[[int], str]


@dataclass(frozen=True)
class Version:
    number: str

    @property
    def two(self) -> bool:
        return self.number == "2.0"

    def root(self, name: str) -> str:
        if self.two:
            return f'<sruResponse:{name} xmlns:sruResponse="{SRU2_NS}">'
        return f'<srw:{name} xmlns:srw="{SRW_NS}">'

    def el(self, name: str, value: str) -> str:
        prefix = "sruResponse" if self.two else "srw"
        return f"<{prefix}:{name}>{value}</{prefix}:{name}>"

    def close(self, name: str) -> str:
        return f"</{'sruResponse' if self.two else 'srw'}:{name}>"


def _diagnostic_xml(version: Version, diagnostic: Diagnostic) -> str:
    ns = DIAG2_NS if version.two else DIAG_NS
    details = (
        f"<diag:details>{text(diagnostic.details)}</diag:details>" if diagnostic.details else ""
    )
    return (
        f'<diag:diagnostic xmlns:diag="{ns}">'
        f"<diag:uri>info:srw/diagnostic/1/{diagnostic.number}</diag:uri>{details}"
        f"<diag:message>{text(diagnostic.message)}</diag:message></diag:diagnostic>"
    )


def _diagnostics(version: Version, name: str, diagnostic: Diagnostic) -> str:
    body = version.el("version", version.number)
    if name == "searchRetrieveResponse":
        body += version.el("numberOfRecords", "0")
    body += version.el("diagnostics", _diagnostic_xml(version, diagnostic))
    return _document(version.root(name) + body + version.close(name))


def _document(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


# --- parameters ------------------------------------------------------------------------------


def _version(args: dict[str, str]) -> Version:
    asked = args.get("version", "")
    if asked in ("1.1", "1.2"):
        return Version(asked)
    if asked == "2.0" or (not asked and "operation" not in args and "query" in args):
        return Version("2.0")
    if not asked:
        return Version("1.2")
    raise Diagnostic(5, "2.0", f"Version {asked} is not supported; use 1.1, 1.2 or 2.0.")


def _number(args: dict[str, str], name: str, default: int, low: int) -> int:
    raw = args.get(name, "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw.lstrip("0")) > _DIGITS or int(raw) < low:
        raise Diagnostic(6, name, f"{name} must be a whole number from {low} to {10**_DIGITS - 1}.")
    return int(raw)


def _schema(args: dict[str, str]) -> str:
    asked = args.get("recordSchema", "marcxml")
    schema = _SCHEMA_NAMES.get(asked.lower() if "://" not in asked else asked)
    if schema is None:
        raise Diagnostic(66, asked, f"The record schema '{asked}' is unknown; use marcxml or dc.")
    return schema


def _packing(args: dict[str, str], version: Version) -> str:
    name = "recordXMLEscaping" if version.two else "recordPacking"
    packing = args.get(name, "xml")
    if packing not in ("xml", "string"):
        raise Diagnostic(71, packing, f"{name} must be xml or string.")
    return packing


def _check_parameters(args: dict[str, str], repeated: list[str]) -> None:
    if repeated:
        raise Diagnostic(6, repeated[0], f"The parameter {repeated[0]} is repeated.")
    for name in args:
        if name not in KNOWN and not name.startswith("x-"):
            raise Diagnostic(8, name, f"The parameter {name} is not supported.")
    if args.get("stylesheet"):
        raise Diagnostic(110, "", "Stylesheets are not supported.")


# --- operations ------------------------------------------------------------------------------


def _record_data(record: MarcRecord, schema: str, page_url: str) -> str:
    if schema == "marcxml":
        return metadata.marcxml(record)
    elements = "".join(
        f"<dc:{element}>{text(value)}</dc:{element}>"
        for element, value in metadata.dublin_core(record, page_url=page_url)
    )
    return (
        f'<srw_dc:dc xmlns:srw_dc="{SRW_DC_NS}" xmlns:dc="{metadata.DC_NS}">{elements}</srw_dc:dc>'
    )


@dataclass(frozen=True)
class Page:
    ids: list[int]
    start: int
    schema: str
    packing: str


def _one_record(marc: MarcRecord | None, pk: int, page: Page, version: Version, url: str) -> str:
    """One record's data, or the surrogate diagnostic that stands in for it."""
    if marc is None:
        return _diagnostic_xml(version, Diagnostic(65, str(pk), "Record does not exist"))
    shown = exposure.shown(marc)
    if shown is None:
        return _diagnostic_xml(version, Diagnostic(68, str(pk), "Not authorised to send record"))
    return _record_data(shown, page.schema, url)


def _records(page: Page, version: Version, server: Server) -> str:
    rows = {
        pk: MarcRecord.from_stored(leader, marc)
        for pk, leader, marc in exposure.published_records()
        .filter(pk__in=page.ids)
        .values_list("id", "leader", "marc")
    }
    escaping = "recordXMLEscaping" if version.two else "recordPacking"
    parts = []
    for position, pk in enumerate(page.ids, page.start):
        marc = rows.get(pk)
        data = _one_record(marc, pk, page, version, server.page_url(pk))
        shown = marc is not None and not exposure.restricted(marc)
        uri = SCHEMAS[page.schema][0] if shown else "info:srw/schema/1/diagnostics-v1.1"
        if page.packing == "string":
            data = text(data)
        parts.append(
            version.el("record",
                       version.el("recordSchema", uri) + version.el(escaping, page.packing)
                       + version.el("recordData", data)
                       + version.el("recordPosition", str(position)))
        )  # fmt: skip
    return "".join(parts)


def search_retrieve(args: dict[str, str], version: Version, server: Server) -> str:
    query_text = args.get("query", "")
    if "query" not in args:
        raise Diagnostic(7, "query", "The query parameter is required for searchRetrieve.")
    query_type = args.get("queryType", "cql")
    if query_type != "cql":
        raise Diagnostic(
            6, "queryType", f"The query type '{query_type}' is not supported; use cql."
        )
    start = _number(args, "startRecord", 1, 1)
    if start > MAX_START:
        raise Diagnostic(
            61, str(start), f"startRecord may be at most {MAX_START}; harvest with OAI-PMH."
        )
    maximum = min(_number(args, "maximumRecords", DEFAULT_RECORDS, 0), MAX_RECORDS)
    schema = _schema(args)
    packing = _packing(args, version)
    try:
        parsed = cql.parse(query_text)
    except cql.CqlSyntaxError as exc:
        raise Diagnostic(10, str(exc.position), f"Query syntax error: {exc.message}") from None
    try:
        found = sru_search.search(parsed, start - 1, maximum)
    except sru_search.Unsupported as exc:
        raise Diagnostic(exc.number, exc.details, exc.message) from None
    except IndexMissing:
        raise Diagnostic(1, "", "The search index has not been built yet.") from None
    except ThuvienError as exc:  # the engine's own refusals (an outdated index, say)
        raise Diagnostic(1, "", exc.message) from None
    if found.total and start > found.total:
        raise Diagnostic(
            61, str(start), f"startRecord {start} is past the last record ({found.total})."
        )
    name = "searchRetrieveResponse"
    body = version.el("version", version.number) + version.el("numberOfRecords", str(found.total))
    if found.ids:
        page = Page(found.ids, start, schema, packing)
        body += version.el("records", _records(page, version, server))
    following = start + len(found.ids)
    if found.ids and following <= found.total:
        body += version.el("nextRecordPosition", str(following))
    if version.two:
        body += version.el(
            "resultCountPrecision", "info:srw/vocabulary/resultCountPrecision/1/exact"
        )
    return _document(version.root(name) + body + version.close(name))


SCAN2_NS = "http://docs.oasis-open.org/ns/search-ws/scan"


def scan(args: dict[str, str], version: Version) -> str:
    if "scanClause" not in args:
        raise Diagnostic(7, "scanClause", "The scanClause parameter is required for scan.")
    if _number(args, "responsePosition", 1, 0) != 1:
        raise Diagnostic(
            120, args["responsePosition"], "Only responsePosition=1 is supported: terms from the "
            "scan term on.",
        )  # fmt: skip
    maximum = min(_number(args, "maximumTerms", 20, 1), MAX_TERMS)
    try:
        clause = cql.parse(args["scanClause"]).root
        terms = sru_search.scan(clause, maximum)
    except cql.CqlSyntaxError as exc:
        raise Diagnostic(10, str(exc.position), f"Query syntax error: {exc.message}") from None
    except sru_search.Unsupported as exc:
        raise Diagnostic(exc.number, exc.details, exc.message) from None
    except ThuvienError as exc:
        raise Diagnostic(1, "", exc.message) from None
    items = []
    for position, (value, records) in enumerate(terms, 1):
        where = ("only" if len(terms) == 1 else "first" if position == 1
                 else "last" if position == len(terms) else "inner")  # fmt: skip
        parts = (
            version.el("value", text(value)) + version.el("numberOfRecords", str(records))
            + version.el("displayTerm", text(value)) + version.el("whereInList", where)
        )  # fmt: skip
        items.append(version.el("term", parts))
    name = "scanResponse"
    root = (f'<sruResponse:{name} xmlns:sruResponse="{SCAN2_NS}">' if version.two
            else version.root(name))  # fmt: skip
    body = version.el("version", version.number)
    if items:
        body += version.el("terms", "".join(items))
    return _document(root + body + version.close(name))


def explain(version: Version, server: Server) -> str:
    record = _explain_record(server)
    escaping = "recordXMLEscaping" if version.two else "recordPacking"
    inner = (
        version.el("recordSchema", EXPLAIN_NS) + version.el(escaping, "xml")
        + version.el("recordData", record) + version.el("recordPosition", "1")
    )  # fmt: skip
    name = "explainResponse"
    body = version.el("version", version.number) + version.el("record", inner)
    return _document(version.root(name) + body + version.close(name))


def _explain_record(server: Server) -> str:
    sets = "".join(
        f'<set name="{name}" identifier="{uri}"/>' for name, uri in sru_search.CONTEXT_SETS.items()
    )
    indexes = "".join(
        f'<index search="true" scan="{str(kind.startswith("text:") and kind != "text:").lower()}"'
        f' sort="{str(name in sru_search.SORTS).lower()}">'
        f"<title>{text(short)}.{text(name)}</title>"
        f'<map><name set="{short}">{text(name)}</name></map></index>'
        for (short, name), kind in sru_search.INDEXES.items()
    )
    schemas = "".join(
        f'<schema identifier="{uri}" name="{name}" sort="false" retrieve="true">'
        f"<title>{title}</title></schema>"
        for name, (uri, title) in SCHEMAS.items()
    )
    return (
        f'<explain xmlns="{EXPLAIN_NS}">'
        f'<serverInfo protocol="SRU" version="1.2 2.0"><host>{text(server.host)}</host>'
        f"<port>{server.port}</port><database>{text(server.database)}</database></serverInfo>"
        '<databaseInfo><title lang="vi" primary="true">Mục lục liên hợp của mạng lưới thư viện'
        '</title><title lang="en">Union catalogue of the library network</title>'
        "<description>Tìm kiếm bằng CQL trên mọi bản ghi công khai / CQL search over every "
        "public record</description></databaseInfo>"
        f"<indexInfo>{sets}{indexes}</indexInfo>"
        f"<schemaInfo>{schemas}</schemaInfo>"
        f'<configInfo><default type="numberOfRecords">{DEFAULT_RECORDS}</default>'
        f'<default type="contextSet">{sru_search.DEFAULT_SET}</default>'
        f'<setting type="maximumRecords">{MAX_RECORDS}</setting>'
        '<supports type="relation">=</supports><supports type="relation">==</supports>'
        '<supports type="relation">all</supports><supports type="relation">any</supports>'
        '<supports type="relation">adj</supports><supports type="relation">&lt;&gt;</supports>'
        '<supports type="relation">within</supports><supports type="booleanModifier">prox'
        '</supports><supports type="maskingCharacter">*</supports>'
        '<supports type="sortModifier">sort.descending</supports>'
        "</configInfo></explain>"
    )


def respond(query: dict[str, list[str]], server: Server) -> str:
    """The SRU response (XML text) to a request with these parameters."""
    args = {name: values[-1] for name, values in query.items()}
    repeated = [name for name, values in query.items() if len(values) > 1]
    try:
        version = _version(args)
    except Diagnostic as exc:
        return _diagnostics(Version("1.2"), "explainResponse", exc)
    operation = args.get("operation") or (
        "searchRetrieve" if "query" in args else "scan" if "scanClause" in args else "explain"
    )
    names = {"searchRetrieve": "searchRetrieveResponse", "explain": "explainResponse",
             "scan": "scanResponse"}  # fmt: skip
    name = names.get(operation, "explainResponse")
    try:
        _check_parameters(args, repeated)
        if operation == "searchRetrieve":
            return search_retrieve(args, version, server)
        if operation == "explain":
            return explain(version, server)
        if operation == "scan":
            return scan(args, version)
        raise Diagnostic(4, operation, f"The operation '{operation}' is not supported.")
    except Diagnostic as exc:
        return _diagnostics(version, name, exc)


# --- SRW: SRU carried in SOAP -----------------------------------------------------------------

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
_SOAP_OPERATIONS = {
    "searchRetrieveRequest": "searchRetrieve",
    "explainRequest": "explain",
    "scanRequest": "scan",
}


def respond_soap(body: bytes, server: Server) -> str:
    """An SRW (SOAP) request: its parameters are the request element's children; the answer
    is the SRU 1.2 response in a SOAP envelope."""
    parameters: dict[str, list[str]] = {}
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        envelope = etree.fromstring(body, parser)
        request = next(iter(envelope.iterfind(f"{{{SOAP_NS}}}Body/*")), None)
    except etree.XMLSyntaxError:
        request = None
    if request is None:
        parameters = {"version": ["1.2"], "operation": ["explain"]}
    else:
        name = etree.QName(request).localname
        parameters["operation"] = [_SOAP_OPERATIONS.get(name, name)]
        for child in request:
            if isinstance(child.tag, str) and child.text is not None:
                local = etree.QName(child).localname
                parameters.setdefault(local, []).append(child.text)
        parameters["version"] = parameters.get("version", ["1.2"])[-1:]
    answer = respond(parameters, server).split("\n", 1)[1]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP_NS}">'
        f"<SOAP-ENV:Body>{answer.strip()}</SOAP-ENV:Body></SOAP-ENV:Envelope>\n"
    )
