"""Words of the index: completion of titles, authors and subjects, and "did you mean".

Completion keys are whole titles (names, headings) in folded form followed by what is shown,
``"thu vien so\\x01Thư viện số"``, in keyword fields: a typed prefix, folded the same way,
is a prefix of the key, and the term itself carries the text to show.

"Did you mean" looks at each plain word that no record contains: first at every spelling one
edit away (cheap: a few hundred term lookups), then, through a fuzzy query, at the words of
records two edits away. The candidate that most records hold together with the query's other
words wins ("dien tuu" next to "thuong mai" is "tu", not the commoner "thu"), then the one
in most records. Corrections are folded
words (no diacritics), which the folded search matches anyway.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator

import tantivy
from tantivy import Occur, Query

from thuvien.search.backends.tantivy.schema import SCHEMA, count, tokens
from thuvien.search.query import ParsedQuery
from thuvien.search.types import Suggestion

VOCABULARY = ("title_f", "author_f", "subject_f", "rest_f")
_LETTERS = string.ascii_lowercase + string.digits
_SUGGEST_FIELDS = (("sg_title", "title"), ("sg_author", "author"), ("sg_subject", "subject"))
_CANDIDATE_TERMS = 300
_FUZZY_DOCS = 30


def _live(searcher: tantivy.Searcher, field: str, term: str) -> int:
    """Documents that still hold ``term`` (the term dictionary also counts deleted ones)."""
    return count(searcher.search(Query.term_query(SCHEMA, field, term), 1, count=True))


def suggest(searcher: tantivy.Searcher, key: str, limit: int) -> list[Suggestion]:
    if not key:
        return []
    ranked: list[tuple[int, int, str, str]] = []
    for rank, (field, name) in enumerate(_SUGGEST_FIELDS):
        best: dict[str, tuple[int, str]] = {}  # folded key → (records, term)
        for term, records in searcher.terms_with_prefix(field, key, limit=_CANDIDATE_TERMS):
            folded = term.partition("\x01")[0]
            if records > best.get(folded, (0, ""))[0]:
                best[folded] = (records, term)
        kept = 0
        for _, term in sorted(best.values(), key=lambda v: -v[0]):
            live = _live(searcher, field, term)
            if live:
                ranked.append((-live, rank, name, term.partition("\x01")[2]))
                kept += 1
            if kept >= limit:
                break
    ranked.sort(key=lambda r: (r[0], r[1], len(r[3]), r[3]))
    return [Suggestion(text=text, field=name) for _, _, name, text in ranked[:limit]]


def _frequency(searcher: tantivy.Searcher, term: str) -> int:
    return sum(searcher.doc_freq(field, term) for field in VOCABULARY)


def _one_edit(word: str) -> Iterator[str]:
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            yield head + tail[1:]  # deletion
            for c in _LETTERS:
                if c != tail[0]:
                    yield head + c + tail[1:]  # substitution
        if len(tail) > 1:
            yield head + tail[1] + tail[0] + tail[2:]  # transposition
        for c in _LETTERS:
            yield head + c + tail  # insertion


def distance(a: str, b: str) -> int:
    """Levenshtein distance with adjacent transpositions costing one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def _two_edits(searcher: tantivy.Searcher, word: str) -> list[str]:
    fuzzy = [
        (Occur.Should, Query.fuzzy_term_query(SCHEMA, field, word, 2, True))
        for field in ("title_f", "author_f", "subject_f")
    ]
    found = searcher.search(Query.boolean_query(fuzzy), _FUZZY_DOCS, count=False)
    words: set[str] = set()
    for _, address in found.hits:
        _, title, authors, *_ = json.loads(searcher.doc(address)["payload"][0])
        words.update(f for _, f in tokens(f"{title} {authors}"))
    return [w for w in words if w != word and distance(word, w) <= 2]


def _together(searcher: tantivy.Searcher, words: list[str]) -> int:
    """Records holding every one of ``words`` (folded) in some field."""
    must = [
        (Occur.Must, Query.boolean_query(
            [(Occur.Should, Query.term_query(SCHEMA, f, w)) for f in VOCABULARY]
        ))
        for w in words
    ]  # fmt: skip
    return count(searcher.search(Query.boolean_query(must), 1, count=True))


def correction(searcher: tantivy.Searcher, word: str, context: list[str]) -> str | None:
    """The indexed word one or two edits from ``word`` that most records hold together with
    the query's other known words (``context``), then in most records overall; or None."""
    if len(word) < 3 or word.isdigit() or _frequency(searcher, word):
        return None
    candidates: dict[str, int] = {}
    if word.isascii():
        for candidate in set(_one_edit(word)):
            n = _frequency(searcher, candidate)
            if n:
                candidates[candidate] = n
    if not candidates:
        candidates = {w: _frequency(searcher, w) for w in _two_edits(searcher, word)}
    if not candidates:
        return None
    likely = sorted(candidates, key=lambda w: (-candidates[w], distance(word, w), w))[:10]
    if context:
        together = {w: _together(searcher, [w, *context]) for w in likely}
        return max(likely, key=lambda w: (together[w], candidates[w], -distance(word, w)))
    return likely[0]


def did_you_mean(searcher: tantivy.Searcher, parsed: ParsedQuery) -> str | None:
    """The query with its unknown plain words corrected, or None when nothing changes."""
    plain = {f for _, f in tokens(parsed.free_text)}
    known = [w for w in plain if _frequency(searcher, w)]
    words = parsed.raw.split()
    changed = False
    for i, word in enumerate(words):
        pairs = tokens(word)
        if len(pairs) != 1 or pairs[0][1] not in plain:
            continue
        fixed = correction(searcher, pairs[0][1], known)
        if fixed is not None:
            words[i] = fixed
            changed = True
    return " ".join(words) if changed else None
