"""Fixtures of the portal's tests: the small catalogue of :mod:`thuvien.testing.portal`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from thuvien.testing.portal import PortalData, portal_catalogue


@pytest.fixture
def catalogue() -> PortalData:
    return portal_catalogue()


@pytest.fixture
def indexed(catalogue: PortalData, settings: Any, tmp_path: Path) -> PortalData:
    """The catalogue, searchable: an index of its own, built by `thuvien reindex`."""
    settings.DATA_DIR = tmp_path
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    return catalogue


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def english() -> Client:
    """A reader who chose English with the language switch."""
    reader = Client()
    reader.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return reader


def find(tree: Any, tag: str, cls: str) -> list[Any]:
    """Elements ``tag`` of class ``cls`` (lxml without the cssselect package)."""
    return list(tree.xpath(f".//{tag}[contains(concat(' ', @class, ' '), ' {cls} ')]"))


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def text_of(response: Any) -> str:
    """The page's text with its tags removed and white space collapsed."""
    import re
    from html import unescape

    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
