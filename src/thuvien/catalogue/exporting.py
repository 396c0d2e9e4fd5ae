"""Exporting a library's records: UTF-8 ISO 2709, MARCXML or MARC-in-JSON, streamed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from collections.abc import Callable, Iterator
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
    result = ExportResult()
    count = 0
    if fmt == "marcxml":
        out.write(
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
        )
    elif fmt == "json":
        out.write(b"[\n")
    elif fmt != "iso2709":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(formats.FORMATS)}")
    for pk, record in records:
        if fmt == "iso2709":
            try:
                out.write(iso2709.encode(record))
            except iso2709.TooLong as exc:
                result.skipped.append(f"record {pk}: {exc}; export it as MARCXML")
                continue
        elif fmt == "marcxml":
            out.write(formats.to_marcxml(record).replace(
                b' xmlns="http://www.loc.gov/MARC21/slim"', b"", 1
            ))
            out.write(b"\n")
        else:
            if count:
                out.write(b",\n")
            out.write(json.dumps(formats.to_marc_in_json(record), ensure_ascii=False).encode())
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(1000)
    if fmt == "marcxml":
        out.write(b"</collection>\n")
    elif fmt == "json":
        out.write(b"\n]\n")
    if progress is not None:
        progress(count % 1000)
    result.written = count
    return result
