"""Collections for readers: the portal's list and pages (thumbnails, filters, paging), the page
of an object without a record, IIIF Collections checked with iiif-prezi3, and the IIIF Change
Discovery feed walked page by page as an aggregator does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import iiif_prezi3
from django.test import Client

from tests.digital import samples
from thuvien.digital import collections, workflow
from thuvien.digital.models import Collection, DigitalObject
from thuvien.network.models import Library, Role
from thuvien.testing import factories

Ingest = Callable[..., DigitalObject]


def _gazetteers(tmp_path: Path, ingested: Ingest, library: Library) -> Collection:
    maps = Collection.objects.create(
        code="dia-chi", name_vi="Tài liệu địa chí", name_en="Local studies", kind="local",
        library=library,
    )  # fmt: skip
    page = samples.png(tmp_path / "p.png", 300, 200)
    rows = [
        ("dc-1", "Địa chí Cà Mau", "open", "1938", "Cà Mau", "vie"),
        ("dc-2", "Bạc Liêu xưa", "open", "1902", "Bạc Liêu", "fre"),
        ("dc-3", "Gia phả họ Lê", "request", "1990", "Cà Mau", "vie"),
        ("dc-4", "Sổ bộ mật", "restricted", "1950", "Cà Mau", "vie"),
    ]
    for identifier, title, level, date, place, language in rows:
        dc = {"date": [date], "coverage": [place], "language": [language]}
        ingested([page], identifier, title=title, access=level, dublin_core=dc, collection=maps)
    return maps


def test_a_reader_browses_filters_and_pages_a_collection(
    tmp_path: Path, ingested: Ingest, library: Library, client: Client
) -> None:
    _gazetteers(tmp_path, ingested, library)
    listing = client.get("/collections/").content.decode()
    assert 'href="/collections/dia-chi/"' in listing
    assert "3 tài liệu số" in listing  # the restricted one is not listed
    page = client.get("/collections/dia-chi/").content.decode()
    assert "Sổ bộ mật" not in page
    assert page.index("Bạc Liêu xưa") < page.index("Gia phả họ Lê")  # by title
    # Thumbnails for what this visitor may read; none for the by-request scan.
    assert page.count('class="thumb"') == 2
    assert 'src="/iiif/3/dc-1/full/!240,240/0/default.jpg"' in page
    assert 'src="/iiif/3/dc-3/full' not in page
    assert client.get("/iiif/3/dc-1/full/!240,240/0/default.jpg").status_code == 200
    filtered = client.get("/collections/dia-chi/?place=Cà Mau&period=1858-1945").content.decode()
    assert "Địa chí Cà Mau" in filtered
    assert "Gia phả họ Lê" not in filtered
    assert "Bạc Liêu xưa" not in filtered
    assert "1 tài liệu số" in filtered
    by_language = client.get("/collections/dia-chi/?language=fre").content.decode()
    assert "Bạc Liêu xưa" in by_language
    assert "Địa chí Cà Mau" not in by_language
    by_access = client.get("/collections/dia-chi/?access=request").content.decode()
    assert "Gia phả họ Lê" in by_access
    assert "Địa chí Cà Mau" not in by_access


def test_collection_pages_page(tmp_path: Path, ingested: Ingest, library: Library) -> None:
    maps = Collection.objects.create(code="anh", name_vi="Ảnh", library=library)
    page = samples.png(tmp_path / "p.png", 60, 40)
    for n in range(26):
        ingested([page], f"anh-{n:02d}", title=f"Ảnh {n:02d}", collection=maps)
    client = Client()
    first = client.get("/collections/anh/").content.decode()
    assert "Trang 1/2" in first
    assert "Ảnh 23" in first
    assert "Ảnh 24" not in first
    second = client.get("/collections/anh/?page=2").content.decode()
    assert "Ảnh 24" in second
    assert "Ảnh 25" in second
    assert 'rel="prev"' in second


def test_an_object_without_a_record_has_its_own_page(
    tmp_path: Path, ingested: Ingest, library: Library, client: Client
) -> None:
    _gazetteers(tmp_path, ingested, library)
    page = client.get("/digital/dc-1/").content.decode()
    assert "<h1>Địa chí Cà Mau</h1>" in page
    assert "data-iiif-viewer" in page
    assert "/iiif/3/dc-1~1/info.json" in page
    assert '<a href="/collections/dia-chi/">Tài liệu địa chí</a>' in page
    assert client.get("/digital/dc-4/").status_code == 404  # staff only
    assert client.get("/digital/none/").status_code == 404
    refused = client.get("/digital/dc-3/").content.decode()
    assert "data-iiif-viewer" not in refused
    assert "Tài liệu này cần gửi yêu cầu và được cán bộ duyệt." in refused


def test_iiif_collections_are_valid_presentation_3(
    tmp_path: Path, ingested: Ingest, library: Library, client: Client
) -> None:
    _gazetteers(tmp_path, ingested, library)
    top = client.get("/iiif/collections", HTTP_ACCEPT="application/ld+json")
    assert top["Content-Type"].startswith("application/ld+json")
    assert top["Access-Control-Allow-Origin"] == "*"
    data: dict[str, Any] = top.json()
    iiif_prezi3.Collection(**data)  # raises on anything the model refuses
    assert [item["id"] for item in data["items"]] == ["http://testserver/iiif/collections/dia-chi"]
    one = client.get("/iiif/collections/dia-chi").json()
    iiif_prezi3.Collection(**one)
    assert one["label"] == {"vi": ["Tài liệu địa chí"], "en": ["Local studies"]}
    assert [(i["type"], i["id"].rsplit("/", 1)[1]) for i in one["items"]] == [
        ("Manifest", "dc-2"),
        ("Manifest", "dc-3"),
        ("Manifest", "dc-1"),  # by code point: Đ after G (the database's order, not Vietnamese)
    ]
    assert "thumbnail" not in one["items"][1]  # by request: no picture advertised
    manifest = client.get(one["items"][0]["id"]).json()
    iiif_prezi3.Manifest(**manifest)
    assert client.get("/iiif/collections/none").status_code == 404


def _walk(client: Client, start: str) -> list[tuple[str, str]]:
    """What an aggregator does (IIIF Change Discovery §3): from the collection's last page,
    back through prev, newest first, remembering the newest activity per manifest."""
    feed = client.get(start).json()
    assert feed["type"] == "OrderedCollection"
    seen: list[tuple[str, str]] = []
    url = feed["last"]["id"]
    while url:
        page = client.get(url).json()
        assert page["type"] == "OrderedCollectionPage"
        assert page["partOf"]["id"] == feed["id"]
        for activity in reversed(page["orderedItems"]):
            assert activity["object"]["type"] == "Manifest"
            seen.append((activity["type"], activity["object"]["id"].rsplit("/", 1)[1]))
        url = page.get("prev", {}).get("id")
    assert len(seen) == feed["totalItems"]
    return seen


def test_change_discovery_feeds_create_update_and_delete(
    tmp_path: Path, ingested: Ingest, library: Library, client: Client, monkeypatch: Any
) -> None:
    from thuvien.digital import discovery

    monkeypatch.setattr(discovery, "PAGE_SIZE", 2)  # several pages from a few changes
    maps = _gazetteers(tmp_path, ingested, library)
    staff = factories.staff(Role.CATALOGUER, library)
    collections.edit_collection(staff, maps, name_vi="Địa chí", kind="local")
    collections.remove_object(staff, maps, "dc-2")  # an Update of dc-2
    workflow.move(staff, DigitalObject.objects.get(identifier="dc-1"), "withdraw", note="")
    DigitalObject.objects.get(identifier="dc-2").delete()
    newest_first = _walk(client, "/iiif/discovery/activities")
    assert newest_first == [
        ("Delete", "dc-2"),
        ("Delete", "dc-1"),
        ("Update", "dc-2"),
        ("Create", "dc-2"),
        ("Create", "dc-1"),
    ]
    page = client.get("/iiif/discovery/activities/page/0").json()
    assert page["@context"] == "http://iiif.io/api/discovery/1/context.json"
    assert page["orderedItems"][0]["endTime"].endswith("Z")
    assert client.get("/iiif/discovery/activities/page/9").status_code == 404


def test_staff_curate_a_collection_from_the_menu(
    tmp_path: Path, ingested: Ingest, library: Library, client: Client
) -> None:
    page = samples.png(tmp_path / "p.png", 60, 40)
    ingested([page], "la-1", title="Kinh lá buông 1")
    ingested([page], "la-2", title="Kinh lá buông 2")
    client.force_login(factories.staff(Role.CATALOGUER, library))
    home = client.get("/staff/").content.decode()
    assert 'href="/staff/digital/collections/"' in home
    made = client.post(
        "/staff/digital/collections/new/",
        {"library": library.pk, "code": "la-buong", "name_vi": "Kinh lá buông", "name_en": "",
         "kind": "manuscript", "description": "Kinh Phật giáo Nam tông Khmer"},
    )  # fmt: skip
    assert made.status_code == 302
    assert made["Location"] == "/staff/digital/collections/la-buong/"
    refused = client.post("/staff/digital/collections/la-buong/add/", {"identifiers": "la-1 x"})
    assert refused.status_code == 302
    assert not DigitalObject.objects.filter(collection__isnull=False).exists()
    client.post("/staff/digital/collections/la-buong/add/", {"identifiers": "la-1\nla-2"})
    client.post("/staff/digital/collections/la-buong/remove/la-2/")
    client.post(
        "/staff/digital/collections/la-buong/",
        {"name_vi": "Kinh lá buông Khmer", "name_en": "Palm-leaf", "kind": "manuscript",
         "description": ""},
    )  # fmt: skip
    shown = client.get("/staff/digital/collections/la-buong/").content.decode()
    assert "Kinh lá buông Khmer" in shown
    assert "la-1" in shown
    assert "la-2" not in shown.split("Tài liệu số trong bộ sưu tập")[1]
    public = Client().get("/collections/la-buong/").content.decode()
    assert "Kinh lá buông 1" in public


def test_the_collection_command_and_ingest_into_it(
    tmp_path: Path, library: Library, capsys: Any
) -> None:
    from django.core.management import call_command

    call_command(
        "collection", "add", "dia-chi", library=library.code, title="Địa chí", kind="local"
    )
    assert capsys.readouterr().out.strip() == "Đã tạo bộ sưu tập dia-chi (local) của VN-DL0001."
    samples.png(tmp_path / "1.png")
    call_command(
        "ingest", str(tmp_path / "1.png"), library=library.code, identifier="a", title="A",
        collection="dia-chi",
    )  # fmt: skip
    capsys.readouterr()
    call_command("collection", "list", json=True)
    assert capsys.readouterr().out.strip() == (
        '[{"code": "dia-chi", "title": "Địa chí", "kind": "local", "library": "VN-DL0001", '
        '"objects": 1}]'
    )
