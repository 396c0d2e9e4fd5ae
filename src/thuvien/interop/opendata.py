"""Open data: dumps of the public catalogue (MARCXML, JSON Lines, CSV), per library and for
the whole network, each with its licence (CC0 by default), size and SHA-256; described as a
DCAT-AP catalogue and through a CKAN-compatible read API, so a national portal can pull them.

The digital objects readers can find (:func:`thuvien.digital.collections.listed`) are a
dataset of their own, ``thuvien-digital.jsonl.gz``: one line per object with its IIIF manifest,
portal page, collection, period, place, language, access level and rights, so an aggregator
finds new material; IIIF Change Discovery (``/iiif/discovery/activities``) says what changed.

Only what :mod:`thuvien.interop.exposure` lets out: bibliographic records without restricted
access, without copies, prices, donors or staff notes (Decree 47/2020: no personal data).
Files are written gzip-compressed beside their final name and renamed into place when
complete, so a download never meets half a file. Regenerate with ``thuvien opendata``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from thuvien.catalogue.exposure import public_records
from thuvien.catalogue.formats import to_marc_in_json
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.interop import config, exposure, metadata
from thuvien.network.models import Library

CHUNK = 2000
CSV_COLUMNS = ("id", "library", "title", "authors", "publisher", "place", "year", "isbn",
               "issn", "language", "material_type", "subjects", "url")  # fmt: skip
MEDIA_TYPES = {
    "marcxml": "application/marcxml+xml",
    "jsonl": "application/jsonl",
    "csv": "text/csv",
}
SUFFIXES = {"marcxml": "marcxml.xml.gz", "jsonl": "jsonl.gz", "csv": "csv.gz"}
_COLUMNS = ("id", "library__code", "leader", "marc", "title", "authors", "publisher", "place",
            "year", "isbns", "issn", "language", "material_type", "subjects")  # fmt: skip


def folder() -> Path:
    return Path(settings.DATA_DIR) / "opendata"


def open_records() -> QuerySet[Record]:
    """Records a dump may hold. Restricted ones (506, first indicator 1) are left out in the
    query: the stored JSON writes that field as ``["506","1",…`` exactly."""
    return public_records(exposure.published_records())


def dataset_name(library: Library | None) -> str:
    return "thuvien-network" if library is None else f"thuvien-{library.code.lower()}"


@dataclass(frozen=True)
class Row:
    id: int
    library: str
    marc: MarcRecord
    columns: dict[str, Any]


def rows(library: Library | None) -> Iterator[Row]:
    queryset = open_records()
    if library is not None:
        queryset = queryset.filter(library=library)
    last = 0
    while True:
        chunk = list(queryset.filter(id__gt=last).order_by("id").values_list(*_COLUMNS)[:CHUNK])
        if not chunk:
            return
        for values in chunk:
            data = dict(zip(_COLUMNS, values, strict=True))
            marc = MarcRecord.from_stored(data.pop("leader"), data.pop("marc"))
            shown = exposure.shown(marc)
            if shown is None:  # belt and braces: the query left these out
                continue
            yield Row(data["id"], data.pop("library__code"), shown, data)
        last = chunk[-1][0]


class _Hashing(io.RawIOBase):
    """A file that hashes and counts what is written to it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.digest.update(chunk)
        self.size += len(chunk)
        self.target.write(chunk)
        return len(chunk)


def _flat(row: Row, url: Callable[[int], str]) -> dict[str, Any]:
    c = row.columns
    return {
        "id": row.id, "library": row.library, "title": c["title"], "authors": c["authors"],
        "publisher": c["publisher"], "place": c["place"], "year": c["year"],
        "isbn": c["isbns"], "issn": c["issn"], "language": c["language"],
        "material_type": c["material_type"], "subjects": c["subjects"], "url": url(row.id),
    }  # fmt: skip


def _csv_line(values: list[Any]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue().encode()


# Per format: what opens the file, how one record is written, what closes it.
FORMATS: dict[str, tuple[bytes, Callable[[Row, Callable[[int], str]], bytes], bytes]] = {
    "marcxml": (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + f'<collection xmlns="{metadata.MARCXML_NS}">\n'.encode(),
        lambda row, url: metadata.marcxml(row.marc, namespace=False).encode() + b"\n",
        b"</collection>\n",
    ),
    "jsonl": (
        b"",
        lambda row, url: (
            json.dumps(
                {**_flat(row, url), "marc": to_marc_in_json(row.marc)}, ensure_ascii=False
            ).encode()
            + b"\n"
        ),
        b"",
    ),
    "csv": (
        _csv_line(list(CSV_COLUMNS)),
        lambda row, url: _csv_line(list(_flat(row, url).values())),
        b"",
    ),
}


@dataclass(frozen=True)
class Written:
    """One dump file in place; :func:`thuvien.interop.services.publish_open_data` records it
    as a :class:`~thuvien.interop.models.Dump`."""

    file_name: str
    library: Library | None
    format: str
    records: int
    size: int
    sha256: str
    generated_at: datetime

    def described(self) -> dict[str, Any]:
        """The Dump's fields other than its file name."""
        return {
            "library": self.library, "format": self.format, "records": self.records,
            "size": self.size, "sha256": self.sha256, "generated_at": self.generated_at,
            "licence": config.get_str("OPENDATA_LICENCE"),
        }  # fmt: skip


class _Sink:
    """One dump being written: gzip over a hashing, counting file, renamed when closed."""

    def __init__(self, library: Library | None, fmt: str, name: str = "") -> None:
        self.library, self.format = library, fmt
        self.target = folder() / f"{name or dataset_name(library)}.{SUFFIXES[fmt]}"
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.partial = self.target.with_name(self.target.name + ".part")
        self.raw = self.partial.open("wb")
        self.hashing = _Hashing(self.raw)
        self.out = gzip.GzipFile(
            filename="", mode="wb", fileobj=self.hashing, compresslevel=3, mtime=0
        )
        self.records = 0
        self.out.write(FORMATS[fmt][0])

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.records += 1

    def close(self) -> Written:
        self.out.write(FORMATS[self.format][2])
        self.out.close()
        self.raw.close()
        os.replace(self.partial, self.target)
        return Written(
            self.target.name, self.library, self.format, self.records, self.hashing.size,
            self.hashing.digest.hexdigest(), timezone.now(),
        )  # fmt: skip

    def discard(self) -> None:
        self.out.close()
        self.raw.close()
        self.partial.unlink(missing_ok=True)


def write_all(
    url: Callable[[int], str], libraries: list[Library] | None = None, network: bool = True
) -> list[Written]:
    """Every format for the network and for each library with open records, in one pass
    over the records: each record is serialised once per format and written to the
    network's file and its library's. The files only: the services record them."""
    if libraries is None:
        codes = set(open_records().values_list("library_id", flat=True).distinct())
        libraries = list(Library.objects.filter(pk__in=codes).order_by("code"))
    by_code = {library.code: library for library in libraries}
    sinks: dict[tuple[str, str], _Sink] = {}
    try:
        for fmt in FORMATS:
            if network:
                sinks["", fmt] = _Sink(None, fmt)
            for library in libraries:
                sinks[library.code, fmt] = _Sink(library, fmt)
        only = libraries[0] if not network and len(libraries) == 1 else None
        for row in rows(only):
            mine = row.library in by_code
            if not network and not mine:
                continue
            for fmt, (_, write, _) in FORMATS.items():
                data = write(row, url)
                if network:
                    sinks["", fmt].write(data)
                if mine:
                    sinks[row.library, fmt].write(data)
        written = [sink.close() for sink in sinks.values()]
    except BaseException:
        for sink in sinks.values():
            if not sink.out.closed:
                sink.discard()
        raise
    return written


DIGITAL_DATASET = "thuvien-digital"


def write_digital(url: Callable[[int], str]) -> Written | None:
    """The listed digital objects as JSON Lines (None when there are none). ``url`` gives a
    record page's address; the site's base is taken from it."""
    from django.urls import reverse

    from thuvien.digital.collections import listed
    from thuvien.digital.models import DigitalObject
    from thuvien.digital.rights import RIGHTS_URIS

    objects = listed(DigitalObject.objects.all())
    if not objects.exists():
        return None
    base = url(0).removesuffix(reverse("opac:record", args=[0]))
    columns = ("identifier", "title", "library__code", "collection__code", "record_id", "year",
               "place", "language", "access", "rights", "updated_at")  # fmt: skip
    sink = _Sink(None, "jsonl", DIGITAL_DATASET)
    try:
        for row in objects.order_by("id").values_list(*columns).iterator(chunk_size=CHUNK):
            data = dict(zip(columns, row, strict=True))
            identifier, record = data["identifier"], data["record_id"]
            page = (
                url(record) if record else base + reverse("opac:digital_object", args=[identifier])
            )
            line = {
                "identifier": identifier, "title": data["title"],
                "library": data["library__code"], "collection": data["collection__code"] or "",
                "year": data["year"], "place": data["place"], "language": data["language"],
                "access": data["access"], "rights": RIGHTS_URIS.get(data["rights"], ""),
                "manifest": base + reverse("digital:manifest", args=[identifier]),
                "url": page, "modified": data["updated_at"].isoformat(),
            }  # fmt: skip
            sink.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
        return sink.close()
    except BaseException:
        sink.discard()
        raise
