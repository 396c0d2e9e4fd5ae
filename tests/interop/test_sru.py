"""SRU 1.2 and 2.0 at /sru: explain, searchRetrieve with CQL mapped onto the search engine,
both record schemas, paging, SRW (SOAP), and the diagnostics of every refusal."""

from __future__ import annotations

import pytest
from django.test import Client
from lxml import etree

from thuvien.testing.portal import COMMUNE, PortalData

from .conftest import DONOR, PRICE

SRW = {"s": "http://www.loc.gov/zing/srw/", "d": "http://www.loc.gov/zing/srw/diagnostic/",
       "m": "http://www.loc.gov/MARC21/slim", "dc": "http://purl.org/dc/elements/1.1/",
       "z": "http://explain.z3950.org/dtd/2.0/"}  # fmt: skip
SRU2 = {"s": "http://docs.oasis-open.org/ns/search-ws/sruResponse",
        "d": "http://docs.oasis-open.org/ns/search-ws/diagnostic",
        "m": "http://www.loc.gov/MARC21/slim"}  # fmt: skip


def sru(client: Client, **params: str) -> etree._Element:
    response = client.get("/sru", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def search(client: Client, query: str, **params: str) -> etree._Element:
    return sru(client, operation="searchRetrieve", version="1.2", query=query, **params)


def titles(tree: etree._Element) -> list[str]:
    return [
        " ".join(f.xpath("m:subfield[@code='a' or @code='b']/text()", namespaces=SRW))
        for f in tree.xpath("//m:datafield[@tag='245']", namespaces=SRW)
    ]


def total(tree: etree._Element, ns: dict[str, str] = SRW) -> int:
    return int(tree.findtext("s:numberOfRecords", namespaces=ns) or -1)


def diagnostic(tree: etree._Element, ns: dict[str, str] = SRW) -> tuple[str, str, str]:
    found = tree.find("s:diagnostics/d:diagnostic", ns)
    assert found is not None, etree.tostring(tree)
    return (
        found.findtext("d:uri", namespaces=ns) or "",
        found.findtext("d:details", namespaces=ns) or "",
        found.findtext("d:message", namespaces=ns) or "",
    )


def test_explain_lists_indexes_schemas_and_defaults(client: Client) -> None:
    for params in ({}, {"operation": "explain", "version": "1.2"}):
        tree = sru(client, **params)
        assert etree.QName(tree).localname == "explainResponse"
        assert tree.findtext("s:version", namespaces=SRW) == "1.2"
        assert tree.findtext("s:record/s:recordSchema", namespaces=SRW) == SRW["z"]
        indexes = tree.xpath("//z:index/z:title/text()", namespaces=SRW)
        assert {"dc.title", "dc.creator", "dc.subject", "dc.date", "bath.isbn"} <= set(indexes)
        schemas = tree.xpath("//z:schema/@name", namespaces=SRW)
        assert schemas == ["marcxml", "dc"]
    tree = sru(client, operation="explain", version="2.0")
    assert tree.tag == f"{{{SRU2['s']}}}explainResponse"


def test_words_phrases_booleans_and_accents(client: Client, indexed: PortalData) -> None:
    assert titles(search(client, 'dc.title all "thư viện số"'))[0].startswith("Thư viện số")
    # Folded forms match: typed without diacritics it is still found.
    assert total(search(client, 'dc.title="thu vien so"')) == 2  # the province's and the commune's
    assert total(search(client, 'dc.title adj "viện số"')) == 2
    assert total(search(client, 'dc.title adj "số viện"')) == 0
    found = search(client, 'dc.title any "indochine digital"')
    assert sorted(titles(found)) == ["Digital libraries /", "Histoire de l'Indochine."]
    both = search(client, "dc.creator=arms or dc.title=indochine")
    assert total(both) == 2
    assert total(search(client, "dc.title=thư and dc.title=viện not dc.title=tạp")) == 2
    assert total(search(client, "cql.allRecords=1")) == 8  # the restricted one not
    assert total(search(client, "cql.allRecords=1 not dc.title=thư")) == 5
    assert total(search(client, 'dc.subject="thư viện số" and dc.date=2021')) == 2


def test_relations_on_dates_identifiers_masking_and_proximity(
    client: Client, indexed: PortalData
) -> None:
    assert total(search(client, "dc.date<1990")) == 1  # 1920: the restricted 1985 is not found
    assert total(search(client, "dc.date>=2021")) == 4
    assert total(search(client, 'dc.date within "1900 1999"')) == 1
    assert total(search(client, "dc.date<>2021")) == 6
    assert titles(search(client, "bath.isbn=9786040000019"))[0].startswith("Thư viện số")
    assert titles(search(client, "bath.isbn=0262011808")) == ["Digital libraries /"]
    assert titles(search(client, "bath.issn=1859-1450")) == ["Tạp chí Thư viện Việt Nam."]
    assert titles(search(client, "dc.title=indoch*")) == ["Histoire de l'Indochine."]
    assert total(search(client, "dc.title=thư prox/distance<=1 số")) == 0  # "thư viện số"
    assert total(search(client, "dc.title=thư prox/distance<=2/ordered số")) == 2
    assert total(search(client, "dc.title=viện prox/ordered thư")) == 0
    assert total(search(client, "dc.title=viện prox thư")) == 3  # unordered by default
    assert total(search(client, f"thuvien.library={COMMUNE}")) == 1
    assert total(search(client, "dc.language=fre")) == 1
    prefixed = '>t="https://thuvien.vn/cql/context-set/1.0" t.type=serial'
    assert titles(search(client, prefixed)) == ["Tạp chí Thư viện Việt Nam."]


def test_sort_and_paging(client: Client, indexed: PortalData) -> None:
    page = search(client, "cql.allRecords=1 sortBy dc.date/sort.descending", maximumRecords="3")
    years = page.xpath("//m:datafield[@tag='260']/m:subfield[@code='c']/text()", namespaces=SRW)
    assert years[:2] == ["2024.", "2023."]
    assert page.findtext("s:nextRecordPosition", namespaces=SRW) == "4"
    positions = page.xpath("//s:recordPosition/text()", namespaces=SRW)
    assert positions == ["1", "2", "3"]
    last = search(client, "cql.allRecords=1 sortBy dc.date", startRecord="7", maximumRecords="5")
    assert last.xpath("//s:recordPosition/text()", namespaces=SRW) == ["7", "8"]
    assert last.find("s:nextRecordPosition", SRW) is None
    count_only = search(client, "dc.title=thư", maximumRecords="0")
    assert total(count_only) == 3
    assert count_only.find("s:records", SRW) is None


def test_dublin_core_and_string_packing(client: Client, indexed: PortalData) -> None:
    tree = search(client, "dc.title=indochine", recordSchema="dc")
    assert tree.xpath("string(//s:recordSchema)", namespaces=SRW) == "info:srw/schema/1/dc-v1.1"
    assert tree.xpath("//dc:title/text()", namespaces=SRW) == ["Histoire de l'Indochine"]
    assert tree.xpath("//dc:publisher/text()", namespaces=SRW) == ["Plon"]
    packed = search(client, "dc.title=indochine", recordPacking="string")
    data = packed.xpath("string(//s:recordData)", namespaces=SRW)
    assert data.startswith('<record xmlns="http://www.loc.gov/MARC21/slim"')


def test_version_2_answers_in_the_oasis_namespaces(client: Client, indexed: PortalData) -> None:
    tree = sru(client, query="dc.title=indochine", recordXMLEscaping="xml")
    assert tree.tag == f"{{{SRU2['s']}}}searchRetrieveResponse"
    assert tree.findtext("s:version", namespaces=SRU2) == "2.0"
    assert total(tree, SRU2) == 1
    assert tree.xpath("//s:recordData/m:record", namespaces=SRU2)
    bad = sru(client, version="2.0", query="dc.nothing=1")
    assert diagnostic(bad, SRU2) == (
        "info:srw/diagnostic/1/16", "dc.nothing", "The index dc.nothing is not supported here.",
    )  # fmt: skip


def test_restricted_records_are_not_found_and_private_fields_never_leave(
    client: Client, indexed: PortalData
) -> None:
    """A restricted record is not indexed for the public (thuvien.catalogue.exposure): not
    even the count of hits tells it exists. (Diagnostic 68 stays for a record restricted
    after the index last saw it.)"""
    tree = search(client, 'dc.title="hạn chế"')
    assert total(tree) == 0
    assert "Hồ sơ hạn chế" not in etree.tostring(tree, encoding="unicode")
    everything = client.get(
        "/sru", {"operation": "searchRetrieve", "version": "1.2", "query": "cql.allRecords=1",
                 "maximumRecords": "100"},
    ).content.decode()  # fmt: skip
    for secret in (DONOR, PRICE, "Ghi chú nội bộ", "TA000001"):
        assert secret not in everything


def test_every_form_of_the_grammar_searches_as_written(client: Client, indexed: PortalData) -> None:
    plain = sorted(titles(search(client, "dc.title=indochine or dc.creator=arms")))
    assert plain == ["Digital libraries /", "Histoire de l'Indochine."]
    for query in (
        '> dc = "info:srw/cql-context-set/1/dc-v1.1" (dc.title = indochine or dc.creator = arms)',
        '> d = "info:srw/cql-context-set/1/dc-v1.1" d.title any/rel.algorithm=cori '
        '(indochine or "digital")',
        "dc.title=indochine or/rel.combine=sum dc.creator=arms",
        'dc.title any "indochine" "digital"',
        '> "info:srw/cql-context-set/1/dc-v1.1" title any/relevant "indochine digital"',
    ):
        assert sorted(titles(search(client, query))) == plain, query
    assert total(search(client, "dc.title = (indochine and digital)")) == 0
    assert total(search(client, 'dc.title=indochine and/rel.combine=sum "histoire"')) == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"query": "dc.title=(thư"}, ("10", "14",
         "Query syntax error: expected ')', found the end of the query")),
        ({"query": "a sortBy dc.title = x"}, ("10", "19",
         "Query syntax error: expected a sort index or the end of the query, found '='")),
        ({"query": "a and/cql.unknown b"}, ("46", "cql.unknown",
         "The boolean modifier 'cql.unknown' is not supported.")),
        ({"query": "a and"}, ("10", "6",
         "Query syntax error: expected a search term or '(', found the end of the query")),
        ({"query": "dc.shelf=1"}, ("16", "dc.shelf", "The index dc.shelf is not supported here.")),
        ({"query": "marc.245=x"}, ("15", "marc",
         "The context set prefix 'marc' is not known here.")),
        ({"query": '>x="urn:nothing" x.title=a'}, ("15", "urn:nothing",
         "The context set urn:nothing is not supported here.")),
        ({"query": "dc.title encloses x"}, ("19", "encloses",
         "The relation 'encloses' is not supported for dc.title.")),
        ({"query": "dc.title=/fuzzy x"}, ("20", "fuzzy",
         "The relation modifier 'fuzzy' is not supported.")),
        ({"query": "dc.title=th?"}, ("28", "th?",
         "The masking character '?' is not supported; use '*' at the end of a word.")),
        ({"query": "dc.title=*ư"}, ("49", "*ư", "'*' is supported only at the end of the term.")),
        ({"query": "dc.date=năm"}, ("36", "năm", "'năm' is not a year (such as 2021).")),
        ({"query": "a prox/unit=sentence b"}, ("42", "sentence",
         "The proximity unit 'sentence' is not supported; use word.")),
        ({"query": "a sortBy dc.title dc.date"}, ("84", "1", "Sort by one index only.")),
        ({"query": "a sortBy dc.title/sort.descending"}, ("82", "dc.title",
         "Only dates can be sorted in descending order.")),
        ({"query": "a", "recordSchema": "mods"}, ("66", "mods",
         "The record schema 'mods' is unknown; use marcxml or dc.")),
        ({"query": "a", "recordPacking": "json"}, ("71", "json",
         "recordPacking must be xml or string.")),
        ({"query": "a", "startRecord": "0"}, ("6", "startRecord",
         "startRecord must be a whole number from 1 to 999999999.")),
        # issue 14: these answered 500 (OverflowError, RecursionError)
        ({"query": "a", "startRecord": "99999999999999999999"}, ("6", "startRecord",
         "startRecord must be a whole number from 1 to 999999999.")),
        ({"query": "a", "startRecord": "9" * 5000}, ("6", "startRecord",
         "startRecord must be a whole number from 1 to 999999999.")),
        ({"query": "a", "startRecord": "²"}, ("6", "startRecord",
         "startRecord must be a whole number from 1 to 999999999.")),
        ({"query": "a", "startRecord": "100001"}, ("61", "100001",
         "startRecord may be at most 100000; harvest with OAI-PMH.")),
        ({"query": "a", "maximumRecords": "99999999999999999999"}, ("6", "maximumRecords",
         "maximumRecords must be a whole number from 0 to 999999999.")),
        ({"query": "(" * 400 + "a" + ")" * 400}, ("10", "102",
         "Query syntax error: the query nests deeper than 100 levels")),
        ({"query": "a=" * 400 + "b"}, ("10", "203",
         "Query syntax error: the query nests deeper than 100 levels")),
        ({"query": "a and " * 300 + "a"}, ("10", "1203",
         "Query syntax error: the query joins more than 200 clauses, found 'and'")),
        ({"query": "dc.title=indochine", "startRecord": "5"}, ("61", "5",
         "startRecord 5 is past the last record (1).")),
        ({"query": "a", "stylesheet": "x.xsl"}, ("110", "", "Stylesheets are not supported.")),
        ({"query": "a", "colour": "red"}, ("8", "colour",
         "The parameter colour is not supported.")),
        ({}, ("7", "query", "The query parameter is required for searchRetrieve.")),
    ],
)  # fmt: skip
def test_refusals_are_sru_diagnostics(
    client: Client, indexed: PortalData, params: dict[str, str], expected: tuple[str, str, str]
) -> None:
    tree = sru(client, operation="searchRetrieve", version="1.2", **params)
    assert etree.QName(tree).localname == "searchRetrieveResponse"
    assert total(tree) == 0
    uri, details, message = expected
    assert diagnostic(tree) == (f"info:srw/diagnostic/1/{uri}", details, message)


def test_unsupported_versions_and_operations(client: Client) -> None:
    assert diagnostic(sru(client, operation="explain", version="3.0")) == (
        "info:srw/diagnostic/1/5", "2.0", "Version 3.0 is not supported; use 1.1, 1.2 or 2.0.",
    )  # fmt: skip
    assert diagnostic(sru(client, operation="update", version="1.2")) == (
        "info:srw/diagnostic/1/4", "update", "The operation 'update' is not supported.",
    )  # fmt: skip


def test_srw_soap_requests_get_soap_answers(client: Client, indexed: PortalData) -> None:
    body = (
        '<?xml version="1.0"?><SOAP-ENV:Envelope '
        'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>'
        '<zs:searchRetrieveRequest xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2'
        "</zs:version><zs:query>dc.title=indochine</zs:query><zs:startRecord>1</zs:startRecord>"
        "<zs:maximumRecords>1</zs:maximumRecords></zs:searchRetrieveRequest></SOAP-ENV:Body>"
        "</SOAP-ENV:Envelope>"
    )
    response = client.post("/sru", body, content_type="text/xml")
    tree = etree.fromstring(response.content)
    answer = tree.find(
        "{http://schemas.xmlsoap.org/soap/envelope/}Body/s:searchRetrieveResponse", SRW
    )
    assert answer is not None
    assert titles(answer) == ["Histoire de l'Indochine."]


def test_scan_lists_titles_names_and_subjects_but_nothing_restricted(
    client: Client, indexed: PortalData
) -> None:
    tree = sru(client, operation="scan", version="1.2", scanClause="dc.title=thu")
    assert etree.QName(tree).localname == "scanResponse"
    terms = [
        (t.findtext("s:value", namespaces=SRW), t.findtext("s:numberOfRecords", namespaces=SRW))
        for t in tree.iterfind("s:terms/s:term", SRW)
    ]
    assert terms == [("Thư viện số chuyển đổi số trong thư viện công cộng", "2")]
    names = sru(client, operation="scan", version="1.2", scanClause='dc.creator=""')
    assert names.xpath("//s:value/text()", namespaces=SRW) == [
        "Arms, William Y.", "Lê Thị Bình", "Nguyễn Văn An", "Nguyễn Văn Hùng",
        "O'Brien & Sons, Kate_{x}", "Trần Thị Mỹ Linh",
    ]  # fmt: skip
    hidden = sru(client, operation="scan", version="1.2", scanClause='dc.title="hồ sơ"')
    assert hidden.find("s:terms", SRW) is None
    refused = sru(client, operation="scan", version="1.2", scanClause="dc.date=2")
    assert diagnostic(refused)[:2] == ("info:srw/diagnostic/1/16", "dc.date")
    missing = sru(client, operation="scan", version="1.2")
    assert diagnostic(missing) == (
        "info:srw/diagnostic/1/7", "scanClause", "The scanClause parameter is required for scan.",
    )  # fmt: skip
