"""Vietnamese diacritics: the model trained on the catalogue, what the portal offers, and the
proposals for records that lost their marks.

The model (:mod:`thuvien.vietnamese.diacritics`) learns from the catalogue's own text with
marks: titles, subjects, summaries and OCR text. Training holds one text in ten out and
measures the model on it against the most-frequent-form baseline; the figures are saved with
the model and shown wherever it is used. Nothing here changes a record: the portal offers a
query, and a cataloguer accepts or rejects each proposal (:func:`accept`, :func:`reject`).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.ai.machines import DIACRITICS
from thuvien.ai.models import DiacriticProposal
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.digital.models import Page
from thuvien.errors import Conflict, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.network.permissions import Action, check
from thuvien.vietnamese import diacritics, keystrokes
from thuvien.vietnamese.text import fold

if TYPE_CHECKING:
    from thuvien.actors import Actor

log = logging.getLogger("thuvien.ai")

# Subfields restored: titles (245 a b n p), summary (520 a), topical and geographic subjects.
RESTORED = {"245": "abnp", "520": "a", "650": "axyz", "651": "axyz", "653": "a"}
# Subfields the model learns from: those plus series and other titles.
LEARNED = {**RESTORED, "246": "ab", "490": "a", "830": "a", "505": "a"}
# A proposal needs this share of the field's words to be syllables the model knows.
_KNOWN_SHARE = 0.6
_READ_BATCH = 2000


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "ai" / "diacritics.json.gz"


_loaded: dict[Path, tuple[float, diacritics.Model]] = {}


def model() -> diacritics.Model | None:
    """The trained model, read again when the file changes; None before the first training."""
    path = model_path()
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _loaded.get(path)
    if cached is None or cached[0] != stamp:
        _loaded.clear()  # one data folder in production; tests switch between several
        cached = _loaded[path] = (stamp, diacritics.Model.load(path))
    return cached[1]


# --- training ------------------------------------------------------------------------------


def texts() -> Iterator[str]:
    """The catalogue's Vietnamese text with marks: record subfields, then OCR pages."""
    records = Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC).values_list("leader", "marc")
    for leader, stored in records.iterator(chunk_size=_READ_BATCH):
        marc = MarcRecord.from_stored(leader, stored)
        for tag, codes in LEARNED.items():
            yield from marc.values(tag, codes)
    pages = Page.objects.filter(ocr_done=True).exclude(ocr_text="").values_list("ocr_text")
    for (text,) in pages.iterator(chunk_size=200):
        yield text


def _held_out(text: str) -> bool:
    return zlib.crc32(text.encode()) % 10 == 0


def train() -> dict[str, Any]:
    """Train on the catalogue, measure on one text in ten held out, save; the figures."""
    learning, everything = diacritics.Model(), diacritics.Model()
    marked = [text for text in texts() if diacritics.has_marks(text)]
    held = [text for text in marked if _held_out(text)]
    # One call each: a model indexes its whole vocabulary at the end of every train() call
    # (training text by text made that quadratic: 28 s instead of 1 s on the demo).
    everything.train(marked)
    learning.train([text for text in marked if not _held_out(text)])

    def restored(text: str) -> str:
        return learning.restore(text).text

    right, total = diacritics.accuracy(restored, held)
    base, _ = diacritics.accuracy(learning.most_frequent, held)
    everything.meta = {
        "trained_at": timezone.now().isoformat(timespec="seconds"),
        "syllables": sum(everything.unigrams.values()),
        "vocabulary": everything.vocabulary,
        "held_out_syllables": total,
        "accuracy": round(right / total, 4) if total else None,
        "baseline_accuracy": round(base / total, 4) if total else None,
    }
    everything.save(model_path())
    return everything.meta


# --- what a reader typed -------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """A query to offer back: ``kind`` is ``keystrokes`` (Telex/VNI decoded) or
    ``diacritics`` (marks restored); ``score`` the least confident syllable."""

    text: str
    kind: str
    score: float


def offer(query: str) -> Offer | None:
    """What to offer for a query typed as keystrokes, or without marks when the folded
    query is ambiguous; None if nothing.

    Every offer is logged with its score; following it is logged by :func:`taken`.
    """
    trained = model()
    if trained is None or not query.strip():
        return None
    decoded = keystrokes.decode(query, trained.is_foreign_word)
    kind = "keystrokes" if decoded is not None else "diacritics"
    restoration = trained.restore(decoded or query)
    text = restoration.text
    if text == query or fold(text) != fold(decoded or query):
        return None
    # Typed without marks, the folded search already finds every written form; offering
    # one is worth it only when the folded query is ambiguous (some syllable has several).
    ambiguous = any(len(s.alternatives) > 1 for s in restoration.syllables)
    if kind == "diacritics" and not ambiguous:
        return None
    found = Offer(text=text, kind=kind, score=round(restoration.confidence, 4))
    log.info("diacritics offered (%s, score %.4f): %r -> %r", kind, found.score, query, text)
    return found


OFFER_KINDS = ("diacritics", "keystrokes")


def taken(query: str, kind: str) -> None:
    """A reader followed an offer (the search it led to says so): the decision, logged."""
    if kind in OFFER_KINDS:
        log.info("diacritics offer taken (%s): %r", kind, query)


def restore_text(text: str) -> tuple[str, diacritics.Restoration] | None:
    """``thuvien ai diacritics``: keystrokes decoded, then marks restored; None untrained."""
    trained = model()
    if trained is None:
        return None
    decoded = keystrokes.decode(text, trained.is_foreign_word) or text
    return decoded, trained.restore(decoded)


# --- proposals for records -----------------------------------------------------------------


def _changes(trained: diacritics.Model, marc: MarcRecord) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    for at, f in enumerate(marc.fields):
        codes = RESTORED.get(f[0], "") if len(f) == 4 else ""
        for position, (code, value) in enumerate(f[3] if codes else []):
            text = str(value)
            if code not in codes or not text.isascii():
                continue
            restoration = trained.restore(text)
            words = restoration.syllables
            known = [s for s in words if fold(s.typed) in trained.forms]
            if not restoration.changed or len(known) < _KNOWN_SHARE * len(words):
                continue
            changes.append({
                "tag": f[0], "field": at, "code": code, "subfield": position,
                "before": text, "after": restoration.text, "score": restoration.confidence,
            })  # fmt: skip
    return changes


def train_and_propose() -> dict[str, Any]:
    """`thuvien ai train`'s part: the model from the catalogue's text, its figures, then new
    proposals for the records that lost their diacritics."""
    figures = train()
    return {**figures, "proposed": propose()}


def propose(limit: int | None = None) -> int:
    """Propose restorations for Vietnamese records whose text has no marks; the count.

    A record with a proposal waiting, or one rejected for the same version, is skipped.
    """
    trained = model()
    if trained is None:
        return 0
    skip = set(
        DiacriticProposal.objects.filter(state=DiacriticProposal.State.PROPOSED).values_list(
            "record_id", flat=True
        )
    )
    rejected = set(
        DiacriticProposal.objects.exclude(state=DiacriticProposal.State.PROPOSED).values_list(
            "record_id", "content_hash"
        )
    )
    candidates = Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC, language="vie")
    made: list[DiacriticProposal] = []
    for pk, title, leader, stored, content_hash in candidates.values_list(
        "pk", "title", "leader", "marc", "content_hash"
    ).iterator(chunk_size=_READ_BATCH):
        if not title.isascii() or pk in skip or (pk, content_hash) in rejected:
            continue
        changes = _changes(trained, MarcRecord.from_stored(leader, stored))
        if changes:
            score = min(c["score"] for c in changes)
            made.append(DiacriticProposal(record_id=pk, content_hash=content_hash,
                                          changes=changes, score=score))  # fmt: skip
        if limit is not None and len(made) >= limit:
            break
    DiacriticProposal.objects.bulk_create(made)
    return len(made)


def waiting(libraries: list[Any] | None) -> Any:
    """Proposals still to decide, most confident first; ``libraries`` None means all."""
    found = DiacriticProposal.objects.filter(state=DiacriticProposal.State.PROPOSED)
    if libraries is not None:
        found = found.filter(record__library__in=libraries)
    return found.select_related("record", "record__library")


def _proposal(pk: int) -> DiacriticProposal:
    found = DiacriticProposal.objects.select_related("record", "record__library").filter(pk=pk)
    proposal = found.first()
    if proposal is None:
        raise NotFound(
            _("Không có đề xuất thêm dấu số {id}; hãy mở lại danh sách đề xuất.").format(id=pk)
        )
    return proposal


def _summary(proposal: DiacriticProposal, action: str) -> str:
    return f"record {proposal.record_id}: {action} (score {proposal.score:.4f})"


def accept(actor: Actor, pk: int) -> Record:
    """Apply the proposal through the catalogue's editing service (audited, versioned)."""
    proposal = _proposal(pk)
    record = proposal.record
    check(actor, Action.EDIT_CATALOGUE, record.library)
    with transaction.atomic():
        if record.content_hash != proposal.content_hash:
            raise Conflict(
                _(
                    "Biểu ghi {record} đã được sửa sau khi có đề xuất; hãy bỏ qua đề xuất này "
                    "và chạy lại `thuvien ai train`."
                ).format(record=record.pk),
                record=record.pk,
            )
        marc = MarcRecord.from_stored(record.leader, record.marc)
        for change in proposal.changes:
            subfields = marc.fields[change["field"]][3]
            subfields[change["subfield"]] = [change["code"], change["after"]]
        saved = catalogue.update_record(actor, record, marc, expected_hash=proposal.content_hash)
        lifecycle.move(
            DIACRITICS,
            proposal,
            "accept",
            actor=actor,
            library_code=record.library.code,
            summary=_summary(proposal, "accept"),
        )
    return saved


def reject(actor: Actor, pk: int) -> DiacriticProposal:
    """Set the proposal aside; the record is not proposed again until it changes."""
    proposal = _proposal(pk)
    check(actor, Action.EDIT_CATALOGUE, proposal.record.library)
    with transaction.atomic():
        lifecycle.move(DIACRITICS, proposal, "reject", actor=actor,
                       library_code=proposal.record.library.code,
                       summary=_summary(proposal, "reject"))  # fmt: skip
    return proposal


def model_quality() -> dict[str, Any]:
    """The trained model's measured figures (empty before training)."""
    trained = model()
    return dict(trained.meta) if trained is not None else {}
