"""Exporting a library's records: UTF-8 ISO 2709, MARCXML or MARC-in-JSON, streamed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from thuvien.catalogue import formats, iso2709
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.network.models import Library

CHUNK = 2000


def stored_records(library: Library, kind: str | None = None) -> Iterator[tuple[int, MarcRecord]]:
    """The library's records in the order they were catalogued, read in chunks by id."""
    queryset = Record.objects.filter(library=library)
    if kind:
        queryset = queryset.filter(kind=kind)
    last = 0
    while True:
        rows = list(
            queryset.filter(id__gt=last).order_by("id").values_list("id", "leader", "marc")[:CHUNK]
        )
        if not rows:
            return
        for pk, leader, marc in rows:
            yield pk, MarcRecord.from_stored(leader, marc)
        last = rows[-1][0]


@dataclass
class ExportResult:
    written: int = 0
    skipped: list[str] = field(default_factory=list)


# Per format: what opens the file, how one record is written, what separates two, what closes.
_XML_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
)


def _xml(record: MarcRecord) -> bytes:
    # The namespace is declared once on <collection>, not on each record.
    return (
        formats.to_marcxml(record).replace(b' xmlns="' + formats.MARCXML_NS.encode() + b'"', b"", 1)
        + b"\n"
    )


def _json(record: MarcRecord) -> bytes:
    return json.dumps(formats.to_marc_in_json(record), ensure_ascii=False).encode()


_WRITERS: dict[str, tuple[bytes, Callable[[MarcRecord], bytes], bytes, bytes]] = {
    "iso2709": (b"", iso2709.encode, b"", b""),
    "marcxml": (_XML_HEAD, _xml, b"", b"</collection>\n"),
    "json": (b"[\n", _json, b",\n", b"\n]\n"),
}


def export(
    records: Iterator[tuple[int, MarcRecord]],
    out: BinaryIO,
    fmt: str,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Write ``records`` (id, record) to ``out`` in ``fmt``.

    A record ISO 2709 cannot carry (a field over 9,999 bytes) is skipped and named in the
    result, never truncated; MARCXML and MARC-in-JSON carry every record.
    """
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(formats.FORMATS)}")
    head, write, separator, tail = _WRITERS[fmt]
    result = ExportResult()
    out.write(head)
    for pk, record in records:
        try:
            data = write(record)
        except iso2709.TooLong as exc:
            result.skipped.append(f"record {pk}: {exc}; export it as MARCXML")
            continue
        if result.written and separator:
            out.write(separator)
        out.write(data)
        result.written += 1
        if progress is not None and result.written % 1000 == 0:
            progress(1000)
    out.write(tail)
    if progress is not None:
        progress(result.written % 1000)
    return result
