"""The in-memory and stored shape of a MARC record.

A record is its leader and its fields in order. A control field is ``[tag, value]``; a data
field is ``[tag, ind1, ind2, [[code, value], ...]]``. This is stored as compact JSON: lists keep
order on every database (PostgreSQL's jsonb would reorder object keys), and it is about a third
of the size of MARC-in-JSON. Conversions to pymarc and MARC-in-JSON live in
:mod:`thuvien.catalogue.formats`.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Subfield = list[str]  # [code, value]
Field = list[Any]  # [tag, value] or [tag, ind1, ind2, [Subfield, ...]]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def nfc(value: str) -> str:
    """NFC, with the ASCII fast path that matters at a million records."""
    return value if value.isascii() else unicodedata.normalize("NFC", value)


# MARC21slim.xsd's indicatorDataType: one of a-z, 0-9 or blank. Real exports also carry '#'
# or '-' for blank, '|' for "no attempt to code", upper-case letters.
XML_INDICATORS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")


def xml_indicator(value: str) -> str:
    """The indicator as MARCXML can carry it: as stored when the schema allows it, else blank
    (storage and ISO 2709 keep what was received)."""
    return value if value in XML_INDICATORS else " "


def indicators_xml_refuses(record: MarcRecord) -> list[tuple[str, int, str]]:
    """(tag, 1 or 2, value) of each indicator MARCXML cannot carry, once per kind."""
    found: dict[tuple[str, int, str], None] = {}
    for f in record.fields:
        if len(f) == 4:
            for position in (1, 2):
                if f[position] not in XML_INDICATORS:
                    found[(f[0], position, f[position])] = None
    return list(found)


def is_control_tag(tag: str) -> bool:
    return tag < "010" and tag.isdigit()


@dataclass(slots=True)
class MarcRecord:
    leader: str
    fields: list[Field] = field(default_factory=list)
    # Fields by tag, built on first use: extraction asks for some twenty tags per record.
    _by_tag: dict[str, list[Field]] | None = field(default=None, repr=False, compare=False)

    # --- storage -----------------------------------------------------------------
    def to_json(self) -> str:
        return _dumps(self.fields)

    @classmethod
    def from_stored(cls, leader: str, stored: str) -> MarcRecord:
        return cls(leader=leader, fields=json.loads(stored))

    def content_hash(self, stored: str | None = None) -> str:
        """Hash of the content; leader positions that only describe the transmission
        (record length, base address, character coding) are left out so that the same
        record read from MARC-8 or UTF-8, ISO 2709 or MARCXML hashes the same.
        ``stored`` is :meth:`to_json`'s result when the caller already has it."""
        digest = hashlib.sha256()
        digest.update(self.leader[5:9].encode())
        digest.update(self.leader[17:].encode())
        digest.update((stored if stored is not None else self.to_json()).encode())
        return digest.hexdigest()

    # --- reading -----------------------------------------------------------------
    @property
    def kind(self) -> str:
        """bib, auth or hold from leader/06."""
        type_of_record = self.leader[6:7]
        if type_of_record == "z":
            return "auth"
        if type_of_record in ("u", "v", "x", "y"):
            return "hold"
        return "bib"

    def control(self, tag: str) -> str:
        for f in self.fields:
            if f[0] == tag and len(f) == 2:
                return str(f[1])
        return ""

    def data_fields(self, *tags: str) -> Iterator[Field]:
        """Data fields with these tags (all data fields when none given), in record order."""
        if not tags:
            return (f for f in self.fields if len(f) == 4)
        if self._by_tag is None:
            by_tag: dict[str, list[Field]] = {}
            for f in self.fields:
                by_tag.setdefault(f[0], []).append(f)
            self._by_tag = by_tag
        if len(tags) == 1:
            return (f for f in self._by_tag.get(tags[0], ()) if len(f) == 4)
        wanted = set(tags)
        return (f for f in self.fields if len(f) == 4 and f[0] in wanted)

    def first(self, tag: str, code: str) -> str:
        for f in self.data_fields(tag):
            for c, v in f[3]:
                if c == code:
                    return str(v)
        return ""

    def values(self, tag: str, codes: str) -> Iterator[str]:
        for f in self.data_fields(tag):
            for c, v in f[3]:
                if c in codes:
                    yield str(v)


def subfield_values(f: Field, codes: str) -> list[str]:
    return [str(v) for c, v in f[3] if c in codes]
