"""The union catalogue in the API: a record's cluster, /clusters/{id} with the explanation,
and search hits that stand for a cluster with the copies of every member library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import problem
from thuvien.catalogue.models import Record
from thuvien.testing import factories
from thuvien.testing.api import book, import_records
from thuvien.testing.search import index_now
from thuvien.union import clusters

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(settings: Any, tmp_path: Path) -> dict[str, Record]:
    """One book catalogued by the province and a commune, placed and indexed by the applier."""
    settings.DATA_DIR = tmp_path
    province = factories.library("VN-CM0001", name_vi="Thư viện tỉnh Cà Mau")
    commune = factories.library("VN-CM0002", name_vi="Thư viện xã Tân Thành")
    (full,) = import_records(
        province,
        book(
            "CM-1", "Thư viện số", author="Nguyễn Văn An", year="2021", isbn="9786041000001",
            subjects=("Thư viện học",), copies=({"p": "CM0001", "7": "1"},),
        ),
    )  # fmt: skip
    (short,) = import_records(
        commune, book("TT-1", "Thư viện số", isbn="978-604-1-00000-1", copies=({"p": "X1"},))
    )
    index_now()
    return {"full": full, "short": short}


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_a_record_names_its_cluster(client: Client, shared: dict[str, Record]) -> None:
    full, short = shared["full"], shared["short"]
    cluster = clusters.of_record(full.pk)
    assert cluster is not None
    data = _get(client, f"/api/v1/records/{short.pk}")
    assert data["cluster"] == {
        "id": cluster,
        "records": [
            {"id": full.pk, "library": "VN-CM0001"},
            {"id": short.pk, "library": "VN-CM0002"},
        ],
        "libraries": ["VN-CM0001", "VN-CM0002"],
    }


def test_a_cluster_explains_why_its_records_are_one(
    client: Client, shared: dict[str, Record]
) -> None:
    full, short = shared["full"], shared["short"]
    cluster = clusters.of_record(full.pk)
    data = _get(client, f"/api/v1/clusters/{cluster}")
    assert data["id"] == cluster
    assert data["best_record"] == full.pk
    assert data["libraries"] == ["VN-CM0001", "VN-CM0002"]
    assert [r["id"] for r in data["records"]] == [full.pk, short.pk]
    second = data["records"][1]
    assert second["library"] == "VN-CM0002"
    assert second["rule"] == "isbn"
    assert second["linked_with"] == [full.pk]
    assert second["reasons"] == [{"rule": "isbn", "field": "020", "evidence": "9786041000001"}]
    assert second["url"] == f"/api/v1/records/{short.pk}"
    assert data["other_editions"] == []


def test_an_unknown_cluster_is_a_404_saying_where_ids_are(client: Client, db: None) -> None:
    response = client.get("/api/v1/clusters/999999")
    assert response.status_code == 404
    assert problem(response)["detail"] == (
        "Không có cụm số 999999. Số cụm có trong kết quả tìm kiếm và trong "
        "/api/v1/records/{id} (trường cluster)."
    )


def test_a_search_hit_stands_for_the_cluster(client: Client, shared: dict[str, Record]) -> None:
    full, short = shared["full"], shared["short"]
    data = _get(client, "/api/v1/search?q=thu+vien+so")
    assert data["total"] == 1
    (hit,) = data["hits"]
    assert hit["id"] == full.pk
    assert hit["cluster"] == clusters.of_record(full.pk)
    assert hit["records"] == [
        {"id": full.pk, "library": "VN-CM0001"},
        {"id": short.pk, "library": "VN-CM0002"},
    ]
    assert hit["libraries"] == ["VN-CM0001", "VN-CM0002"]
    assert hit["holdings"] == [
        {"library": "VN-CM0001", "copies": 1, "available": 0},
        {"library": "VN-CM0002", "copies": 1, "available": 1},
    ]
    assert {f["value"]: f["count"] for f in data["facets"]["library"]} == {
        "VN-CM0001": 1,
        "VN-CM0002": 1,
    }
