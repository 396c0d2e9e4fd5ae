"""The relevance set: each query must put its record first, over ~1,750 real and hand-made
records (DESIGN §6; issue #3 "Figures"). Ranking is fixed in the engine, not here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from thuvien.catalogue.models import Record
from thuvien.demo.vietnamese_samples import vietnamese_records
from thuvien.network.models import Library, LibraryType
from thuvien.search import services
from thuvien.search.types import SearchRequest
from thuvien.testing.factories import shared
from thuvien.testing.search import import_records, rebuild_index, use_index_in

from .corpus import LIBRARY, RELEVANCE, handmade


@dataclass(frozen=True)
class Corpus:
    folder: Path
    ids: dict[str, int]  # control number, or "TIKI:" + title, → record id
    size: int


@pytest.fixture(scope="module")
def corpus(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Corpus:
    """Import and index the corpus once for the module, then roll the database back: the
    searches below read only the index."""
    folder = tmp_path_factory.mktemp("relevance")
    csv = shared("vietnamese", "tiki_book_data.csv")
    records = [*vietnamese_records(csv, [LIBRARY]), *handmade()]
    with django_db_blocker.unblock(), override_settings(DATA_DIR=folder), transaction.atomic():
        library = Library.objects.create(
            code=LIBRARY, name_vi="Thư viện thử độ liên quan", library_type=LibraryType.PUBLIC
        )
        report = import_records(library, records)
        assert report.rejected == 0, report.errors
        size = rebuild_index()
        rows = list(Record.objects.values_list("id", "control_number", "title"))
        transaction.set_rollback(True)
    titles = Counter(title for _, _, title in rows)
    ids = {control: pk for pk, control, _ in rows}
    ids.update({f"TIKI:{title}": pk for pk, _, title in rows if titles[title] == 1})
    return Corpus(folder, ids, size)


@pytest.fixture
def index(corpus: Corpus, settings: Any) -> Corpus:
    use_index_in(settings, corpus.folder)
    return corpus


def test_the_relevance_corpus_holds_the_listing_and_the_hard_cases(index: Corpus) -> None:
    assert index.size > 1700
    wanted = {expected for _, expected in RELEVANCE}
    assert wanted <= set(index.ids), sorted(wanted - set(index.ids))
    assert len(RELEVANCE) >= 40


@pytest.mark.parametrize(("query", "expected"), RELEVANCE, ids=[q for q, _ in RELEVANCE])
def test_relevance_query_puts_its_record_first(index: Corpus, query: str, expected: str) -> None:
    result = services.search(SearchRequest(q=query, per_page=5, with_facets=False))
    assert result.hits, f"{query!r} found nothing"
    top = [(h.title, h.id) for h in result.hits]
    assert result.hits[0].id == index.ids[expected], f"{query!r} → {top}"
