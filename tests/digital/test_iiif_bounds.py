"""Issue 14, item 4: an anonymous IIIF request costs a bounded amount of work.

The probes are those the attack found: each answered 500 (pyvips "output coordinates out of
range", OverflowError) or 200 for ``!0,0``, and ``^10000,10000`` took 5.6 s to render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory

from tests.digital.conftest import VALIDATOR_ID
from thuvien.digital import iiif_image, throttle
from thuvien.digital.errors import IIIFBadRequest
from thuvien.digital.models import DigitalObject

BASE = f"/iiif/3/{VALIDATOR_ID}"
UPSCALE = "phóng to tối đa 4000 điểm ảnh mỗi chiều và 4000000 điểm ảnh"


@pytest.fixture
def image(ingested: Callable[..., DigitalObject], validator_image: Path) -> DigitalObject:
    return ingested([validator_image], identifier=VALIDATOR_ID)


@pytest.fixture(autouse=True)
def _no_counts_left(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "ratelimit"),
        },
    }
    yield
    caches["ratelimit"].clear()


@pytest.mark.usefixtures("image")
@pytest.mark.parametrize(
    ("size", "detail"),
    [
        ("^100000000,1", UPSCALE),
        ("^pct:1e308", "size '^pct:1e308': phần trăm không hợp lệ"),
        ("^pct:99999999", "size '^pct:99999999': phần trăm quá lớn"),
        ("pct:" + "9" * 400, "phần trăm không hợp lệ"),
        ("!0,0", "size '!0,0': kích thước phải lớn hơn 0"),
        ("^!0,0", "kích thước phải lớn hơn 0"),
        ("^10000,10000", UPSCALE),
        ("^4001,", UPSCALE),
        ("^2001,2001", UPSCALE),
        ("9" * 5000 + ",", "dùng max, w,, ,h, pct:n, w,h hoặc !w,h"),
    ],
)
def test_absurd_sizes_are_refused_with_400(client: Client, size: str, detail: str) -> None:
    response = client.get(f"{BASE}/full/{size}/0/default.jpg")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert detail in response.json()["detail"]


@pytest.mark.usefixtures("image")
@pytest.mark.parametrize(
    "region", ["pct:0,0," + "9" * 400 + ",1", "1" * 5000 + ",0,10,10", "pct:1e308,0,1,1"]
)
def test_absurd_regions_are_refused_with_400(client: Client, region: str) -> None:
    response = client.get(f"{BASE}/{region}/max/0/default.jpg")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("region ")


@pytest.mark.usefixtures("image")
def test_upscaling_within_the_bound_still_works(client: Client) -> None:
    import pyvips

    response = client.get(f"{BASE}/0,0,100,100/^2000,2000/0/default.jpg")
    assert response.status_code == 200
    picture = pyvips.Image.new_from_buffer(response.content, "")
    assert (picture.width, picture.height) == (2000, 2000)


def test_the_upscale_bound_is_a_setting(settings: Any) -> None:
    settings.THUVIEN_IIIF_UPSCALE_MAX_SIDE = 500
    settings.THUVIEN_IIIF_UPSCALE_MAX_PIXELS = 250_000
    assert iiif_image.parse_size("^500,500", 100, 100) == (500, 500)
    with pytest.raises(IIIFBadRequest, match="phóng to tối đa 500 điểm ảnh mỗi chiều"):
        iiif_image.parse_size("^501,10", 100, 100)
    # a size within the region is not upscaling, whatever the bound
    assert iiif_image.parse_size("^800,800", 1000, 1000) == (800, 800)


def _held_by(address: str) -> Any:
    """A render in progress for ``address`` (what a slow render of another thread holds)."""
    return throttle.render_slot(RequestFactory().get("/", REMOTE_ADDR=address))


@pytest.mark.usefixtures("image")
def test_renders_beyond_the_process_slots_answer_503_at_once(client: Client, settings: Any) -> None:
    settings.THUVIEN_IIIF_RENDERS = 1
    settings.THUVIEN_IIIF_RENDERS_PER_CLIENT = 5
    with _held_by("10.0.0.9"):
        response = client.get(f"{BASE}/0,0,32,32/^64,/0/default.jpg")
        assert response.status_code == 503
        assert response["Retry-After"] == "2"
        assert response.json()["detail"] == (
            "Máy chủ đang bận tạo ảnh IIIF; hãy thử lại sau giây lát."
        )
        # a tile already in the cache costs no render and is served
    assert client.get(f"{BASE}/0,0,32,32/^64,/0/default.jpg").status_code == 200
    with _held_by("10.0.0.9"):
        assert client.get(f"{BASE}/0,0,32,32/^64,/0/default.jpg").status_code == 200


@pytest.mark.usefixtures("image")
def test_one_address_gets_its_share_and_then_429(client: Client, settings: Any) -> None:
    settings.THUVIEN_IIIF_RENDERS = 4
    settings.THUVIEN_IIIF_RENDERS_PER_CLIENT = 1
    with _held_by("127.0.0.1"):
        same = client.get(f"{BASE}/0,0,32,32/^64,/0/default.jpg")
        assert same.status_code == 429
        assert same["Retry-After"] == "2"
        assert same.json()["detail"] == (
            "Địa chỉ này đang chờ 1 ảnh IIIF; hãy thử lại sau giây lát."
        )
        elsewhere = Client(REMOTE_ADDR="10.0.0.7").get(f"{BASE}/0,0,32,32/^64,/0/default.jpg")
        assert elsewhere.status_code == 200
    assert client.get(f"{BASE}/0,0,16,16/^64,/0/default.jpg").status_code == 200


def test_a_slot_is_given_back_when_the_render_fails(settings: Any) -> None:
    settings.THUVIEN_IIIF_RENDERS = 1
    settings.THUVIEN_IIIF_RENDERS_PER_CLIENT = 1
    request = RequestFactory().get("/")
    for _ in range(3):
        with pytest.raises(RuntimeError), throttle.render_slot(request):
            raise RuntimeError("pyvips failed")
    with throttle.render_slot(request):
        pass


@pytest.mark.usefixtures("image")
def test_tiles_never_wait_for_a_render_slot(client: Client, settings: Any) -> None:
    """A viewer asks for many tiles at once: they are cheap and never refused."""
    settings.THUVIEN_IIIF_RENDERS = 1
    settings.THUVIEN_IIIF_RENDERS_PER_CLIENT = 1
    with _held_by("127.0.0.1"):
        for x in (0, 256, 512):
            assert client.get(f"{BASE}/{x},0,256,256/256,/0/default.jpg").status_code == 200
        assert client.get(f"{BASE}/full/max/0/default.jpg").status_code == 200  # 1 MP: a tile's
