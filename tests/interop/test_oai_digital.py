"""Digital objects in OAI-PMH: Dublin Core, collection sets, access and publication rules,
and one ordered list with the records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from thuvien.digital.models import Collection, DigitalObject
from thuvien.testing.portal import PROVINCE, PortalData

from .conftest import NS, error_of, oai, xmllint

ID = "oai:thuvien.vn:digital:{}"


@pytest.fixture
def objects(catalogue: PortalData) -> dict[str, DigitalObject]:
    library = catalogue.libraries[PROVINCE]
    maps = Collection.objects.create(code="dia-chi", name_vi="Địa chí Cà Mau", library=library)
    made = {
        "map": DigitalObject.objects.create(
            identifier="ban-do-1930", library=library, collection=maps, title="Bản đồ Cà Mau",
            dublin_core={"title": ["Bản đồ tỉnh Cà Mau 1930"], "creator": ["Sở Địa chính"],
                         "date": ["1930"], "type": ["Image"], "rights": ["Phạm vi công cộng"]},
        ),
        "onsite": DigitalObject.objects.create(
            identifier="gia-pha/ho-tran", library=library, title="Gia phả họ Trần",
            access=DigitalObject.Access.ONSITE,
        ),
        "restricted": DigitalObject.objects.create(
            identifier="ho-so-mat", library=library, title="Hồ sơ mật",
            access=DigitalObject.Access.RESTRICTED,
        ),
        "draft": DigitalObject.objects.create(
            identifier="luan-van-nhap", library=library, title="Luận văn nháp",
            status=DigitalObject.Status.DRAFT,
        ),
        "embargoed": DigitalObject.objects.create(
            identifier="luan-van-cam", library=library, title="Luận văn cấm công bố",
            embargo_until=dt.date.today() + dt.timedelta(days=30),
        ),
    }  # fmt: skip
    return made


def test_open_objects_are_described_in_dublin_core_in_their_collection(
    client: Client, objects: dict[str, DigitalObject], schema: Path, tmp_path: Path
) -> None:
    response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc",
                                   "set": "digital"})  # fmt: skip
    assert xmllint(schema, response.content, tmp_path) == ""
    tree = etree.fromstring(response.content)
    listed = tree.xpath("//o:header/o:identifier/text()", namespaces=NS)
    assert listed == [ID.format("ban-do-1930"), ID.format("gia-pha/ho-tran"),
                      ID.format("ho-so-mat")]  # fmt: skip
    record = tree.xpath("//o:record", namespaces=NS)[0]
    assert record.xpath(".//o:setSpec/text()", namespaces=NS) == [
        f"library:{PROVINCE}",
        "digital",
        "collection:dia-chi",
    ]
    assert record.xpath(".//dc:title/text()", namespaces=NS) == ["Bản đồ tỉnh Cà Mau 1930"]
    assert record.xpath(".//dc:date/text()", namespaces=NS) == ["1930"]
    restricted = tree.xpath("//o:record", namespaces=NS)[2]
    assert restricted.find("o:header", NS).get("status") == "deleted"  # type: ignore[union-attr]
    assert "Hồ sơ mật" not in response.content.decode()
    assert "Luận văn" not in response.content.decode()  # a draft, and one under embargo


def test_collection_sets_and_formats(client: Client, objects: dict[str, DigitalObject]) -> None:
    specs = oai(client, verb="ListSets").xpath("//o:setSpec/text()", namespaces=NS)
    assert specs[-3:] == ["digital", "collection", "collection:dia-chi"]
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection:dia-chi")
    assert tree.xpath("//o:identifier/text()", namespaces=NS) == [ID.format("ban-do-1930")]
    # marc21 lists records only: a digital object is described in Dublin Core.
    marc = oai(client, verb="ListIdentifiers", metadataPrefix="marc21")
    assert not [i for i in marc.xpath("//o:identifier/text()", namespaces=NS) if "digital" in i]
    one = ID.format("gia-pha/ho-tran")
    assert error_of(oai(client, verb="GetRecord", identifier=one, metadataPrefix="marc21")) == (
        "cannotDisseminateFormat",
        f"'{one}' is a digital object, described in oai_dc only.",
    )
    formats = oai(client, verb="ListMetadataFormats", identifier=one)
    assert formats.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc"]
    got = oai(client, verb="GetRecord", identifier=one, metadataPrefix="oai_dc")
    assert got.xpath("//dc:title/text()", namespaces=NS) == ["Gia phả họ Trần"]
    draft = ID.format("luan-van-nhap")
    assert error_of(oai(client, verb="GetRecord", identifier=draft, metadataPrefix="oai_dc"))[
        0
    ] == ("idDoesNotExist")


def test_records_and_objects_page_through_one_list(
    client: Client, catalogue: PortalData, objects: dict[str, DigitalObject], settings: Any
) -> None:
    settings.THUVIEN_OAI_PAGE_SIZE = 2
    stamp = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    DigitalObject.objects.update(updated_at=stamp)  # ties with records: kind breaks them
    from thuvien.catalogue.models import Record

    Record.objects.update(updated_at=stamp)
    seen: list[str] = []
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    while True:
        seen += tree.xpath("//o:header/o:identifier/text()", namespaces=NS)
        token = tree.findtext("o:ListIdentifiers/o:resumptionToken", namespaces=NS)
        if not token:
            break
        tree = oai(client, verb="ListIdentifiers", resumptionToken=token)
    records = [i for i in seen if ":digital:" not in i]
    assert len(records) == len(set(records)) == 9  # every bibliographic record, once
    assert [i for i in seen if ":digital:" in i] == [
        ID.format("ban-do-1930"), ID.format("gia-pha/ho-tran"), ID.format("ho-so-mat"),
    ]  # fmt: skip
