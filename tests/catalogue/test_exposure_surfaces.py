"""One exposure rule (issue 14, item 3): the same restricted record and the same record with
staff-only fields, asked for through every public surface. A restricted record answers 404
(or is left out, or shown deleted); staff-only data (541/561/583 with first indicator 0, $x
of 852/876/952) never appears; a sweep of the whole URL conf fails when a new surface lets
either out."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from thuvien.catalogue import exposure
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.interop import oai, opendata, union_set
from thuvien.interop.models import UnionEntry
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.portal import copy, fixed, import_marc, sub
from thuvien.testing.search import use_index_in

BOOK = "00000nam a22000007i 4500"
CODE = "VN-CM0001"
SECRET_TITLE = "Mật lệnh Zebraquynh"  # only the restricted record holds this title
SECRETS = [
    "Donorsecret Lê Thị Hoa",  # 541 ind1 0
    "Ownersecret Trần Văn",  # 561 ind1 0
    "Actionsecret Nguyễn Kho",  # 583 ind1 0
    "Xnote852secret",  # 852 $x
    "Xnote876secret",  # 876 $x
    "Xnote952secret",  # 952 $x
]


def _book(number: int, title: str, *extra: list[Any]) -> MarcRecord:
    return MarcRecord(
        BOOK,
        [
            ["001", f"EXP{number:04d}"],
            ["003", CODE],
            ["008", fixed("2022")],
            ["100", "0", " ", sub("a", "Phan Bội Châu")],
            ["245", "1", "0", sub("a", title)],
            ["264", " ", "1", sub("a", "Cà Mau :", "b", "Mũi Cà Mau,", "c", "2022.")],
            *extra,
            copy(CODE, f"CM{number:04d}", "959.7 PH-C"),
        ],
    )


PRIVATE_FIELDS: list[list[Any]] = [
    ["541", "0", " ", sub("a", SECRETS[0], "c", "Tặng")],
    ["541", "1", " ", sub("a", "Nhà sách Mũi Cà Mau")],
    ["561", "0", " ", sub("a", SECRETS[1])],
    ["583", "0", " ", sub("a", "Kiểm kê", "k", SECRETS[2])],
    ["583", "1", " ", sub("a", "Đóng bìa")],
    ["852", " ", " ", sub("a", CODE, "h", "959.7", "x", SECRETS[3])],
    ["876", " ", " ", sub("p", "CM9999", "x", SECRETS[4])],
    ["952", " ", " ", sub("a", CODE, "p", "CM9998", "x", SECRETS[5])],
]


@pytest.fixture
def fixture(settings: Any, tmp_path: Path) -> dict[str, int]:
    """One restricted record, one with staff-only fields; the index built over both."""
    library: Library = factories.library(CODE, name_vi="Thư viện tỉnh Cà Mau")
    import_marc(
        library,
        [
            _book(
                1,
                SECRET_TITLE,
                ["506", "1", " ", sub("a", "Chỉ dành cho cán bộ thư viện")],
            ),
            _book(2, "Sử thi Đam San", *PRIVATE_FIELDS),
        ],
    )
    ids = {
        "restricted": Record.objects.get(control_number="EXP0001").pk,
        "private": Record.objects.get(control_number="EXP0002").pk,
    }
    use_index_in(settings, tmp_path)
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    return ids


def _leaks(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [s for s in [SECRET_TITLE, *SECRETS] if s in text]


def test_the_rule_itself() -> None:
    marc = MarcRecord(BOOK, [["245", "1", "0", sub("a", "X")], *PRIVATE_FIELDS])
    shown = exposure.public_view(marc)
    assert shown is not None
    assert shown.fields == [
        ["245", "1", "0", [["a", "X"]]],
        ["541", "1", " ", [["a", "Nhà sách Mũi Cà Mau"]]],
        ["583", "1", " ", [["a", "Đóng bìa"]]],
        ["852", " ", " ", [["a", CODE], ["h", "959.7"]]],
        ["876", " ", " ", [["p", "CM9999"]]],
        ["952", " ", " ", [["a", CODE], ["p", "CM9998"]]],
    ]
    bulk = exposure.public_view(marc, copies=False)
    assert bulk is not None
    assert bulk.fields == [["245", "1", "0", [["a", "X"]]]]
    marc = MarcRecord(BOOK, [*marc.fields, ["506", "1", " ", sub("a", "Hạn chế")]])
    assert exposure.public_view(marc) is None
    assert exposure.public_view(marc, copies=False) is None


@pytest.mark.django_db
def test_every_surface_hides_the_restricted_record_and_staff_only_fields(
    fixture: dict[str, int], client: Client
) -> None:
    restricted, private = fixture["restricted"], fixture["private"]
    # Restricted: 404 wherever the record is asked for by number.
    for url in [
        f"/record/{restricted}",
        *(f"/record/{restricted}/export/{fmt}" for fmt in ("marc", "marcxml", "ris", "bibtex")),
        f"/api/v1/records/{restricted}",
        f"/api/v1/records/{restricted}/marcxml",
        f"/api/v1/records/{restricted}/items",
        f"/api/v1/libraries/{CODE}/items/CM0001",  # the restricted record's copy
    ]:
        assert client.get(url).status_code == 404, url
    # The record with private fields: shown, without them.
    shown = [
        f"/record/{private}",  # the page, its MARC view and its JSON-LD
        *(f"/record/{private}/export/{fmt}" for fmt in ("marc", "marcxml", "ris", "bibtex")),
        f"/api/v1/records/{private}",
        f"/api/v1/records/{private}/marcxml",
    ]
    assert client.get(f"/api/v1/libraries/{CODE}/items/CM0002").status_code == 200
    for url in shown:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _leaks(response.content) == [], url
        assert "Đam San" in response.content.decode(), url
    # Lists, searches, feeds: the private record is there, the restricted one is not.
    lists = [
        "/",
        "/search?q=Phan+Bội+Châu",
        "/new",
        "/new/rss",
        "/new/atom",
        "/api/v1/records",
        "/api/v1/search?q=Phan+Bội+Châu",
        "/sru?operation=searchRetrieve&version=1.2&query=Phan&recordSchema=marcxml",
        "/sru?operation=searchRetrieve&version=1.2&query=Phan&recordSchema=dc",
        "/oai?verb=ListRecords&metadataPrefix=marc21",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        f"/oai?verb=GetRecord&metadataPrefix=marc21&identifier={oai.identifier(private)}",
        "/sitemap-0.xml",
    ]
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _leaks(response.content) == [], url
        assert "Đam San" in response.content.decode() or "sitemap" in url, url
    gone = client.get(
        f"/oai?verb=GetRecord&metadataPrefix=marc21&identifier={oai.identifier(restricted)}"
    )
    assert b'status="deleted"' in gone.content
    sitemap = client.get("/sitemap-0.xml").content.decode()
    assert f"/record/{private}<" in sitemap
    assert f"/record/{restricted}<" not in sitemap
    # Staff still see the whole stored record in their own pages.
    staff = Client()
    staff.force_login(factories.staff(Role.CATALOGUER, Library.objects.get(code=CODE)))
    for pk, secret in ((restricted, SECRET_TITLE), (private, SECRETS[0])):
        page = staff.get(f"/staff/records/{pk}/")
        assert page.status_code == 200
        assert secret in page.content.decode()
    # Open data and the union set (the National Library's OAI set).
    rows = list(opendata.rows(None))
    assert [r.id for r in rows] == [private]
    assert _leaks(json.dumps(rows[0].marc.fields, ensure_ascii=False).encode()) == []
    entries = [
        UnionEntry(anchor=n, datestamp="2026-01-01T00:00:00Z", best_record_id=pk, members=str(pk))
        for n, pk in ((1, restricted), (2, private))
    ]
    union = union_set.records(entries)
    assert union[1] is None
    assert union[2] is not None
    assert _leaks(json.dumps(union[2].fields, ensure_ascii=False).encode()) == []


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, route)
        else:
            yield route


def _urls(ids: dict[str, int]) -> Iterator[str]:
    """Every route of the URL conf that takes no parameter or only numbers (filled with the
    fixture's record ids), with the parameterised exports and feeds filled in."""
    for route in _routes(get_resolver().url_patterns):
        if route.startswith("^") or "(?P" in route or route.startswith("admin/"):
            continue
        if "<" not in route:
            yield "/" + route
            continue
        for pk in ids.values():
            url = route
            for converter in ("<int:pk>", "<int:record_id>", "<int:id>", "<int:n>"):
                url = url.replace(converter, str(pk))
            url = url.replace("<str:fmt>", "marcxml").replace("<str:kind>", "copy")
            if "<" not in url:
                yield "/" + url


@pytest.mark.django_db
def test_no_route_of_the_url_conf_lets_either_out(fixture: dict[str, int], client: Client) -> None:
    """A new surface that forgets the rule fails here: every anonymous GET of the URL conf."""
    urls = sorted(set(_urls(fixture)))
    assert len(urls) > 50
    leaking = {}
    for url in urls:
        response = client.get(url)
        body = getattr(response, "content", None)
        if body is None:
            body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if found := _leaks(body):
            leaking[url] = found
    assert leaking == {}
