"""Aggregators find new material: the digital objects readers can find are an open-data dataset
of their own (JSON Lines with manifests), described in the DCAT catalogue and the CKAN API;
closed and staff-only objects are not in it."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client

from tests.digital import samples
from thuvien.digital.models import Collection
from thuvien.digital.services import ingest
from thuvien.testing import factories


def test_digital_objects_are_a_dataset_of_the_open_data(
    settings: Any, tmp_path: Path, client: Client
) -> None:
    settings.DATA_DIR = tmp_path
    settings.FILES_DIR = tmp_path / "files"
    settings.THUVIEN_PUBLIC_URL = "https://thuvien.example.vn"
    library = factories.library("VN-OD0001")
    maps = Collection.objects.create(code="dia-chi", name_vi="Địa chí", library=library)
    page = samples.png(tmp_path / "p.png", 60, 40)
    for identifier, level in (("mo", "open"), ("yeu-cau", "request"), ("kin", "restricted")):
        ingest(
            [page], library=library, identifier=identifier, title=f"Sách {identifier}",
            access=level, actor="test", collection=maps,
            dublin_core={"date": ["1930"], "coverage": ["Cà Mau"]},
        )  # fmt: skip
    out = io.StringIO()
    call_command("opendata", json=True, stdout=out)
    files = {f["file"]: f for f in json.loads(out.getvalue().splitlines()[-1])["files"]}
    assert files["thuvien-digital.jsonl.gz"]["records"] == 2
    response = client.get("/opendata/files/thuvien-digital.jsonl.gz")
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["identifier"] for r in rows] == ["mo", "yeu-cau"]  # never the staff-only one
    first = rows[0]
    assert first["manifest"] == "https://thuvien.example.vn/iiif/manifests/mo"
    assert first["url"] == "https://thuvien.example.vn/digital/mo/"
    assert (first["collection"], first["year"], first["place"], first["access"]) == (
        "dia-chi", 1930, "Cà Mau", "open",
    )  # fmt: skip
    assert first["rights"] == "http://rightsstatements.org/vocab/UND/1.0/"
    catalogue = client.get("/opendata/catalog.jsonld").json()
    dataset = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "thuvien-digital")
    assert dataset["dct:title"].startswith("Tài liệu số của mạng lưới thư viện")
    assert [d["dct:title"] for d in dataset["dcat:distribution"]] == ["thuvien-digital.jsonl.gz"]
    shown = client.get("/opendata/api/3/action/package_show", {"id": "thuvien-digital"}).json()
    assert shown["result"]["num_resources"] == 1
