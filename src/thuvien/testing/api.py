"""Builders for the API's tests: records go in through the real import, as in production."""

from __future__ import annotations

import io
import json
from typing import Any

from thuvien.catalogue.formats import to_marc_in_json
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.catalogue.services import run_import
from thuvien.network.models import Library


def book(
    control: str,
    title: str,
    *,
    author: str = "",
    year: str = "2024",
    isbn: str = "",
    subjects: tuple[str, ...] = (),
    copies: tuple[dict[str, str], ...] = (),
    extra: list[Any] | None = None,
) -> MarcRecord:
    """A Vietnamese book; ``copies`` are Koha 952 subfields (p barcode, o call number …)."""
    fields: list[Any] = [
        ["001", control],
        ["008", f"250101s{year}    vm            000 0 vie d"],
    ]
    if isbn:
        fields.append(["020", " ", " ", [["a", isbn]]])
    if author:
        fields.append(["100", "1", " ", [["a", author]]])
    fields.append(["245", "1", "0", [["a", title]]])
    fields.append(["264", " ", "1", [["a", "Hà Nội"], ["b", "Nxb. Trẻ"], ["c", year]]])
    fields.extend(["650", " ", "7", [["a", s]]] for s in subjects)
    fields.extend(extra or [])
    fields.extend(["952", " ", " ", [[k, v] for k, v in copy.items()]] for copy in copies)
    return MarcRecord("00000nam a2200000 a 4500", fields)


def import_records(library: Library, *records: MarcRecord) -> list[Record]:
    """Import through :func:`run_import` (MARC-in-JSON lines); the saved records in order."""
    lines = "\n".join(json.dumps(to_marc_in_json(r), ensure_ascii=False) for r in records)
    report = run_import(
        library, io.BytesIO(lines.encode()), actor="test", source="api-test.json", fmt="json"
    )
    if report.rejected:
        raise ValueError(f"test records were rejected: {report.as_dict()['errors']}")
    by_control = {
        r.control_number: r
        for r in Record.objects.filter(library=library).select_related("library")
    }
    return [by_control[r.control("001")] for r in records]
