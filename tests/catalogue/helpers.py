"""Shared helpers of the catalogue tests."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import pymarc

from thuvien.catalogue.importing import ImportReport
from thuvien.catalogue.services import run_import
from thuvien.network.models import Library


def import_path(library: Library, path: Path, **options: Any) -> ImportReport:
    with path.open("rb") as stream:
        return run_import(library, stream, actor="test", source=path.name, **options)


def import_bytes(library: Library, data: bytes, **options: Any) -> ImportReport:
    return run_import(library, io.BytesIO(data), actor="test", source="test.mrc", **options)


def pymarc_fields(record: pymarc.Record) -> list[tuple[Any, ...]]:
    """A record's fields as pymarc (an independent reader) sees them, text in NFC."""
    out: list[tuple[Any, ...]] = []
    for f in record.fields:
        if f.is_control_field():
            out.append((f.tag, unicodedata.normalize("NFC", f.data)))
        else:
            subs = tuple((s.code, unicodedata.normalize("NFC", s.value)) for s in f.subfields)
            out.append((f.tag, f.indicator1, f.indicator2, subs))
    return out


def read_with_pymarc(path: Path, **options: Any) -> list[pymarc.Record]:
    with path.open("rb") as stream:
        return [r for r in pymarc.MARCReader(stream, **options) if r is not None]
