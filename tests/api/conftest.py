"""Fixtures of the API tests."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from thuvien.api.limits import limit_cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    """Counts are per client address and minute; every test starts with none, so a test
    never fails because earlier tests in the same minute spent the allowance."""
    limit_cache().clear()


@pytest.fixture
def client() -> Client:
    return Client()


def problem(response: Any) -> dict[str, Any]:
    """The problem document of an error response, after checking its media type."""
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    document: dict[str, Any] = json.loads(response.content)
    return document
