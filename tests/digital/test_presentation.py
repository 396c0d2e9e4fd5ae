"""IIIF Presentation 3.0 manifests, checked with the IIIF community's model (iiif-prezi3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import iiif_prezi3
from django.test import Client

from tests.digital import samples
from thuvien.digital.models import DigitalObject, Range

Ingest = Callable[..., DigitalObject]


def test_a_manifest_has_labels_in_both_languages_rights_and_structure(
    tmp_path: Path, ingested: Ingest
) -> None:
    pages = [samples.png(tmp_path / f"{n}.png", 400, 300 + n) for n in range(3)]
    obj = ingested(
        pages,
        "dia-chi-ca-mau",
        title="Địa chí Cà Mau",
        dublin_core={"creator": ["Nguyễn Văn A"], "date": ["1938"], "language": ["vie"]},
    )
    volume = Range.objects.create(
        digital_object=obj, label="Quyển 1", first_page=1, last_page=3, position=1
    )
    Range.objects.create(
        digital_object=obj, parent=volume, label="Chương 1", first_page=1, last_page=2, position=2
    )
    Range.objects.create(
        digital_object=obj, parent=volume, label="Chương 2", first_page=3, last_page=3, position=3
    )
    response = Client().get("/iiif/manifests/dia-chi-ca-mau", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data: dict[str, Any] = response.json()
    iiif_prezi3.Manifest(**data)  # raises on anything the model refuses
    base = "http://testserver/iiif/manifests/dia-chi-ca-mau"
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert data["id"] == base
    assert data["label"] == {"vi": ["Địa chí Cà Mau"], "en": ["Địa chí Cà Mau"]}
    assert data["rights"] == "http://rightsstatements.org/vocab/NoC-US/1.0/"
    assert data["requiredStatement"]["label"] == {"vi": ["Ghi nguồn"], "en": ["Attribution"]}
    assert data["requiredStatement"]["value"]["en"] == ["Test Library (VN-DL0001)."]
    creator = next(m for m in data["metadata"] if m["label"]["en"] == ["Creator"])
    assert creator == {
        "label": {"vi": ["Tác giả"], "en": ["Creator"]},
        "value": {"none": ["Nguyễn Văn A"]},
    }
    assert [c["height"] for c in data["items"]] == [300, 301, 302]
    body = data["items"][1]["items"][0]["items"][0]["body"]
    assert body["service"] == [
        {
            "id": "http://testserver/iiif/3/dia-chi-ca-mau~2",
            "type": "ImageService3",
            "profile": "level2",
        }
    ]
    [volume_range] = data["structures"]
    assert volume_range["label"] == {"none": ["Quyển 1"]}
    assert [r["label"]["none"][0] for r in volume_range["items"]] == ["Chương 1", "Chương 2"]
    assert volume_range["items"][0]["items"] == [
        {"id": f"{base}/canvas/1", "type": "Canvas"},
        {"id": f"{base}/canvas/2", "type": "Canvas"},
    ]


def test_the_image_service_of_each_canvas_answers(tmp_path: Path, ingested: Ingest) -> None:
    ingested([samples.png(tmp_path / "a.png"), samples.png(tmp_path / "b.png")], "hai-trang")
    data = Client().get("/iiif/manifests/hai-trang").json()
    for canvas in data["items"]:
        service = canvas["items"][0]["items"][0]["body"]["service"][0]["id"]
        info = Client().get(service.removeprefix("http://testserver") + "/info.json").json()
        assert (info["width"], info["height"]) == (canvas["width"], canvas["height"])


def test_unknown_manifest_is_404() -> None:
    response = Client().get("/iiif/manifests/khong-co")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không có đối tượng số khong-co."


def test_no_pdf_is_offered_before_the_ocr_has_made_it(tmp_path: Path, ingested: Ingest) -> None:
    ingested([samples.png(tmp_path / "a.png")], "chua-ocr")
    assert "rendering" not in Client().get("/iiif/manifests/chua-ocr").json()
