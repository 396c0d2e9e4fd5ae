"""Fixtures of the interoperability tests: the portal's small catalogue plus records that must
never leave (restricted access) or must leave without their private fields, and the official
schemas for xmllint."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.testing import factories
from thuvien.testing.portal import (
    PROVINCE,
    PortalData,
    copy,
    fixed,
    import_marc,
    portal_catalogue,
    record,
    sub,
)
from thuvien.testing.search import use_index_in

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "m": "http://www.loc.gov/MARC21/slim",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
DONOR = "Ông Phạm Văn Tặng"
PRICE = "125000"


def _priced_copy() -> list[object]:
    field = copy(PROVINCE, "TA000020", "959.79 LIC", "Kho mượn")
    field[3].append(["g", PRICE])
    return field


def private_records() -> dict[str, MarcRecord]:
    """A donated book (donor, local note and price must not leave) and a restricted one."""
    return {
        "donated": record(
            20,
            [
                ["008", fixed("2019")],
                ["245", "1", "0", sub("a", "Lịch sử Cà Mau.")],
                ["260", " ", " ", sub("a", "Cà Mau :", "b", "Nxb. Mũi Cà Mau,", "c", "2019.")],
                ["541", " ", " ", sub("a", DONOR, "c", "Tặng")],
                ["590", " ", " ", sub("a", "Ghi chú nội bộ của thủ thư")],
                _priced_copy(),
            ],
        ),
        "restricted": record(
            21,
            [
                ["008", fixed("1985")],
                ["245", "1", "0", sub("a", "Hồ sơ hạn chế tiếp cận.")],
                ["506", "1", " ", sub("a", "Hạn chế tiếp cận.")],
            ],
        ),
    }  # fmt: skip


@pytest.fixture
def catalogue() -> PortalData:
    data = portal_catalogue()
    extra = private_records()
    import_marc(data.libraries[PROVINCE], list(extra.values()), source="private.mrc")
    for key, marc in extra.items():
        data.ids[key] = Record.objects.get(
            library=data.libraries[PROVINCE], control_number=marc.control("001")
        ).pk
    return data


@pytest.fixture
def indexed(catalogue: PortalData, settings: Any, tmp_path: Path) -> PortalData:
    """The catalogue, searchable: an index of its own, built by `thuvien reindex`."""
    use_index_in(settings, tmp_path)
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    return catalogue


def oai(client: Client, **args: str) -> etree._Element:
    response = client.get("/oai", args)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def error_of(tree: etree._Element) -> tuple[str, str]:
    errors = tree.findall("o:error", NS)
    assert len(errors) == 1, etree.tostring(tree)
    return errors[0].get("code", ""), errors[0].text or ""


@pytest.fixture(scope="session")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One schema importing the official ones, so xmllint checks the envelope and, strictly,
    every record inside it."""
    folder = factories.shared("schemas")
    imports = {
        "http://www.openarchives.org/OAI/2.0/": "OAI-PMH.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc/": "oai_dc.xsd",
        "http://www.loc.gov/MARC21/slim": "MARC21slim.xsd",
        "http://www.openarchives.org/OAI/2.0/oai-identifier": "oai-identifier.xsd",
    }
    lines = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(folder / name).as_uri()}"/>'
        for ns, name in imports.items()
    )
    path = tmp_path_factory.mktemp("schemas") / "all.xsd"
    path.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'targetNamespace="urn:thuvien:tests">{lines}</xs:schema>'
    )
    return path


def xmllint(schema: Path, content: bytes, tmp_path: Path) -> str:
    """xmllint's complaints ('' when the document is valid)."""
    document = tmp_path / "document.xml"
    document.write_bytes(content)
    catalog = factories.shared("schemas", "catalog.xml")
    result = subprocess.run(
        ["xmllint", "--nonet", "--noout", "--schema", str(schema), str(document)],
        capture_output=True,
        text=True,
        env={"XML_CATALOG_FILES": str(catalog), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    return "" if result.returncode == 0 else result.stderr


@pytest.fixture(autouse=True)
def _loopback_partners(request: pytest.FixtureRequest, settings: Any, monkeypatch: Any) -> None:
    """These tests start their partners (Z39.50, SRU, OAI servers) on loopback at a free port:
    an administrator's listing of them is assumed. tests/interop/test_outbound.py checks the
    rule itself, without this."""
    if request.node.get_closest_marker("outbound_rules"):
        return
    from thuvien.interop import copycat

    settings.THUVIEN_OUTBOUND_ALLOWED = "127.0.0.1,::1,localhost"
    monkeypatch.setattr(copycat, "listed", lambda target: True)
