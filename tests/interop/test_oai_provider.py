"""OAI-PMH 2.0 provider: the six verbs, both formats, sets, deletions, datestamps, resumption
and every error, checked against the official schemas with xmllint."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from thuvien.catalogue import services
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.interop import oai_tokens
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.portal import COMMUNE, PROVINCE, PortalData

from .conftest import DONOR, NS, PRICE, error_of, oai, xmllint

ID = "oai:thuvien.vn:{}"


def ids_of(tree: etree._Element) -> list[int]:
    return [
        int(i.rsplit(":", 1)[1])
        for i in tree.xpath("//o:header/o:identifier/text()", namespaces=NS)
    ]


def harvest(client: Client, verb: str = "ListIdentifiers", **args: str) -> list[etree._Element]:
    """Every page of a list."""
    pages = [oai(client, verb=verb, **args)]
    while True:
        token = pages[-1].findtext(f"o:{verb}/o:resumptionToken", namespaces=NS)
        if not token:
            return pages
        pages.append(oai(client, verb=verb, resumptionToken=token))


def public_ids(catalogue: PortalData) -> set[int]:
    return {pk for key, pk in catalogue.ids.items() if key != "authority"} | {
        catalogue.elsewhere["digital"]
    }


def test_identify_says_deletions_are_kept_and_datestamps_have_seconds(client: Client) -> None:
    tree = oai(client, verb="Identify")
    identify = tree.find("o:Identify", NS)
    assert identify is not None
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://testserver/oai"
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert tree.findtext("o:request", namespaces=NS) == "http://testserver/oai"


def test_every_answer_is_valid_against_the_official_schemas(
    client: Client, catalogue: PortalData, schema: Path, tmp_path: Path, settings: Any
) -> None:
    settings.THUVIEN_OAI_PAGE_SIZE = 3
    first = ID.format(catalogue.ids["digital"])
    requests = [
        {"verb": "Identify"},
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": first},
        {"verb": "ListSets"},
        {"verb": "GetRecord", "identifier": first, "metadataPrefix": "oai_dc"},
        {"verb": "GetRecord", "identifier": first, "metadataPrefix": "marc21"},
        {"verb": "ListIdentifiers", "metadataPrefix": "marc21"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "marc21", "set": f"library:{PROVINCE}"},
        {"verb": "Nonsense"},
        {"verb": "ListRecords"},
        {"verb": "GetRecord", "identifier": "oai:elsewhere:1", "metadataPrefix": "marc21"},
        {"verb": "ListRecords", "metadataPrefix": "mods"},
        {"verb": "ListRecords", "resumptionToken": "forged"},
        {"verb": "ListRecords", "metadataPrefix": "marc21", "from": "2999-01-01"},
    ]
    for args in requests:
        response = client.get("/oai", args)
        assert xmllint(schema, response.content, tmp_path) == "", args
    token_page = oai(client, verb="ListRecords", metadataPrefix="marc21")
    token = token_page.findtext("o:ListRecords/o:resumptionToken", namespaces=NS)
    assert token
    response = client.get("/oai", {"verb": "ListRecords", "resumptionToken": token})
    assert xmllint(schema, response.content, tmp_path) == ""


def test_a_broken_record_would_fail_the_schema_check(
    client: Client, catalogue: PortalData, schema: Path, tmp_path: Path
) -> None:
    """The check above is strict: an element MARCXML does not have is caught."""
    content = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "marc21"}).content
    broken = content.replace(b"<leader>", b"<leaderx/><leader>", 1)
    assert "leaderx': This element is not expected" in xmllint(schema, broken, tmp_path)


def test_marc21_carries_the_record_whole_and_oai_dc_its_description(
    client: Client, catalogue: PortalData
) -> None:
    pk = catalogue.ids["digital"]
    tree = oai(client, verb="GetRecord", identifier=ID.format(pk), metadataPrefix="marc21")
    marc = tree.find(".//m:record", NS)
    assert marc is not None
    tags = [e.get("tag") for e in marc if e.get("tag")]
    assert tags == ["001", "003", "008", "020", "082", "100", "245", "250", "260", "300",
                    "500", "650", "700"]  # fmt: skip
    title = marc.xpath("m:datafield[@tag='245']/m:subfield/text()", namespaces=NS)
    assert title == [
        "Thư viện số :",
        "chuyển đổi số trong thư viện công cộng /",
        "Nguyễn Văn An chủ biên ; Lê Thị Bình dịch.",
    ]
    header = tree.find(".//o:header", NS)
    assert header is not None
    assert header.xpath("o:setSpec/text()", namespaces=NS) == [f"library:{PROVINCE}", "type:book"]
    tree = oai(client, verb="GetRecord", identifier=ID.format(pk), metadataPrefix="oai_dc")
    dc = {(etree.QName(e).localname, e.text) for e in tree.iterfind(".//oai_dc:dc/*", NS)}
    assert ("title", "Thư viện số : chuyển đổi số trong thư viện công cộng") in dc
    assert ("creator", "Nguyễn Văn An") in dc
    assert ("publisher", "Thông tin và Truyền thông") in dc
    assert ("date", "2021") in dc
    assert ("identifier", "ISBN 978-604-0-00001-9") in dc
    assert ("identifier", f"http://testserver/record/{pk}") in dc
    assert ("language", "vie") in dc
    assert ("type", "Text") in dc


def test_restricted_and_personal_data_never_leave(client: Client, catalogue: PortalData) -> None:
    everything = b"".join(
        client.get("/oai", {"verb": "ListRecords", "metadataPrefix": prefix}).content
        for prefix in ("marc21", "oai_dc")
    )
    text = everything.decode()
    for secret in (DONOR, PRICE, "Ghi chú nội bộ", "Hồ sơ hạn chế", "TA000001", "Kho mượn"):
        assert secret not in text
    # The restricted record is announced as deleted, so harvesters drop any copy they had.
    tree = oai(
        client, verb="GetRecord", identifier=ID.format(catalogue.ids["restricted"]),
        metadataPrefix="marc21",
    )  # fmt: skip
    assert tree.find(".//o:header", NS).get("status") == "deleted"  # type: ignore[union-attr]
    assert tree.find(".//o:metadata", NS) is None
    # Authority records are working data: they do not exist for OAI.
    tree = oai(
        client, verb="GetRecord", identifier=ID.format(catalogue.ids["authority"]),
        metadataPrefix="marc21",
    )  # fmt: skip
    assert error_of(tree) == (
        "idDoesNotExist",
        f"'oai:thuvien.vn:{catalogue.ids['authority']}' is not the identifier of a record here.",
    )


def test_sets_per_library_and_material_type(client: Client, catalogue: PortalData) -> None:
    specs = oai(client, verb="ListSets").xpath("//o:setSpec/text()", namespaces=NS)
    assert specs == ["library", f"library:{PROVINCE}", f"library:{COMMUNE}", "type",
                     "type:book", "type:serial", "union", "digital"]  # fmt: skip
    commune = ids_of(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc",
                         set=f"library:{COMMUNE}"))  # fmt: skip
    assert commune == [catalogue.elsewhere["digital"]]
    serials = ids_of(
        oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:serial")
    )
    assert serials == [catalogue.ids["serial"]]
    every = ids_of(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="library"))
    assert set(every) == public_ids(catalogue)
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="library:VN-XX9999")
    assert error_of(tree) == ("noRecordsMatch", "No record matches the arguments given.")
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="library:a b")
    assert error_of(tree) == ("badArgument", "'library:a b' is not a valid setSpec.")


def test_a_deleted_record_stays_as_a_deleted_header(client: Client, catalogue: PortalData) -> None:
    record = catalogue.record("english")
    cataloguer = factories.staff(Role.CATALOGUER, record.library)
    services.delete_record(cataloguer, record)
    identifier = ID.format(catalogue.ids["english"])
    tree = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    header = tree.find(".//o:header", NS)
    assert header is not None
    assert header.get("status") == "deleted"
    assert header.xpath("o:setSpec/text()", namespaces=NS) == [f"library:{PROVINCE}", "type:book"]
    listed = oai(client, verb="ListRecords", metadataPrefix="marc21", set="type:book")
    deleted = listed.xpath("//o:record[o:header/@status='deleted']", namespaces=NS)
    assert [r.findtext("o:header/o:identifier", namespaces=NS) for r in deleted] == [
        ID.format(catalogue.ids["restricted"]),
        identifier,
    ]
    assert all(r.find("o:metadata", NS) is None for r in deleted)
    tree = oai(client, verb="ListMetadataFormats", identifier=identifier)
    assert tree.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "marc21"]


def _stamp(pk: int, when: str) -> None:
    Record.objects.filter(pk=pk).update(updated_at=dt.datetime.fromisoformat(when))


def test_from_and_until_are_inclusive_at_seconds_and_days(
    client: Client, catalogue: PortalData
) -> None:
    Record.objects.update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    _stamp(catalogue.ids["english"], "2025-03-04T10:20:30.250000+00:00")
    _stamp(catalogue.ids["french"], "2025-03-04T10:20:31+00:00")
    english, french = catalogue.ids["english"], catalogue.ids["french"]

    def listed(**args: str) -> list[int]:
        tree = oai(client, verb="ListIdentifiers", metadataPrefix="marc21", **args)
        return [] if tree.find("o:error", NS) is not None else ids_of(tree)

    assert listed(**{"from": "2025-03-04T10:20:30Z"}) == [english, french]
    assert listed(**{"from": "2025-03-04T10:20:31Z"}) == [french]
    assert listed(until="2025-03-04T10:20:30Z")[-1] == english
    assert french not in listed(until="2025-03-04T10:20:30Z")
    assert listed(**{"from": "2025-03-04", "until": "2025-03-04"}) == [english, french]
    assert listed(**{"from": "2025-03-05"}) == []
    stamps = oai(client, verb="ListIdentifiers", metadataPrefix="marc21", **{"from": "2025-01-01"})
    assert stamps.xpath("//o:datestamp/text()", namespaces=NS) == [
        "2025-03-04T10:20:30Z", "2025-03-04T10:20:31Z",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ({}, "badVerb", "The verb argument is missing."),
        ({"verb": "ListAll"}, "badVerb",
         "'ListAll' is not an OAI-PMH verb; use one of Identify, ListMetadataFormats, ListSets, "
         "GetRecord, ListIdentifiers, ListRecords."),
        ({"verb": "Identify", "set": "x"}, "badArgument", "'set' is not an argument of Identify."),
        ({"verb": "ListRecords"}, "badArgument", "The argument 'metadataPrefix' is required."),
        ({"verb": "GetRecord", "metadataPrefix": "marc21"}, "badArgument",
         "The argument 'identifier' is required."),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "marc21"},
         "badArgument", "ResumptionToken is exclusive; remove metadataPrefix."),
        ({"verb": "ListRecords", "metadataPrefix": "marc21", "from": "2025-13"}, "badArgument",
         "'2025-13' is not a datestamp; use YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DD (UTC)."),
        ({"verb": "ListRecords", "metadataPrefix": "marc21", "from": "2025-01-01",
          "until": "2025-02-01T00:00:00Z"}, "badArgument",
         "The from and until arguments have different granularities."),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat",
         "The metadata format 'mods' is not supported; use one of oai_dc, marc21."),
        ({"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": "oai:thuvien.vn:x"},
         "idDoesNotExist", "'oai:thuvien.vn:x' is not the identifier of a record here."),
        ({"verb": "ListMetadataFormats", "identifier": "oai:thuvien.vn:999999"},
         "idDoesNotExist", "'oai:thuvien.vn:999999' is not the identifier of a record here."),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken",
         "ListSets is answered in one response; it has no tokens."),
        ({"verb": "ListIdentifiers", "resumptionToken": "x"}, "badResumptionToken",
         "The resumptionToken was not issued by this repository or was altered."),
        ({"verb": "ListRecords", "metadataPrefix": "marc21", "from": "2999-01-01"},
         "noRecordsMatch", "No record matches the arguments given."),
    ],
)  # fmt: skip
def test_bad_requests_get_the_exact_oai_error(
    client: Client, catalogue: PortalData, args: dict[str, str], code: str, message: str
) -> None:
    tree = oai(client, **args)
    assert error_of(tree) == (code, message)
    request = tree.find("o:request", NS)
    assert request is not None
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}
    else:
        assert dict(request.attrib) == args


def test_repeated_arguments_and_posts(client: Client, catalogue: PortalData) -> None:
    response = client.get("/oai?verb=ListRecords&metadataPrefix=marc21&metadataPrefix=oai_dc")
    tree = etree.fromstring(response.content)
    assert error_of(tree) == ("badArgument", "The argument 'metadataPrefix' is repeated.")
    response = client.get("/oai?verb=Identify&verb=ListSets")
    assert error_of(etree.fromstring(response.content)) == (
        "badVerb", "The verb argument is repeated.",
    )  # fmt: skip
    posted = client.post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert set(ids_of(etree.fromstring(posted.content))) == public_ids(catalogue)


def test_resumption_stays_correct_while_records_change(
    client: Client, catalogue: PortalData, settings: Any
) -> None:
    settings.THUVIEN_OAI_PAGE_SIZE = 2
    before = public_ids(catalogue)
    first = oai(client, verb="ListIdentifiers", metadataPrefix="marc21")
    seen = ids_of(first)
    token = first.findtext("o:ListIdentifiers/o:resumptionToken", namespaces=NS)
    assert token
    assert len(seen) == 2
    cursor = first.find("o:ListIdentifiers/o:resumptionToken", NS)
    assert cursor is not None
    assert cursor.get("cursor") == "0"
    assert cursor.get("expirationDate")
    # Meanwhile a cataloguer edits a record already delivered and one not yet delivered,
    # and deletes another not yet delivered.
    to_delete = catalogue.ids["french"]  # no copies: it may be deleted
    assert to_delete not in seen
    to_edit = min(before - set(seen) - {to_delete})
    cataloguer = factories.staff(Role.NETWORK_ADMIN)
    for pk in (seen[0], to_edit):
        record = Record.objects.get(pk=pk)
        marc = MarcRecord.from_stored(record.leader, record.marc)
        marc.fields.append(["500", " ", " ", [["a", "Sửa trong lúc thu hoạch."]]])
        services.update_record(cataloguer, record, marc)
    services.delete_record(cataloguer, Record.objects.get(pk=to_delete))
    pages = [first]
    while token:
        page = oai(client, verb="ListIdentifiers", resumptionToken=token)
        pages.append(page)
        token = page.findtext("o:ListIdentifiers/o:resumptionToken", namespaces=NS) or ""
    delivered = [pk for page in pages for pk in ids_of(page)]
    assert set(delivered) == before  # nothing skipped
    assert delivered.count(seen[0]) == 2  # the edit is delivered again, at the end
    last = pages[-1].find("o:ListIdentifiers/o:resumptionToken", NS)
    assert last is not None
    assert not last.text
    deleted = pages[-1].xpath("//o:header[@status='deleted']/o:identifier/text()", namespaces=NS)
    assert ID.format(to_delete) in deleted  # its deletion comes last, as a deleted header


def test_forged_altered_expired_or_foreign_tokens_are_refused(
    client: Client, catalogue: PortalData, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.THUVIEN_OAI_PAGE_SIZE = 2
    first = oai(client, verb="ListRecords", metadataPrefix="marc21")
    token = first.findtext("o:ListRecords/o:resumptionToken", namespaces=NS)
    assert token
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert error_of(oai(client, verb="ListRecords", resumptionToken=altered)) == (
        "badResumptionToken",
        "The resumptionToken was not issued by this repository or was altered.",
    )
    assert error_of(oai(client, verb="ListIdentifiers", resumptionToken=token)) == (
        "badResumptionToken",
        "The resumptionToken belongs to ListRecords, not ListIdentifiers.",
    )
    # A token issued two days ago (tokens live 24 hours).
    import django.core.signing

    real = time.time
    monkeypatch.setattr(django.core.signing.time, "time", lambda: real() - 2 * 86400)
    old = oai_tokens.encode(oai_tokens.decode(token))
    monkeypatch.setattr(django.core.signing.time, "time", real)
    assert error_of(oai(client, verb="ListRecords", resumptionToken=old)) == (
        "badResumptionToken",
        "The resumptionToken has expired; start the list again without it.",
    )
