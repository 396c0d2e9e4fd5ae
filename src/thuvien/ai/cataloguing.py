"""Class and subject suggestions for cataloguers: training on the network's records, the
held-out measure of quality, and the suggestions for one record.

Quality is measured on records of held-out libraries (every fifth library of the network), and
a held-out record whose work (folded title and first author) also occurs in a training library
is left out, so a record copied between libraries cannot be in both. The figures are stored
with the model and shown beside the suggestions, each with its baseline (always proposing the
most frequent label).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thuvien import conf
from thuvien.ai import features
from thuvien.ai.features import FAMILIES, Label
from thuvien.ai.learning import Corpus, Model, f1_at_5, precision_at_1
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.digital.indexing import texts_between
from thuvien.search.analysis import folded_form

HELD_OUT_EVERY = 5  # every fifth library is held out to measure quality
TEST_LIMIT = 5000  # held-out records kept for the measure, per family at most
CHUNK = 2000
SHOWN = 5  # suggestions per family on the panel
MIN_SCORE = 0.05


def folder() -> Path:
    return conf.get_path("DATA_DIR") / "ai" / "cataloguing"


@dataclass
class Example:
    """One record as the suggesters see it."""

    library: int
    work: str
    tokens: list[str]
    labels: list[Label]


def work_key(title: str, author: str) -> str:
    text = folded_form(title) + "|" + folded_form(author.split(" ; ", maxsplit=1)[0])
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def examples() -> Iterator[Example]:
    """Every bibliographic record of the network, read in id order a chunk at a time."""
    rows = Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC).order_by("id")
    last = 0
    while True:
        chunk = list(
            rows.filter(id__gt=last).values_list(
                "id", "library_id", "leader", "marc", "title", "authors"
            )[:CHUNK]
        )
        if not chunk:
            return
        ocr = texts_between(chunk[0][0], chunk[-1][0])
        for pk, library, leader, stored, title, authors in chunk:
            marc = MarcRecord.from_stored(leader, stored)
            yield Example(
                library=library,
                work=work_key(title, authors),
                tokens=features.record_tokens(marc, " ".join(ocr.get(pk, ()))),
                labels=list(features.labels_of(marc)),
            )
        last = chunk[-1][0]


def held_out(library: int) -> bool:
    return library % HELD_OUT_EVERY == 0


@dataclass
class Measure:
    """The held-out quality of one family's model, against the most-frequent baseline."""

    records: int = 0
    precision_at_1: float = 0.0
    f1_at_5: float = 0.0
    baseline_precision_at_1: float = 0.0
    baseline_f1_at_5: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in vars(self).items()}


def measure(model: Model, tests: list[tuple[list[str], set[str]]], frequent: list[str]) -> Measure:
    if not tests:
        return Measure()
    truth = [t for _tokens, t in tests]
    ranked = [[label for label, _s in model.rank(tokens, 5)] for tokens, _t in tests]
    baseline = [frequent[:5]] * len(tests)
    return Measure(
        records=len(tests),
        precision_at_1=precision_at_1(ranked, truth),
        f1_at_5=f1_at_5(ranked, truth),
        baseline_precision_at_1=precision_at_1(baseline, truth),
        baseline_f1_at_5=f1_at_5(baseline, truth),
    )


@dataclass
class Training:
    """One pass over the examples feeds two corpora: one of the training libraries only
    (measured on the held-out ones) and one of every library (the models stored)."""

    full: Corpus = field(default_factory=lambda: Corpus.of(FAMILIES))
    train: Corpus = field(default_factory=lambda: Corpus.of(FAMILIES))
    train_works: set[str] = field(default_factory=set)
    candidates: list[Example] = field(default_factory=list)
    libraries: set[int] = field(default_factory=set)

    def add(self, example: Example) -> None:
        self.libraries.add(example.library)
        by_family: dict[str, list[str]] = {f: [] for f in FAMILIES}
        for label in example.labels:
            by_family[label.family].append(label.key)
        self.full.add(example.tokens, by_family)
        if not held_out(example.library):
            self.train.add(example.tokens, by_family)
            self.train_works.add(example.work)
        elif example.labels and len(self.candidates) < TEST_LIMIT * 2:
            self.candidates.append(example)

    def measures(self) -> dict[str, Measure]:
        out: dict[str, Measure] = {}
        tests = [e for e in self.candidates if e.work not in self.train_works]
        for family in FAMILIES:
            model = self.train.model(family)
            acc = self.train.families[family]
            frequent = [label for label, _n in acc.label_docs.most_common(5)]
            cases = [
                (e.tokens, {lab.key for lab in e.labels if lab.family == family}) for e in tests
            ]
            cases = [(tokens, truth) for tokens, truth in cases if truth][:TEST_LIMIT]
            out[family] = measure(model, cases, frequent)
        return out


def train(examples_: Iterable[Example] | None = None) -> dict[str, Any]:
    """Train every family's model, measure it, store it; return what ``thuvien ai train``
    prints."""
    started = time.perf_counter()
    training = Training()
    for example in examples() if examples_ is None else examples_:
        training.add(example)
    measured = training.measures()
    version = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    target = folder()
    families: dict[str, Any] = {}
    for family in FAMILIES:
        model = training.full.model(family, version)
        model.save(target / f"{family}.json.gz")
        families[family] = {
            "labels": len(model.labels),
            "records": training.full.families[family].labelled,
            "held_out": measured[family].as_dict(),
        }
    summary = {
        "version": version,
        "records": training.full.docs,
        "libraries": len(training.libraries),
        "held_out_libraries": sum(1 for lib in training.libraries if held_out(lib)),
        "seconds": round(time.perf_counter() - started, 2),
        "families": families,
    }
    (target / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    _CACHE.clear()
    return summary


# --- suggesting -------------------------------------------------------------------------

_CACHE: dict[str, tuple[float, Model]] = {}


def model_of(family: str) -> Model | None:
    path = folder() / f"{family}.json.gz"
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _CACHE.get(family)
    if cached and cached[0] == stamp:
        return cached[1]
    model = Model.load(path)
    _CACHE[family] = (stamp, model)
    return model


def summary() -> dict[str, Any] | None:
    path = folder() / "summary.json"
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


@dataclass(frozen=True)
class Suggestion:
    label: Label
    score: float
    version: str

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"score": self.score, "model_version": self.version}
        if self.label.family == features.SUBJECTS:
            data.update(tag=self.label.tag, heading=self.label.value)
        else:
            data.update(scheme=self.label.family, value=self.label.value)
        return data


def suggest_for(marc: MarcRecord, ocr: str = "", limit: int = SHOWN) -> list[Suggestion]:
    """Classes and subjects for a record, best first within each family, leaving out what
    the record already has. Nothing is written."""
    tokens = features.record_tokens(marc, ocr)
    present = {(lab.family, lab.key) for lab in features.labels_of(marc)}
    out: list[Suggestion] = []
    for family in FAMILIES:
        model = model_of(family)
        if model is None:
            continue
        shown = 0
        for key, score in model.rank(tokens, limit + len(present)):
            if score < MIN_SCORE or (family, key) in present:
                continue
            out.append(Suggestion(features.label_from_key(family, key), score, model.version))
            shown += 1
            if shown == limit:
                break
    return out


def ocr_of(record_id: int) -> str:
    return " ".join(texts_between(record_id, record_id).get(record_id, ()))
