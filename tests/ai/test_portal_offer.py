"""The portal's one "did you mean" line offers the query with its marks, or its keystrokes
decoded, once `thuvien ai train` has run; a search with marks gets no offer."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.ai import catalogue
from tests.opac.conftest import find, text, tree_of
from thuvien.testing.search import rebuild_index, use_index_in


@pytest.fixture
def trained(settings: Any, tmp_path: Path) -> None:
    use_index_in(settings, tmp_path)
    catalogue.build()
    rebuild_index()
    call_command("ai", "train", stdout=io.StringIO())


def offer(client: Client, query: str) -> tuple[str, list[str]] | None:
    response = client.get("/search", {"q": query})
    assert response.status_code == 200
    found = find(tree_of(response.content), "p", "dym")
    return (text(found[0]), found[0].xpath(".//a/@href")) if found else None


def test_a_query_without_marks_is_offered_back_with_them(client: Client, trained: None) -> None:
    assert offer(client, "thu vien so") == (
        "Có phải bạn muốn tìm: thư viện số?",
        ["/search?q=th%C6%B0+vi%E1%BB%87n+s%E1%BB%91&offer=diacritics"],
    )


def test_the_offer_and_the_readers_decision_are_logged(
    client: Client, trained: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="thuvien.ai"):
        client.get("/search", {"q": "thu vien so"})
        client.get("/search", {"q": "thư viện số", "offer": "diacritics"})
    lines = [r.getMessage() for r in caplog.records if r.name == "thuvien.ai"]
    assert len(lines) == 2
    assert re.fullmatch(
        r"diacritics offered \(diacritics, score (0|1)\.\d{4}\): 'thu vien so' -> 'thư viện số'",
        lines[0],
    )
    assert lines[1] == "diacritics offer taken (diacritics): 'thư viện số'"


@pytest.mark.parametrize("typed", ["thuw vieenj soos", "thu7 vie65n so61"])
def test_telex_and_vni_keystrokes_are_offered_decoded(
    client: Client, trained: None, typed: str
) -> None:
    assert offer(client, typed) == (
        "Có phải bạn muốn tìm: thư viện số?",
        ["/search?q=th%C6%B0+vi%E1%BB%87n+s%E1%BB%91&offer=keystrokes"],
    )


def test_a_query_with_marks_gets_no_offer(client: Client, trained: None) -> None:
    assert offer(client, "thư viện số") is None


def test_without_a_trained_model_the_spelling_correction_stays(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    use_index_in(settings, tmp_path)
    catalogue.build()
    rebuild_index()
    assert offer(client, "thu vien so") is None
