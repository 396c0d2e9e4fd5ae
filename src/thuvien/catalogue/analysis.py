"""The part of an import that needs no database: decoding, repairing and extracting records.

It runs in worker processes on big files (:mod:`thuvien.workers`), so this module imports
nothing of Django: a worker is a fresh interpreter that imports only what a task names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thuvien.catalogue import formats
from thuvien.catalogue.extract import extract
from thuvien.catalogue.holdings import ItemData, items_in
from thuvien.catalogue.marc import MarcRecord, indicators_xml_refuses
from thuvien.vietnamese import legacy
from thuvien.workers import in_order

CHUNK = 250


@dataclass(slots=True)
class Prepared:
    """What the database writer needs of one readable record (computed in a worker)."""

    index: int
    offset: int
    leader: str
    control: str  # 001
    org: str  # 003
    stored: str  # the record as stored (compact JSON)
    content_hash: str
    encoding: str
    needs_review: str
    extracted: dict[str, Any]
    items: list[ItemData]
    warnings: list[str]
    key: str = ""


def analyse(incoming: formats.Incoming) -> Prepared | formats.Incoming:
    """Decode, repair and extract one record: everything that needs no database and no
    knowledge of other records, so it can run in a worker process. Returns the rejected
    ``incoming`` itself when the record cannot be read."""
    formats.decode(incoming)
    record = incoming.record
    if incoming.error or record is None:
        return incoming
    needs_review = _repair_legacy_text(record)
    stored = record.to_json()
    extracted = extract(record)
    return Prepared(
        index=incoming.index,
        offset=incoming.offset,
        leader=record.leader,
        control=record.control("001").strip(),
        org=record.control("003").strip(),
        stored=stored,
        content_hash=record.content_hash(stored),
        encoding=incoming.encoding,
        needs_review=needs_review,
        extracted=extracted,
        items=items_in(record) if extracted["kind"] == "bib" else [],
        warnings=incoming.warnings + _indicator_warnings(record),
    )


def _indicator_warnings(record: MarcRecord) -> list[str]:
    """Indicators MARC21slim refuses ('#', '-', '|'...): kept, and said to be written blank."""
    return [
        _(
            "Trường {tag}: chỉ thị {position} là '{value}', được giữ nguyên như khi nhận; "
            "bản MARCXML (xuất và OAI-PMH) ghi chỉ thị trống vì lược đồ MARC21slim chỉ cho "
            "phép a-z, 0-9 và dấu cách"
        ).format(tag=tag, position=position, value=value)
        for tag, position, value in indicators_xml_refuses(record)
    ]


def _analyse_chunk(chunk: list[formats.Incoming]) -> list[Prepared | formats.Incoming]:
    return [analyse(incoming) for incoming in chunk]


def analysed(
    incoming: Iterator[formats.Incoming], workers: int
) -> Iterator[Prepared | formats.Incoming]:
    """``analyse`` over the stream, in file order; on several cores in worker processes
    (fresh interpreters that import only this module)."""
    if workers <= 1:
        yield from map(analyse, incoming)
        return
    for results in in_order(
        _analyse_chunk, _chunks(incoming, CHUNK), workers=workers, ahead=2 * workers + 2
    ):
        yield from results


def _chunks(items: Iterator[formats.Incoming], size: int) -> Iterator[list[formats.Incoming]]:
    chunk: list[formats.Incoming] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _repair_legacy_text(record: MarcRecord) -> str:
    """Convert TCVN3/VNI/CP1258 text mis-declared as Unicode; say why a person should check.

    Returns '' when the record's text is fine, else the review reason.
    """
    texts = [v for f in record.fields for v in _values(f) if not v.isascii()]
    if not texts:
        return ""
    detection = legacy.detect("\n".join(texts))
    if detection.encoding == "unicode":
        return ""
    ambiguous = False
    for f in record.fields:
        if len(f) == 2:
            if not f[1].isascii():
                result = legacy.repair(f[1])
                f[1] = result.text
                ambiguous |= result.needs_review
            continue
        for sub in f[3]:
            if not sub[1].isascii():
                result = legacy.repair(sub[1])
                sub[1] = result.text
                ambiguous |= result.needs_review
    if ambiguous or detection.ambiguous:
        reason = _(
            "văn bản mã {encoding} đã được chuyển sang Unicode; chữ hoa có thể sai, cần kiểm tra"
        )
    else:
        reason = _("văn bản mã {encoding} đã được chuyển sang Unicode")
    return reason.format(encoding=detection.encoding.upper())


def _values(f: list[Any]) -> list[str]:
    return [f[1]] if len(f) == 2 else [v for _c, v in f[3]]
