"""OAI-PMH's ``union`` set: one record per edition of the union catalogue (the cluster's best
record, every member library's holdings in 852), unchanged editions keep their datestamp, and
an edition whose records go is reported deleted; and ``thuvien union export``, the same
records for the National Library. Checked against the official schemas and yaz-marcdump."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.interop import union_set
from thuvien.interop.models import UnionEntry
from thuvien.network.models import Library
from thuvien.testing import factories
from thuvien.testing.portal import copy, fixed, import_marc, sub
from thuvien.union import services as union

from .conftest import NS, error_of, oai, xmllint

BOOK = "00000nam a22000007i 4500"
SYSTEM = "system"
PROVINCE, COMMUNE = "VN-TN0001", "VN-TN0102"


def book(title: str, isbn: str, *copies: list[object]) -> MarcRecord:
    return MarcRecord(
        BOOK,
        [
            ["008", fixed("2021")],
            ["020", " ", " ", sub("a", isbn)],
            ["100", "0", " ", sub("a", "Nguyễn Du")],
            ["245", "1", "0", sub("a", title)],
            ["260", " ", " ", sub("a", "Hà Nội :", "b", "Văn học,", "c", "2021.")],
            *copies,
        ],
    )


@pytest.fixture
def network() -> dict[str, Record]:
    libraries = {code: factories.library(code) for code in (PROVINCE, COMMUNE)}
    import_marc(
        libraries[PROVINCE],
        [
            book("Truyện Kiều /", "9786040000019",
                 copy(PROVINCE, "TN0001", "895.922 NG-D", "Kho mượn"),
                 copy(PROVINCE, "TN0002", "895.922 NG-D", "Kho đọc")),
            book("Lục Vân Tiên /", "9786040000026", copy(PROVINCE, "TN0003", "895.922 NG-Đ")),
        ],
    )  # fmt: skip
    import_marc(
        libraries[COMMUNE],
        [book("Truyện Kiều", "978-604-0-00001-9", copy(COMMUNE, "BA0001", "KIỀU"))],
    )
    union.rebuild(SYSTEM)
    found = {(r.library.code, r.title[:6]): r for r in Record.objects.select_related("library")}
    return {
        "kieu": found[(PROVINCE, "Truyện")],
        "kieu_commune": found[(COMMUNE, "Truyện")],
        "tien": found[(PROVINCE, "Lục Vâ")],
    }


def holdings(record: etree._Element) -> list[list[tuple[str, str]]]:
    return [
        [(s.get("code"), s.text) for s in f.findall("m:subfield", NS)]
        for f in record.xpath(".//m:datafield[@tag='852']", namespaces=NS)
    ]


def union_records(client: Client) -> dict[str, etree._Element]:
    tree = oai(client, verb="ListRecords", metadataPrefix="marc21", set="union")
    return {
        r.findtext("o:header/o:identifier", namespaces=NS): r
        for r in tree.xpath("//o:record", namespaces=NS)
    }


def test_one_record_per_edition_with_every_library_holdings(
    client: Client, network: dict[str, Record], schema: Path, tmp_path: Path
) -> None:
    response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "marc21",
                                   "set": "union"})  # fmt: skip
    assert xmllint(schema, response.content, tmp_path) == ""
    found = union_records(client)
    kieu, tien = network["kieu"].pk, network["tien"].pk
    assert sorted(found) == sorted([f"oai:thuvien.vn:union:{kieu}", f"oai:thuvien.vn:union:{tien}"])
    record = found[f"oai:thuvien.vn:union:{kieu}"]
    assert record.xpath("o:header/o:setSpec/text()", namespaces=NS) == ["union"]
    assert holdings(record) == [  # by library code, location and call number
        [("a", PROVINCE), ("b", "Kho mượn"), ("j", "895.922 NG-D")],
        [("a", PROVINCE), ("b", "Kho đọc"), ("j", "895.922 NG-D")],
        [("a", COMMUNE), ("b", "Kho mượn"), ("j", "KIỀU")],
    ]
    assert not record.xpath(".//m:datafield[@tag='952']", namespaces=NS)  # copies stay private
    assert holdings(found[f"oai:thuvien.vn:union:{tien}"]) == [
        [("a", PROVINCE), ("b", "Kho mượn"), ("j", "895.922 NG-Đ")]
    ]
    dc = oai(client, verb="GetRecord", identifier=f"oai:thuvien.vn:union:{kieu}",
             metadataPrefix="oai_dc")  # fmt: skip
    assert dc.xpath("//dc:title/text()", namespaces=NS) == ["Truyện Kiều"]


def test_an_unchanged_edition_keeps_its_datestamp(network: dict[str, Record]) -> None:
    first = union_set.refresh()
    assert (first.added, first.changed, first.deleted, first.total) == (2, 0, 0, 2)
    stamps = dict(UnionEntry.objects.values_list("anchor", "datestamp"))
    union.rebuild(SYSTEM)  # new cluster ids, same editions
    again = union_set.refresh()
    assert (again.added, again.changed, again.deleted) == (0, 0, 0)
    assert dict(UnionEntry.objects.values_list("anchor", "datestamp")) == stamps


def test_a_record_deleted_by_its_library_leaves_its_edition(
    client: Client, network: dict[str, Record]
) -> None:
    union_records(client)
    kieu, other = network["kieu"], network["kieu_commune"]
    catalogue.delete_record(SYSTEM, other)
    record = union_records(client)[f"oai:thuvien.vn:union:{kieu.pk}"]
    assert [h[0] for h in holdings(record)] == [("a", PROVINCE), ("a", PROVINCE)]
    # The edition's anchor itself goes: its identifier is reported deleted.
    catalogue.add_item(SYSTEM, network["tien"], barcode="TN0009", call_number="895.922 NG-Đ")
    catalogue.delete_record(SYSTEM, Record.objects.get(pk=kieu.pk))
    found = union_records(client)
    gone = found[f"oai:thuvien.vn:union:{kieu.pk}"]
    assert gone.find("o:header", NS).get("status") == "deleted"  # type: ignore[union-attr]
    assert gone.find("o:metadata", NS) is None
    tree = oai(client, verb="GetRecord", identifier=f"oai:thuvien.vn:union:{kieu.pk}",
               metadataPrefix="marc21")  # fmt: skip
    assert tree.find(".//o:header", NS).get("status") == "deleted"  # type: ignore[union-attr]
    assert holdings(found[f"oai:thuvien.vn:union:{network['tien'].pk}"]) == [
        [("a", PROVINCE), ("j", "895.922 NG-Đ")],  # the copy added, without a location
        [("a", PROVINCE), ("b", "Kho mượn"), ("j", "895.922 NG-Đ")],
    ]


def test_union_lists_page_with_tokens_and_report_unknown_identifiers(
    client: Client, network: dict[str, Record], settings: Any
) -> None:
    settings.THUVIEN_OAI_PAGE_SIZE = 2
    for n in range(5):
        import_marc(
            Library.objects.get(code=COMMUNE),
            [book(f"Sách {n}", f"97860400001{n:02d}")], source=f"more{n}.mrc",
        )  # fmt: skip
    pages = [oai(client, verb="ListIdentifiers", metadataPrefix="marc21", set="union")]
    while token := pages[-1].findtext("o:ListIdentifiers/o:resumptionToken", namespaces=NS):
        pages.append(oai(client, verb="ListIdentifiers", resumptionToken=token))
    names = [i for p in pages for i in p.xpath("//o:identifier/text()", namespaces=NS)]
    assert len(names) == len(set(names)) == 7
    tree = oai(client, verb="GetRecord", identifier="oai:thuvien.vn:union:999999",
               metadataPrefix="marc21")  # fmt: skip
    assert error_of(tree) == (
        "idDoesNotExist",
        "'oai:thuvien.vn:union:999999' is not the identifier of a record here.",
    )


def test_a_resumed_page_seeks_on_the_datestamp_index_without_offset_or_count(
    client: Client, network: dict[str, Record], settings: Any
) -> None:
    """Records imported together share a datestamp; a page after one of them seeks to
    (datestamp = t, id > k) and then (datestamp > t): no OFFSET, no COUNT, nothing read twice."""
    settings.THUVIEN_OAI_PAGE_SIZE = 1
    first = oai(client, verb="ListIdentifiers", metadataPrefix="marc21")
    token = first.findtext("o:ListIdentifiers/o:resumptionToken", namespaces=NS)
    assert token
    with CaptureQueriesContext(connection) as queries:
        oai(client, verb="ListIdentifiers", resumptionToken=token)
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "OFFSET" in q.upper() or "COUNT(" in q.upper()]
    on_records = [q for q in sql if 'FROM "catalogue_record"' in q]
    assert len(on_records) == 2
    assert '"catalogue_record"."updated_at" = ' in on_records[0]
    assert '"catalogue_record"."id" > ' in on_records[0]
    assert '"catalogue_record"."updated_at" > ' in on_records[1]


# --- thuvien union export ----------------------------------------------------------------


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("union", "export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_the_export_for_the_national_library_validates_and_carries_852(
    network: dict[str, Record], tmp_path: Path
) -> None:
    path = tmp_path / "union.xml"
    assert export("--output", str(path)) == (
        f"Đã ghi 2 ấn bản và 0 biểu ghi xoá vào {path} (marcxml)."
    )
    checked = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema",
         str(factories.shared("schemas", "MARC21slim.xsd")), str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.stderr == f"{path} validates\n"
    records = etree.parse(str(path)).xpath("//m:record", namespaces=NS)
    kieu = network["kieu"].pk
    assert records[0].xpath("m:datafield[@tag='035']/m:subfield/text()", namespaces=NS) == [
        f"(thuvien.vn:union){kieu}"
    ]
    assert [h[0][1] for h in holdings(records[0])] == [PROVINCE, PROVINCE, COMMUNE]
    mrc = tmp_path / "union.mrc"
    assert export("--output", str(mrc), "--format", "iso2709") == (
        f"Đã ghi 2 ấn bản và 0 biểu ghi xoá vào {mrc} (iso2709)."
    )
    dumped = subprocess.run(
        ["yaz-marcdump", "-f", "utf-8", "-t", "utf-8", "-o", "line", str(mrc)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert dumped.stderr == ""
    assert f"852    $a {COMMUNE} $b Kho mượn $j KIỀU" in dumped.stdout
    assert f"035    $a (thuvien.vn:union){kieu}" in dumped.stdout


def test_an_export_since_a_date_has_the_changes_and_deletion_records(
    network: dict[str, Record], tmp_path: Path
) -> None:
    export("--output", str(tmp_path / "all.xml"))
    catalogue.delete_record(SYSTEM, Record.objects.get(pk=network["kieu"].pk))
    path = tmp_path / "changes.xml"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert export("--output", str(path), "--since", today) == (
        f"Đã ghi 2 ấn bản và 1 biểu ghi xoá vào {path} (marcxml)."
    )  # Lục Vân Tiên (stamped today), Kiều under its new anchor; the old anchor deleted
    records = etree.parse(str(path)).xpath("//m:record", namespaces=NS)
    deleted = [r for r in records if r.findtext("m:leader", namespaces=NS)[5] == "d"]
    assert [r.xpath("m:datafield/m:subfield/text()", namespaces=NS) for r in deleted] == [
        [f"(thuvien.vn:union){network['kieu'].pk}"]
    ]
    with pytest.raises(CommandError) as caught:
        export("--output", str(path), "--since", "hôm qua")
    assert str(caught.value) == "Ngày «hôm qua» không đúng dạng YYYY-MM-DD."
