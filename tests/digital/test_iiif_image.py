"""IIIF Image API 3.0, level 2: the official validator, and each bad request's status."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.digital.conftest import VALIDATOR_ID
from thuvien.digital.models import DigitalObject

BASE = f"/iiif/3/{VALIDATOR_ID}"


def _validator() -> str:
    found = shutil.which("iiif-validate.py") or str(
        Path(sys.executable).parent / "iiif-validate.py"
    )
    if not Path(found).exists():
        pytest.fail("iiif-validate.py is missing: install the dev extra (iiif-validator)")
    return found


@pytest.mark.slow
def test_image_service_passes_the_official_level_2_validator(
    live_server: object, ingested: Callable[..., DigitalObject], validator_image: Path
) -> None:
    ingested([validator_image], identifier=VALIDATOR_ID)
    address = urlsplit(str(live_server.url))  # type: ignore[attr-defined]
    result = subprocess.run(
        [
            sys.executable,
            _validator(),
            "--server",
            address.netloc,
            "--prefix",
            "iiif/3",
            "--identifier",
            VALIDATOR_ID,
            "--version=3.0",
            "--level",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = result.stdout + result.stderr  # the validator prints its report on stderr
    assert "Done (33 tests, 0 failures)" in report, report[-3000:]
    assert result.returncode == 0


@pytest.fixture
def image(ingested: Callable[..., DigitalObject], validator_image: Path) -> DigitalObject:
    return ingested([validator_image], identifier=VALIDATOR_ID)


@pytest.mark.usefixtures("image")
@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/nope/full/max/0/default.jpg", 404, f"Không có ảnh {VALIDATOR_ID}/nope."),
        ("~7/full/max/0/default.jpg", 404, f"Không có ảnh {VALIDATOR_ID}~7"),
        ("/wide/max/0/default.jpg", 400, "region 'wide'"),
        ("/2000,0,10,10/max/0/default.jpg", 400, "nằm ngoài ảnh 1000 × 1000"),
        ("/0,0,0,10/max/0/default.jpg", 400, "chiều rộng và cao phải lớn hơn 0"),
        ("/full/2000,/0/default.jpg", 400, "dùng ^ để phóng to"),
        ("/full/max/45/default.jpg", 400, "chỉ xoay theo bội số của 90°"),
        ("/full/max/400/default.jpg", 400, "phải nhỏ hơn 360"),
        ("/full/max/0/sepia.jpg", 400, "quality 'sepia'"),
        ("/full/max/0/default.bmp", 400, "format 'bmp'"),
        ("/full/^20000,20000/0/default.jpg", 400, "vượt quá 100000000 điểm ảnh"),
        ("/full/max/0", 400, "Yêu cầu IIIF phải có dạng"),
    ],
)
def test_bad_requests_get_the_status_and_reason_the_image_api_asks(
    client: Client, path: str, status: int, detail: str
) -> None:
    response = client.get(BASE + path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert detail in response.json()["detail"]


@pytest.mark.usefixtures("image")
def test_a_client_that_asks_for_english_gets_the_reason_in_english(client: Client) -> None:
    response = client.get(BASE + "/full/max/45/default.jpg", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "rotation '45': only multiples of 90°"


@pytest.mark.usefixtures("image")
def test_base_uri_redirects_to_info_json(client: Client) -> None:
    response = client.get(BASE)
    assert response.status_code == 303
    assert response["Location"].endswith(f"{BASE}/info.json")


@pytest.mark.usefixtures("image")
def test_info_json_describes_tiles_and_level_2(client: Client) -> None:
    info = client.get(f"{BASE}/info.json", HTTP_ACCEPT="application/ld+json").json()
    assert info["profile"] == "level2"
    assert info["type"] == "ImageService3"
    assert (info["width"], info["height"]) == (1000, 1000)
    assert info["tiles"] == [{"width": 256, "height": 256, "scaleFactors": [1, 2, 4]}]
    assert info["id"] == f"http://testserver{BASE}"


@pytest.mark.usefixtures("image")
def test_tiles_are_cached_and_answer_conditional_requests(client: Client) -> None:
    url = f"{BASE}/0,0,512,512/256,/0/default.jpg"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "image/jpeg"
    assert first["Cache-Control"] == "public, max-age=86400"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get(url).content == first.content


@pytest.mark.usefixtures("image")
@pytest.mark.parametrize(
    ("path", "size"),
    [
        ("/full/max/0/default.png", (1000, 1000)),
        ("/square/100,/90/gray.png", (100, 100)),
        ("/pct:10,10,50,25/!100,100/180/bitonal.png", (100, 50)),
        ("/0,0,100,200/^pct:150/270/color.webp", (300, 150)),
    ],
)
def test_sizes_rotations_and_qualities(client: Client, path: str, size: tuple[int, int]) -> None:
    import pyvips

    response = client.get(BASE + path)
    assert response.status_code == 200, response.content
    picture = pyvips.Image.new_from_buffer(response.content, "")
    assert (picture.width, picture.height) == size
