"""The tantivy engine: where the index lives, how it is written and how readers follow it.

Layout of ``DATA_DIR/index``::

    current -> gen-…      symlink to the live index, swapped atomically by a rebuild
    gen-…/                tantivy's files
    writer.lock           held by whoever writes: an applier batch or a whole rebuild

One writer at a time (the lock); any number of reader processes. A reader checks the live
``meta.json`` (one ``stat``, ~2 µs) before each search and reloads only when it changed — a
commit by the applier — or reopens when ``current`` points to a new generation.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import tantivy
from django.utils.translation import gettext_lazy

from thuvien.changes import feed
from thuvien.search import documents
from thuvien.search.backends import locks
from thuvien.search.backends.base import (
    OUTDATED,
    EngineRequest,
    EngineResult,
    IndexMissing,
    IndexOutdated,
    SearchBackend,
    WriterBusy,
)
from thuvien.search.backends.tantivy import query, words
from thuvien.search.backends.tantivy import similar as likeness
from thuvien.search.backends.tantivy.documents import to_tantivy
from thuvien.search.backends.tantivy.rebuild import prepared, workers_for
from thuvien.search.backends.tantivy.schema import (
    ANALYZER,
    SCHEMA,
    SCHEMA_VERSION,
    VERSION_FILE,
    open_index,
    suggestion_key,
    text_analyzer,
)
from thuvien.search.types import Hit, Suggestion
from thuvien.workers import few_collections

APPLY_HEAP = 50_000_000
REBUILD_HEAP = 400_000_000
WRITER_ROLE = gettext_lazy("người ghi chỉ mục")
_MISSING = gettext_lazy("Chưa có chỉ mục tìm kiếm; người quản trị cần chạy `thuvien reindex`.")


class _Store:
    """The index folder: generations, the ``current`` link, the writer lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.current = path / "current"
        self.writer_lock = path / "writer.lock"

    def live(self) -> Path | None:
        return self.current.resolve() if (self.current / "meta.json").exists() else None

    def new_generation(self) -> tuple[Path, tantivy.Index]:
        """An empty index in a fresh folder, marked with the schema version."""
        path = self.path / f"gen-{time.time_ns()}"
        path.mkdir(parents=True)
        (path / VERSION_FILE).write_text(SCHEMA_VERSION)
        index = tantivy.Index(SCHEMA, path=str(path))
        index.register_tokenizer(ANALYZER, text_analyzer())
        return path, index

    @staticmethod
    def current_version(generation: Path) -> bool:
        marker = generation / VERSION_FILE
        return marker.exists() and marker.read_text().strip() == SCHEMA_VERSION

    def swap(self, generation: Path) -> None:
        link = self.path / "current.new"
        link.unlink(missing_ok=True)
        link.symlink_to(generation.name)
        os.replace(link, self.current)  # atomic: readers see the old or the new, never none

    def remove_stale(self) -> None:
        """Generations other than the live one (old ones, or a crashed rebuild's)."""
        live = self.live()
        for path in self.path.glob("gen-*"):
            if path != live:
                shutil.rmtree(path, ignore_errors=True)


class TantivyBackend(SearchBackend):
    def __init__(self, path: Path) -> None:
        self.store = _Store(path)
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._target: Path | None = None
        self._signature: tuple[int, int, int] | None = None

    # --- reading ------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.store.live() is not None

    def outdated(self) -> bool:
        live = self.store.live()
        return live is not None and not self.store.current_version(live)

    def _searcher(self) -> tuple[tantivy.Index, tantivy.Searcher]:
        try:
            st = os.stat(self.store.current / "meta.json")
        except FileNotFoundError:
            # A fresh installation: an empty index now, which the change feed fills from the
            # first import, so search answers from the first request instead of a 503.
            self._create_empty()
            try:
                st = os.stat(self.store.current / "meta.json")
            except FileNotFoundError:
                raise IndexMissing(str(_MISSING)) from None
        signature = (st.st_ino, st.st_mtime_ns, st.st_size)
        if signature != self._signature or self._index is None:
            with self._lock:
                try:
                    self._follow(signature)
                except ValueError:
                    # The writer's next commit may have collected files of the commit we were
                    # loading (another process, a rare race): load the newest one instead.
                    time.sleep(0.01)
                    self._follow(None)
        index = self._index
        if index is None:  # only when the folder vanished between stat and open
            raise IndexMissing(str(_MISSING))
        return index, index.searcher()

    def _follow(self, signature: tuple[int, int, int] | None) -> None:
        """Open the live generation, or reload it after a commit."""
        target = self.store.current.resolve()
        if self._index is None or target != self._target:
            if not self.store.current_version(target):
                raise IndexOutdated(str(OUTDATED))
            self._index, self._target = open_index(target), target
        else:
            self._index.reload()
        self._signature = signature

    def search(self, request: EngineRequest) -> EngineResult:
        _, searcher = self._searcher()
        return query.run(searcher, request)

    def lookup(self, keys: Sequence[str]) -> list[int]:
        _, searcher = self._searcher()
        return query.lookup(searcher, keys)

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        _, searcher = self._searcher()
        return words.suggest(searcher, suggestion_key(prefix), limit)

    def similar(self, doc: documents.SearchDocument, limit: int) -> list[Hit]:
        _, searcher = self._searcher()
        return likeness.similar(searcher, doc, limit)

    def related_subjects(self, subjects: Sequence[str], limit: int) -> list[tuple[str, float]]:
        _, searcher = self._searcher()
        return likeness.related_subjects(searcher, list(subjects), limit)

    def union_candidates(
        self, pairs: Sequence[tuple[str, int | None]], identifiers: Sequence[str]
    ) -> set[int] | None:
        if not self.exists():
            return None
        _, searcher = self._searcher()
        keyed = [(suggestion_key(t), y) for t, y in pairs]
        return query.same_title(searcher, keyed) | set(query.lookup_all(searcher, identifiers))

    def document_count(self) -> int:
        _, searcher = self._searcher()
        return int(searcher.num_docs)

    # --- writing ------------------------------------------------------------------------
    def _create_empty(self) -> None:
        """An empty index of the current schema, unless another process made one meanwhile
        (the writer lock: never while a rebuild or the applier writes)."""
        try:
            with locks.exclusive(self.store.writer_lock, wait=False, what=WRITER_ROLE):
                if self.store.live() is None:
                    self._writable()
        except WriterBusy:
            return  # someone is writing one: the caller reads it, or answers missing

    def _writable(self) -> tantivy.Index:
        live = self.store.live()
        if live is None:  # a fresh installation: start an empty index
            self.store.remove_stale()
            generation, index = self.store.new_generation()
            self.store.swap(generation)
            return index
        if not self.store.current_version(live):
            raise IndexOutdated(str(OUTDATED))
        return open_index(live)

    def apply(self, record_ids: Sequence[int]) -> None:
        with locks.exclusive(self.store.writer_lock, wait=True, what=WRITER_ROLE):
            index = self._writable()
            docs = documents.documents_for(record_ids)
            writer = index.writer(APPLY_HEAP, 1)
            for record_id in dict.fromkeys(record_ids):
                writer.delete_documents_by_term("id", record_id)
                if record_id in docs:
                    writer.add_document(to_tantivy(docs[record_id]))
            writer.commit()
            writer.wait_merging_threads()

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        with locks.exclusive(self.store.writer_lock, wait=True, what=WRITER_ROLE):
            # Changes committed before this point are in what we read below; later ones stay
            # in the change feed for the applier (applying twice is harmless).
            seen = feed.note_ids()
            self.store.remove_stale()
            generation, index = self.store.new_generation()
            writer = index.writer(REBUILD_HEAP, 0)
            done = 0
            workers = workers_for(documents.count())
            with few_collections():
                for batch in prepared(workers):
                    for text in batch:
                        writer.add_json(text)
                    done += len(batch)
                    if progress is not None:
                        progress(done)
            writer.commit()
            writer.wait_merging_threads()
            self.store.swap(generation)
            feed.forget(seen)
            self.store.remove_stale()
            return done
