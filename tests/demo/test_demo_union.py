"""The demo as a newcomer sees the union catalogue: one hit per book, held by several
libraries, once the applier (what `thuvien demo` starts with the server) has caught up."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from thuvien.search import services
from thuvien.search.types import SearchRequest
from thuvien.testing.search import index_now, use_index_in


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_shows_one_hit_per_book_with_holdings_in_several_libraries(
    settings: Any, tmp_path: Path
) -> None:
    use_index_in(settings, tmp_path)
    call_command("demo", load_only=True, sample=300, stdout=io.StringIO())
    index_now()
    grouped = services.search(SearchRequest(q="lược sử", per_page=50))
    ungrouped = services.search(SearchRequest(q="lược sử", per_page=50, grouped=False))
    assert grouped.total < ungrouped.total
    shared = [hit for hit in grouped.hits if len(hit.libraries) > 1]
    assert shared, [h.title for h in grouped.hits]
    for hit in shared:
        assert len({h.library for h in hit.holdings}) > 1
        assert len(hit.members) > 1
    # One hit per book, except rare books (before 1945): those are never grouped by the
    # rules but wait in the lead library's review queue (the demo puts two there).
    titles = [hit.title for hit in grouped.hits if not (hit.year and hit.year < 1945)]
    assert len(titles) == len(set(titles)), titles
