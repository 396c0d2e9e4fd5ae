"""Indicators MARC21slim refuses ('#', '-', '|'), as real exports carry them: kept as received
in storage and ISO 2709, written blank in every MARCXML (export, OAI-PMH marc21, SRU), and the
import says so. Checked with xmllint against the official schema and with yaz-marcdump."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from django.test import Client
from lxml import etree

from thuvien.catalogue import iso2709
from thuvien.catalogue.exporting import export, stored_records
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.catalogue.services import run_import
from thuvien.testing import factories
from thuvien.testing.portal import fixed, sub

from .conftest import NS, oai, xmllint

ODD = MarcRecord(
    "00000nam a2200000 a 4500",
    [
        ["001", "LIBOL-77"],
        ["003", "LIBOL"],
        ["008", fixed("2015")],
        ["020", "#", "#", sub("a", "9786040000001")],
        ["100", "0", "-", sub("a", "Nguyễn Văn Thử")],
        ["245", "1", "0", sub("a", "Kỹ thuật trồng lúa /", "c", "Nguyễn Văn Thử.")],
        ["650", "|", "7", sub("a", "Lúa")],
    ],
)
WARNINGS = [
    f"Trường {tag}: chỉ thị {n} là '{value}', được giữ nguyên như khi nhận; bản MARCXML (xuất "
    "và OAI-PMH) ghi chỉ thị trống vì lược đồ MARC21slim chỉ cho phép a-z, 0-9 và dấu cách "
    "(1 records)"
    for tag, n, value in (("020", 1, "#"), ("020", 2, "#"), ("100", 2, "-"), ("650", 1, "|"))
]


def imported() -> Record:
    library = factories.library("ODD")
    report = run_import(library, io.BytesIO(iso2709.encode(ODD)), actor="test", source="libol.mrc")
    assert report.imported == 1
    assert sorted(report.as_dict()["warnings"]) == sorted(WARNINGS)
    return Record.objects.get(library=library)


def test_storage_and_iso2709_keep_the_indicators_as_received(tmp_path: Path) -> None:
    record = imported()
    stored = MarcRecord.from_stored(record.leader, record.marc)
    assert [f[:3] for f in stored.fields if len(f) == 4] == [
        ["020", "#", "#"], ["100", "0", "-"], ["245", "1", "0"], ["650", "|", "7"],
    ]  # fmt: skip
    out = tmp_path / "export.mrc"
    with out.open("wb") as stream:
        export(stored_records(record.library), stream, "iso2709")
    dumped = subprocess.run(
        ["yaz-marcdump", "-f", "utf-8", "-t", "utf-8", "-o", "line", str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert dumped.stderr == ""
    assert "020 ## $a 9786040000001" in dumped.stdout
    assert "100 0- $a Nguyễn Văn Thử" in dumped.stdout
    assert "650 |7 $a Lúa" in dumped.stdout


def test_the_marcxml_export_is_valid_with_blank_indicators(tmp_path: Path) -> None:
    record = imported()
    out = tmp_path / "export.xml"
    with out.open("wb") as stream:
        export(stored_records(record.library), stream, "marcxml")
    checked = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema",
         str(factories.shared("schemas", "MARC21slim.xsd")), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == f"{out} validates\n"
    tree = etree.parse(str(out))
    fields = tree.xpath("//m:datafield", namespaces=NS)
    assert [(f.get("tag"), f.get("ind1"), f.get("ind2")) for f in fields] == [
        ("020", " ", " "), ("100", "0", " "), ("245", "1", "0"), ("650", " ", "7"),
    ]  # fmt: skip


def test_the_record_as_stored_would_not_validate(tmp_path: Path) -> None:
    """The schema really refuses them: the check above is not vacuous."""
    raw = (
        '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500'
        '</leader><datafield tag="100" ind1="0" ind2="-"><subfield code="a">x</subfield>'
        "</datafield></record>"
    )
    document = tmp_path / "raw.xml"
    document.write_text(raw)
    checked = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema",
         str(factories.shared("schemas", "MARC21slim.xsd")), str(document)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 3
    assert "attribute 'ind2': [facet 'pattern'] The value '-' is not accepted" in checked.stderr


def test_oai_marc21_is_valid_with_blank_indicators(
    client: Client, schema: Path, tmp_path: Path
) -> None:
    record = imported()
    response = client.get(
        "/oai",
        {"verb": "GetRecord", "identifier": f"oai:thuvien.vn:{record.pk}",
         "metadataPrefix": "marc21"},
    )  # fmt: skip
    assert xmllint(schema, response.content, tmp_path) == ""
    tree = oai(client, verb="GetRecord", identifier=f"oai:thuvien.vn:{record.pk}",
               metadataPrefix="marc21")  # fmt: skip
    fields = tree.xpath("//m:datafield", namespaces=NS)
    assert [(f.get("ind1"), f.get("ind2")) for f in fields] == [
        (" ", " "), ("0", " "), ("1", "0"), (" ", "7"),
    ]  # fmt: skip
