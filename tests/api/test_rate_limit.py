"""Anonymous clients get a number of requests per address and minute, then 429 problems."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import problem
from thuvien.api.limits import DEFAULT_PER_MINUTE, WINDOW_SECONDS, limit_cache


def _well_inside_a_window(seconds: float) -> None:
    """Counts restart on the minute; a test that began just before one would see its count
    reset half-way. Start it in a window with ``seconds`` to spare."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < seconds:
        time.sleep(left + 0.05)


@pytest.fixture(autouse=True)
def _not_at_the_end_of_a_minute() -> None:
    _well_inside_a_window(3)


@pytest.fixture
def three_a_minute(settings: Any) -> None:
    settings.THUVIEN_API_RATE_LIMIT = 3


def test_the_default_allowance_is_120_requests_a_minute(client: Client) -> None:
    assert DEFAULT_PER_MINUTE == 120
    _well_inside_a_window(30)  # 121 requests take seconds on a loaded machine
    statuses = [client.get("/api/v1/libraries").status_code for _ in range(120)]
    assert set(statuses) == {200}
    assert client.get("/api/v1/libraries").status_code == 429


@pytest.mark.usefixtures("three_a_minute")
def test_past_the_allowance_a_client_gets_a_429_problem_with_retry_after(client: Client) -> None:
    assert [client.get("/api/v1/libraries").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/libraries")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.rate_limited",
        "title": "api.rate_limited",
        "status": 429,
        "detail": f"Quá nhiều yêu cầu từ địa chỉ này; hãy thử lại sau {wait} giây.",
        "ids": {"retry_after": str(wait)},
        "instance": "/api/v1/libraries",
    }


@pytest.mark.usefixtures("three_a_minute")
def test_requests_with_bad_parameters_count_too(client: Client) -> None:
    for _ in range(3):
        assert client.get("/api/v1/records?page=0").status_code == 400
    assert client.get("/api/v1/records").status_code == 429


@pytest.mark.usefixtures("three_a_minute")
def test_each_address_has_its_own_allowance(client: Client) -> None:
    for _ in range(3):
        client.get("/api/v1/libraries", REMOTE_ADDR="203.0.113.7")
    assert client.get("/api/v1/libraries", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get("/api/v1/libraries", REMOTE_ADDR="203.0.113.8").status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_a_forged_forwarded_for_header_does_not_buy_more_requests(client: Client) -> None:
    for n in range(3):
        client.get("/api/v1/libraries", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.get("/api/v1/libraries", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


@pytest.mark.usefixtures("three_a_minute")
def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(
    client: Client, settings: Any
) -> None:
    settings.THUVIEN_API_TRUSTED_PROXIES = 1
    for _ in range(3):
        client.get("/api/v1/libraries", HTTP_X_FORWARDED_FOR="forged, 198.51.100.1")
    blocked = client.get("/api/v1/libraries", HTTP_X_FORWARDED_FOR="forged, 198.51.100.1")
    assert blocked.status_code == 429
    other = client.get("/api/v1/libraries", HTTP_X_FORWARDED_FOR="forged, 198.51.100.2")
    assert other.status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_ipv6_clients_are_counted_per_64_network(client: Client) -> None:
    for n in range(3):
        client.get("/api/v1/libraries", REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")
    assert client.get("/api/v1/libraries", REMOTE_ADDR="2001:db8:1:2::ff").status_code == 429
    assert client.get("/api/v1/libraries", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


# A second interpreter stands for a second gunicorn worker: it shares nothing with this one
# but the cache folder.
SECOND_WORKER = """
import django, json, sys
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
# page=0 is refused after the limiter has counted it, before any database is touched.
print(json.dumps([client.get("/api/v1/records?page=0").status_code for _ in range(2)]))
"""


def test_web_workers_sharing_a_file_cache_share_the_allowance(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "ratelimit"
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        },
    }
    _well_inside_a_window(30)  # a second interpreter takes seconds to start, more under load
    settings.CACHES = caches
    settings.THUVIEN_API_RATE_LIMIT = 3
    limit_cache().clear()
    assert [client.get("/api/v1/libraries").status_code for _ in range(2)] == [200, 200]
    (tmp_path / "worker_settings.py").write_text(
        textwrap.dedent(
            f"""
            from thuvien.settings import *  # noqa: F403
            CACHES = {caches!r}
            THUVIEN_API_RATE_LIMIT = 3
            """
        )
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
    }
    done = subprocess.run(
        [sys.executable, "-c", SECOND_WORKER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    # The other worker gets the third request of the minute, and is refused the fourth.
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [400, 429]
    assert client.get("/api/v1/libraries").status_code == 429
