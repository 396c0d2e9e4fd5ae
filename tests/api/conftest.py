"""Fixtures of the API tests."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from thuvien.api.limits import limit_cache


@pytest.fixture(autouse=True)
def _own_rate_limit_counts(settings: Any, request: pytest.FixtureRequest) -> None:
    """Counts are per client address and minute, and every test client is 127.0.0.1: each
    test counts in a memory cache of its own, so no test is refused because others (or a
    parallel test process sharing a file cache named in settings) spent the allowance."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-test:{request.node.nodeid}",
        },
    }
    assert limit_cache().get("anything") is None


@pytest.fixture
def client() -> Client:
    return Client()


def problem(response: Any) -> dict[str, Any]:
    """The problem document of an error response, after checking its media type."""
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    document: dict[str, Any] = json.loads(response.content)
    return document
