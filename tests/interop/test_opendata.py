"""Open data: dumps with licence, size and checksum, the DCAT-AP catalogue, the CKAN read API
and the sitemap; nothing personal or restricted in any of them."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from thuvien.testing.portal import COMMUNE, PROVINCE, PortalData

from .conftest import DONOR, PRICE, xmllint

SECRETS = (DONOR, PRICE, "Ghi chú nội bộ", "Hồ sơ hạn chế", "TA000001", "Kho mượn", "Nguyễn Du,")
PUBLIC = 8  # the network's open records: seven in the province, one in the commune


@pytest.fixture
def dumps(catalogue: PortalData, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.DATA_DIR = tmp_path
    settings.THUVIEN_PUBLIC_URL = "https://thuvien.example.vn"
    out = io.StringIO()
    call_command("opendata", json=True, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue().splitlines()[-1])
    return {f["file"]: f for f in result["files"]}


def content(client: Client, name: str) -> bytes:
    response = client.get(f"/opendata/files/{name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_every_dump_has_its_size_and_checksum_and_holds_only_open_data(
    client: Client, dumps: dict[str, Any], schema: Path, tmp_path: Path
) -> None:
    assert sorted(dumps) == sorted(
        f"thuvien-{scope}.{suffix}"
        for scope in ("network", PROVINCE.lower(), COMMUNE.lower())
        for suffix in ("marcxml.xml.gz", "jsonl.gz", "csv.gz")
    )
    for name, described in dumps.items():
        data = content(client, name)
        assert len(data) == described["size"]
        assert hashlib.sha256(data).hexdigest() == described["sha256"]
        text = gzip.decompress(data).decode()
        for secret in SECRETS:
            assert secret not in text, (name, secret)
    network = gzip.decompress(content(client, "thuvien-network.marcxml.xml.gz"))
    assert xmllint(schema, network, tmp_path) == ""
    assert network.count(b"<record>") == PUBLIC
    lines = gzip.decompress(content(client, "thuvien-network.jsonl.gz")).decode().splitlines()
    assert len(lines) == PUBLIC
    first = json.loads(lines[0])
    assert first["title"].startswith("Thư viện số")
    assert first["url"] == f"https://thuvien.example.vn/record/{first['id']}"
    assert first["marc"]["leader"][6:8] == "am"
    rows = list(csv.DictReader(io.StringIO(
        gzip.decompress(content(client, f"thuvien-{COMMUNE.lower()}.csv.gz")).decode()
    )))  # fmt: skip
    assert [r["library"] for r in rows] == [COMMUNE]
    assert rows[0]["isbn"] == "9786040000019"


def test_the_ckan_api_lists_and_shows_datasets(client: Client, dumps: dict[str, Any]) -> None:
    listed = client.get("/opendata/api/3/action/package_list").json()
    assert listed["success"] is True
    assert listed["result"] == ["thuvien-network", f"thuvien-{PROVINCE.lower()}",
                                f"thuvien-{COMMUNE.lower()}"]  # fmt: skip
    shown = client.get("/opendata/api/3/action/package_show", {"id": "thuvien-network"}).json()
    package = shown["result"]
    assert package["license_id"] == "cc-zero"
    assert package["num_resources"] == 3
    resource = next(r for r in package["resources"] if r["format"] == "CSV")
    assert resource["url"] == "http://testserver/opendata/files/thuvien-network.csv.gz"
    assert resource["hash"] == f"sha256:{dumps['thuvien-network.csv.gz']['sha256']}"
    assert resource["size"] == dumps["thuvien-network.csv.gz"]["size"]
    missing = client.get("/opendata/api/3/action/package_show", {"id": "nothing"})
    assert missing.status_code == 404
    assert missing.json()["error"] == {"__type": "Not Found Error", "message": "Not found"}


def test_the_dcat_catalogue_describes_every_distribution(
    client: Client, dumps: dict[str, Any]
) -> None:
    response = client.get("/opendata/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    distributions = [d for s in catalogue["dcat:dataset"] for d in s["dcat:distribution"]]
    assert len(distributions) == len(dumps)
    for d in distributions:
        name = d["dct:title"]
        assert d["dcat:byteSize"]["@value"] == str(dumps[name]["size"])
        assert d["spdx:checksum"]["spdx:checksumValue"] == dumps[name]["sha256"]
        assert d["dct:license"]["@id"] == "http://creativecommons.org/publicdomain/zero/1.0/"
        assert d["dcat:downloadURL"]["@id"] == f"http://testserver/opendata/files/{name}"
    page = client.get("/opendata/").content.decode()
    assert "thuvien-network.marcxml.xml.gz" in page
    assert dumps["thuvien-network.csv.gz"]["sha256"] in page


def test_the_sitemap_lists_open_record_pages(client: Client, catalogue: PortalData) -> None:
    index = etree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert index.xpath("//s:loc/text()", namespaces=ns) == ["http://testserver/sitemap-0.xml"]
    urls = etree.fromstring(client.get("/sitemap-0.xml").content).xpath(
        "//s:loc/text()", namespaces=ns
    )
    assert urls[0] == "http://testserver/"
    assert f"http://testserver/record/{catalogue.ids['digital']}" in urls
    assert f"http://testserver/record/{catalogue.ids['restricted']}" not in urls
    assert f"http://testserver/record/{catalogue.ids['authority']}" not in urls
    assert len(urls) == 1 + PUBLIC


def test_a_missing_file_is_a_404(client: Client) -> None:
    assert client.get("/opendata/files/nothing.csv.gz").status_code == 404
    assert "thuvien opendata" in client.get("/opendata/").content.decode()


def test_one_library_alone_can_be_regenerated(
    catalogue: PortalData, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("opendata", library=[COMMUNE], no_network=True, json=True, stdout=out)
    files = json.loads(out.getvalue().splitlines()[-1])["files"]
    assert [(f["file"], f["records"]) for f in files] == [
        (f"thuvien-{COMMUNE.lower()}.csv.gz", 1),
        (f"thuvien-{COMMUNE.lower()}.jsonl.gz", 1),
        (f"thuvien-{COMMUNE.lower()}.marcxml.xml.gz", 1),
    ]
    assert sorted(p.name for p in (tmp_path / "opendata").iterdir()) == [f["file"] for f in files]
