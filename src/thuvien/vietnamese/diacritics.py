"""Diacritics restored to Vietnamese typed without them: a syllable trigram model.

Trained on Vietnamese text that has its diacritics (a catalogue's titles, subjects,
summaries, OCR text), the model counts each syllable's written forms (lower case, tones in
canonical place) and the forms that follow one or two others. Restoring ``thu vien so``
chooses, among the forms seen for each folded syllable (``thu`` → thu, thú, thư, thứ …),
the sequence the counts make most likely: interpolated trigram, bigram and unigram
probabilities, searched with a small beam. A syllable never seen keeps what was typed, and
one that already has marks is kept as typed and used as context.

The baseline every figure is compared against is the unigram alone: the most frequent form
of each folded syllable, whatever surrounds it.

The model is plain counts, saved as gzipped JSON: nothing is downloaded, and retraining on
the same text gives the same file.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thuvien.vietnamese.text import canonical_tones, fold, is_vietnamese_syllable, nfc

FORMAT = 1
_WORD_RE = re.compile(r"[^\W\d_]+")
# Context does not carry across these: a new title part, sentence or list item starts.
_BREAKS = r".;:!?()\[\]\"“”/|\n"
_BREAK_RE = re.compile(f"[{_BREAKS}]+")
_PART_RE = re.compile(f"[^{_BREAKS}]+")
_START = "<s>"
# Interpolation weights (trigram, bigram, unigram); unigram floor for unseen continuations.
_WEIGHTS = (0.5, 0.35, 0.15)
_BEAM = 8


def _form(word: str) -> str:
    return canonical_tones(nfc(word)).lower()


def _recase(original: str, form: str) -> str:
    if len(original) > 1 and original.isupper():
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def segments(text: str) -> Iterator[list[str]]:
    """Runs of words between punctuation, each word as written."""
    for part in _BREAK_RE.split(text):
        words = _WORD_RE.findall(part)
        if words:
            yield words


def has_marks(text: str) -> bool:
    """Whether ``text`` has any Vietnamese letter beyond ASCII (so it can teach forms)."""
    return not text.isascii() and fold(text) != text.lower()


@dataclass
class Alternative:
    form: str
    score: float


@dataclass
class Syllable:
    typed: str
    restored: str
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.typed != self.restored

    @property
    def confidence(self) -> float:
        return self.alternatives[0].score if self.alternatives else 1.0


@dataclass
class Restoration:
    text: str
    syllables: list[Syllable]

    @property
    def changed(self) -> bool:
        return any(s.changed for s in self.syllables)

    @property
    def confidence(self) -> float:
        """The least confident syllable that the model chose (1.0 when none was chosen)."""
        chosen = [s.confidence for s in self.syllables if len(s.alternatives) > 1]
        return min(chosen, default=1.0)


class Model:
    """Syllable n-gram counts; ``train`` then ``restore``."""

    def __init__(self) -> None:
        self.unigrams: Counter[str] = Counter()
        self.bigrams: Counter[tuple[str, str]] = Counter()
        self.trigrams: Counter[tuple[str, str, str]] = Counter()
        self.contexts1: Counter[str] = Counter()  # c(v) as the first of a bigram
        self.contexts2: Counter[tuple[str, str]] = Counter()
        self.foreign: Counter[str] = Counter()  # words that are not Vietnamese syllables
        self.forms: dict[str, list[str]] = {}
        self.total = 0
        self.meta: dict[str, Any] = {}

    # --- training -----------------------------------------------------------------------

    def train(self, texts: Iterable[str]) -> int:
        """Count the syllables of every text that has marks; returns the syllables read."""
        read = 0
        for text in texts:
            if not has_marks(text):
                continue  # unaccented text would teach that every syllable is bare
            for words in segments(text):
                forms = [_form(w) for w in words]
                previous = [_START, _START]
                for form in forms:
                    if is_vietnamese_syllable(form):
                        self.unigrams[form] += 1
                        read += 1
                    else:
                        self.foreign[form] += 1
                    self.bigrams[(previous[1], form)] += 1
                    self.trigrams[(previous[0], previous[1], form)] += 1
                    self.contexts1[previous[1]] += 1
                    self.contexts2[(previous[0], previous[1])] += 1
                    previous = [previous[1], form]
        self._index()
        return read

    def _index(self) -> None:
        by_fold: dict[str, list[str]] = defaultdict(list)
        for form in self.unigrams:
            by_fold[fold(form)].append(form)
        self.forms = {k: sorted(v, key=lambda f: -self.unigrams[f]) for k, v in by_fold.items()}
        self.total = sum(self.unigrams.values())

    def is_foreign_word(self, word: str) -> bool:
        """Whether ``word`` (any case) is a non-Vietnamese word the training text used."""
        return word.lower() in self.foreign

    @property
    def vocabulary(self) -> int:
        return len(self.unigrams)

    # --- scoring ------------------------------------------------------------------------

    def _probability(self, u: str, v: str, w: str) -> float:
        p1 = (self.unigrams[w] + 0.1) / (self.total + 1)
        p2 = self.bigrams[(v, w)] / self.contexts1[v] if self.contexts1[v] else p1
        pair = self.contexts2[(u, v)]
        p3 = self.trigrams[(u, v, w)] / pair if pair else p2
        a, b, c = _WEIGHTS
        return a * p3 + b * p2 + c * p1

    def candidates(self, word: str) -> list[str]:
        """Forms the model may write for ``word``: its own if it has marks or is unknown."""
        if not word.isascii():
            return [_form(word)]
        return self.forms.get(word.lower(), [word.lower()])

    def most_frequent(self, text: str) -> str:
        """The baseline: each unaccented word as its most frequent form, no context."""
        return _WORD_RE.sub(lambda m: _recase(m.group(), self.candidates(m.group())[0]), text)

    def _best_path(self, words: list[str]) -> list[str]:
        beam: list[tuple[float, list[str]]] = [(0.0, [_START, _START])]
        for word in words:
            grown = [
                (score + math.log(self._probability(path[-2], path[-1], form)), [*path, form])
                for score, path in beam
                for form in self.candidates(word)
            ]
            grown.sort(key=lambda g: -g[0])
            beam = grown[:_BEAM]
        return beam[0][1][2:]

    def _alternatives(self, path: list[str], i: int, word: str) -> list[Alternative]:
        """Each candidate's share of probability with the chosen neighbours held fixed."""
        padded = [_START, _START, *path]
        j = i + 2
        scores: list[tuple[str, float]] = []
        for form in self.candidates(word):
            trial = [*padded[:j], form, *padded[j + 1 :]]
            p = 1.0
            for k in range(j, min(j + 3, len(trial))):
                p *= self._probability(trial[k - 2], trial[k - 1], trial[k])
            scores.append((form, p))
        total = sum(p for _, p in scores) or 1.0
        ranked = sorted(scores, key=lambda s: -s[1])
        return [Alternative(form, round(p / total, 4)) for form, p in ranked]

    def restore(self, text: str) -> Restoration:
        """``text`` with diacritics put back on its unaccented syllables, case kept."""
        syllables: list[Syllable] = []
        replacements: dict[int, str] = {}
        for part in _PART_RE.finditer(text):
            matches = list(_WORD_RE.finditer(text, part.start(), part.end()))
            words = [m.group() for m in matches]
            path = self._best_path(words) if words else []
            for i, (match, form) in enumerate(zip(matches, path, strict=True)):
                word = match.group()
                restored = word if not word.isascii() else _recase(word, form)
                alternatives = self._alternatives(path, i, word) if word.isascii() else []
                if len(alternatives) == 1 and alternatives[0].form == word.lower():
                    alternatives = []
                syllables.append(Syllable(word, restored, alternatives))
                replacements[match.start()] = restored
        out = _WORD_RE.sub(lambda m: replacements.get(m.start(), m.group()), text)
        return Restoration(text=out, syllables=syllables)

    # --- storage ------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        data = {
            "format": FORMAT,
            "meta": self.meta,
            "unigrams": dict(self.unigrams),
            "foreign": dict(self.foreign),
            "bigrams": {f"{v} {w}": n for (v, w), n in self.bigrams.items()},
            "trigrams": {f"{u} {v} {w}": n for (u, v, w), n in self.trigrams.items()},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with gzip.open(partial, "wt", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True)
        partial.replace(path)  # readers never see half a model

    @classmethod
    def load(cls, path: Path) -> Model:
        with gzip.open(path, "rt", encoding="utf-8") as source:
            data = json.load(source)
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: model format {data.get('format')}, expected {FORMAT}")
        model = cls()
        model.meta = data["meta"]
        model.unigrams = Counter(data["unigrams"])
        model.foreign = Counter(data["foreign"])
        for key, n in data["bigrams"].items():
            v, w = key.split(" ")
            model.bigrams[(v, w)] = n
            model.contexts1[v] += n
        for key, n in data["trigrams"].items():
            u, v, w = key.split(" ")
            model.trigrams[(u, v, w)] = n
            model.contexts2[(u, v)] += n
        model._index()
        return model


def accuracy(restore: Any, sentences: Iterable[str]) -> tuple[int, int]:
    """(syllables right, syllables) when ``restore`` gets each sentence folded.

    Only Vietnamese syllables are counted (foreign words and numbers come back as typed).
    """
    right = total = 0
    for sentence in sentences:
        expected = [_form(w) for w in _WORD_RE.findall(sentence)]
        got = [_form(w) for w in _WORD_RE.findall(restore(fold(sentence)))]
        if len(got) != len(expected):
            continue
        for want, have in zip(expected, got, strict=True):
            if is_vietnamese_syllable(want):
                total += 1
                right += want == have
    return right, total
