"""ISO 2709 (MARC transmission format): splitting a stream, decoding and encoding records.

We decode ourselves rather than through ``pymarc.Record(data=...)`` for two reasons that the
import depends on: a broken record must be explained precisely (which directory entry, which
byte), and the directory must be cross-checked against the field terminators so that a lying
length (an oversize field, a bad directory) is recovered instead of silently shifting data.
MARC-8 text is translated by pymarc's own converter.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from pymarc.marc8 import MARC8ToUnicode

from thuvien.catalogue.marc import Field, MarcRecord, is_control_tag, nfc

RECORD_END = 0x1D
FIELD_END = b"\x1e"
SUBFIELD = b"\x1f"
CHUNK = 1 << 20
MAX_RECORD = 1 << 20  # a terminator-less run longer than this is not a record


class RecordError(ValueError):
    """A record that cannot be read; the message says where and why."""


class TooLong(ValueError):
    """A record that ISO 2709 cannot carry (MARCXML and MARC-in-JSON can)."""


@dataclass(slots=True)
class RawRecord:
    index: int  # 1-based position in the file
    offset: int  # byte offset of its first byte
    data: bytes


def split_records(stream: BinaryIO) -> Iterator[RawRecord | RecordError]:
    """Cut a stream into raw records at record terminators, in constant memory.

    The terminator is trusted over the leader's length: lengths are the first thing broken
    exporters get wrong, and one wrong length would otherwise swallow every record after it.
    Whitespace between records (files edited by hand, CR/LF after each record) is skipped.
    """
    buffer = b""
    buffer_offset = 0
    index = 0
    while True:
        chunk = stream.read(CHUNK)
        if chunk:
            buffer += chunk
        start = 0
        while True:
            end = buffer.find(b"\x1d", start)
            if end < 0:
                break
            raw = buffer[start : end + 1]
            stripped = raw.lstrip(b"\r\n \t\x00")
            skipped = len(raw) - len(stripped)
            if stripped != b"\x1d":
                index += 1
                yield RawRecord(index, buffer_offset + start + skipped, stripped)
            start = end + 1
        buffer = buffer[start:]
        buffer_offset += start
        if not chunk:
            break
        if len(buffer) > MAX_RECORD:
            index += 1
            yield RecordError(
                f"record {index} at byte {buffer_offset}: no record terminator (0x1D) within "
                f"{MAX_RECORD} bytes; this is not ISO 2709 data"
            )
            return
    tail = buffer.strip(b"\r\n \t\x00\x1a")
    if tail:
        index += 1
        start = buffer_offset + (len(buffer) - len(buffer.lstrip()))
        # A last record without its terminator: decoded (and most likely rejected as
        # truncated) by the caller, never silently dropped.
        yield RawRecord(index, start, tail)


# --- encoding detection -------------------------------------------------------------

# Bytes 0x80-0x9F are C1 controls; MARC-8 uses none of them but these four.
_MARC8_C1_ALLOWED = frozenset({0x88, 0x89, 0x8D, 0x8E})


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(data: bytes) -> tuple[str, str]:
    """(encoding, warning) for a raw record: ``utf-8`` or ``marc-8``.

    Leader/09 is a claim, not a fact: exporters often leave it blank on UTF-8 data or set it
    on MARC-8 data. Non-ASCII bytes that form valid UTF-8 are almost never MARC-8 (its
    diacritics precede an ASCII letter, which is invalid UTF-8), and invalid UTF-8 is never UTF-8.
    """
    claims_utf8 = data[9:10] == b"a"
    if data.isascii():
        return ("utf-8" if claims_utf8 else "marc-8"), ""
    valid = _valid_utf8(data)
    if claims_utf8 and valid:
        return "utf-8", ""
    if not claims_utf8 and valid and b"\x1b" not in data:
        return "utf-8", "leader/09 says MARC-8 but the text is UTF-8; read as UTF-8"
    bad_c1 = sorted({b for b in data if 0x80 <= b <= 0x9F and b not in _MARC8_C1_ALLOWED})
    if bad_c1:
        raise RecordError(
            f"the text is neither valid UTF-8 nor MARC-8 (byte 0x{bad_c1[0]:02X} is not "
            "used by MARC-8); convert the file to UTF-8 and import it again"
        )
    if claims_utf8:
        return "marc-8", "leader/09 says UTF-8 but the text is not valid UTF-8; read as MARC-8"
    return "marc-8", ""


# --- decoding --------------------------------------------------------------------------


@dataclass(slots=True)
class Decoded:
    record: MarcRecord
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _digits(data: bytes, what: str) -> int:
    if not data.isdigit():
        raise RecordError(f"{what} is {data.decode('latin-1')!r}, not digits")
    return int(data)


def decode(data: bytes) -> Decoded:
    """Decode one raw ISO 2709 record, or raise :class:`RecordError` saying what is wrong."""
    if len(data) < 25:
        raise RecordError(f"only {len(data)} bytes: too short for a MARC record (leader is 24)")
    try:
        leader = data[:24].decode("ascii")
    except UnicodeDecodeError:
        raise RecordError("the leader (first 24 bytes) is not ASCII; this is not MARC") from None
    base = _digits(data[12:17], "leader/12-16 (base address of data)")
    if base < 25 or base > len(data):
        raise RecordError(f"leader/12-16 gives base address {base}, outside the record")
    warnings: list[str] = []
    if data[base - 1 : base] != FIELD_END:
        raise RecordError(f"no field terminator before the data at byte {base}")
    directory = data[24 : base - 1]
    if not directory:
        raise RecordError("the directory is empty: the record has no fields")
    encoding, warning = detect_encoding(data)
    if warning:
        warnings.append(warning)
    if len(directory) % 12:
        tags, chunks = _oversize_directory(data, base, directory)
        warnings.append(
            "a directory entry had a 5-digit length (a field over 9,999 bytes); "
            "fields were read by terminator"
        )
    else:
        entries = [directory[i : i + 12] for i in range(0, len(directory), 12)]
        tags = [e[:3] for e in entries]
        chunks = _field_chunks(data, base, entries, warnings)
    text = _Marc8Text() if encoding == "marc-8" else None
    fields: list[Field] = []
    for raw_tag, chunk in zip(tags, chunks, strict=True):
        tag = raw_tag.decode("ascii", "replace")
        fields.append(_decode_field(tag, chunk, text, warnings))
    if text is not None:
        warnings.extend(text.notes)
    if text is not None and text.problems:
        raise RecordError(
            "MARC-8 text cannot be converted to Unicode ("
            + "; ".join(list(dict.fromkeys(text.problems))[:3])
            + "); fix the record in the source system or export the file as UTF-8"
        )
    leader = _normalise_leader(leader, warnings)
    return Decoded(MarcRecord(leader, fields), encoding, warnings)


def _data_pieces(data: bytes, base: int) -> list[bytes]:
    pieces = data[base:].rstrip(b"\x1d").split(FIELD_END)
    if pieces and pieces[-1] == b"":
        pieces.pop()
    return pieces


def _oversize_directory(
    data: bytes, base: int, directory: bytes
) -> tuple[list[bytes], list[bytes]]:
    """Read a directory that is not a multiple of 12 bytes because some writer put a 5-digit
    length for a field over 9,999 bytes. Each entry must then match, digit for digit, the
    length and start of the field found between terminators; anything else is damage."""
    tags: list[bytes] = []
    pieces = _data_pieces(data, base)
    position = start = 0
    for piece in pieces:
        length = len(piece) + 1
        expected = f"{length:04d}{start:05d}".encode()
        if directory[position + 3 : position + 3 + len(expected)] != expected:
            raise RecordError(
                f"the directory is {len(directory)} bytes, not a multiple of 12, and its entry "
                f"{len(tags) + 1} does not match the data; the record is damaged"
            )
        tags.append(directory[position : position + 3])
        position += 3 + len(expected)
        start += length
    if position != len(directory):
        raise RecordError(f"the directory is {len(directory)} bytes, not a multiple of 12")
    return tags, pieces


_DIRECTORY = re.compile(rb"(?:[\x20-\x7e]{3}[0-9]{9})+")


def _field_chunks(data: bytes, base: int, entries: list[bytes], warnings: list[str]) -> list[bytes]:
    """Each field's bytes without its terminator, by the directory when it is consistent,
    else by the field terminators (when their count matches the directory's)."""
    chunks: list[bytes] = []
    if _DIRECTORY.fullmatch(data, 24, base - 1):
        for entry in entries:
            length = int(entry[3:7])
            start = base + int(entry[7:12])
            chunk = data[start : start + length]
            if length == 0 or len(chunk) != length or chunk[-1] != 0x1E:
                break
            chunks.append(chunk[:-1])
        else:
            return chunks
    pieces = _data_pieces(data, base)
    if len(pieces) != len(entries):
        raise RecordError(
            f"directory entry {len(chunks) + 1} (tag {entries[len(chunks)][:3]!r}) does not "
            f"match the data, and the record has {len(pieces)} field terminators for "
            f"{len(entries)} directory entries; the record is damaged"
        )
    warnings.append("the directory's lengths or offsets were wrong; fields were read by terminator")
    return pieces


def _decode_field(tag: str, chunk: bytes, text: _Marc8Text | None, warnings: list[str]) -> Field:
    if is_control_tag(tag):
        return [tag, _text(chunk, text, tag)]
    if text is None and chunk.isascii():
        return _ascii_field(tag, chunk.decode("ascii"), warnings)
    parts = chunk.split(SUBFIELD)
    indicators = _indicators(tag, parts[0].decode("ascii", "replace"), warnings)
    subfields: list[list[str]] = []
    for part in parts[1:]:
        if not part:
            continue  # two delimiters in a row: an empty subfield carries nothing
        code_len = 1
        if part[0] >= 0x80:
            # A non-ASCII subfield code: keep the whole character as the code.
            code_len = next((n for n in (2, 3, 4) if _valid_utf8(part[:n])), 1)
            warnings.append(f"field {tag} has a non-ASCII subfield code")
        code = part[:code_len].decode("utf-8", "replace")
        subfields.append([code, _text(part[code_len:], text, tag)])
    return [tag, indicators[0], indicators[1], subfields]


def _ascii_field(tag: str, data: str, warnings: list[str]) -> Field:
    """The common case, kept tight: a field of plain ASCII."""
    parts = data.split("\x1f")
    indicators = _indicators(tag, parts[0], warnings)
    return [tag, indicators[0], indicators[1], [[p[0], p[1:]] for p in parts[1:] if p]]


def _indicators(tag: str, indicators: str, warnings: list[str]) -> str:
    if len(indicators) != 2:
        warnings.append(f"field {tag} had indicators {indicators!r}; kept {indicators[:2]!r}")
        indicators = (indicators + "  ")[:2]
    return indicators


def _text(value: bytes, marc8: _Marc8Text | None, tag: str) -> str:
    if marc8 is not None:
        return marc8.translate(value, tag)
    return nfc(value.decode("utf-8"))


class _Marc8Text:
    """pymarc's MARC-8 converter, with its stderr complaints turned into problems."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.notes: list[str] = []

    def translate(self, value: bytes, tag: str) -> str:
        if value.isascii() and b"\x1b" not in value:
            return value.decode("ascii")
        sink = io.StringIO()
        try:
            with contextlib.redirect_stderr(sink):
                result = str(MARC8ToUnicode().translate(value))  # type: ignore[no-untyped-call]
        except (TypeError, KeyError, IndexError, ValueError):
            # pymarc stumbles on a truncated escape sequence at the end of a subfield.
            self.problems.append(f"field {tag}: an escape sequence is cut short")
            return ""
        # pymarc also complains about the space (0x20) in non-Latin sets, where MARC-8 defines
        # it as a space anyway and pymarc emits one: that complaint is not a problem.
        complaints = [
            line
            for line in sink.getvalue().splitlines()
            if line.strip() and "character 0x20 " not in line
        ]
        for line in complaints:
            if "character 0x7f " in line:
                # DEL has no meaning in any MARC-8 set; pymarc puts a space in its place.
                self.notes.append(f"field {tag}: a DEL (0x7F) control character became a space")
            else:
                self.problems.append(f"field {tag}: {line}")
        return nfc(result)


def _normalise_leader(leader: str, warnings: list[str]) -> str:
    """Leader positions that only describe the structure are set to MARC 21's constants, so
    that exports are valid ISO 2709 whatever the source wrote there."""
    fixed = leader[:9] + "a" + "22" + leader[12:20] + "4500"
    if leader[10:12] != "22":
        warnings.append(f"leader/10-11 was {leader[10:12]!r}, set to '22'")
    if leader[20:24] != "4500":
        warnings.append(f"leader/20-23 was {leader[20:24]!r}, set to '4500'")
    return fixed


# --- encoding ------------------------------------------------------------------------


def encode(record: MarcRecord) -> bytes:
    """UTF-8 ISO 2709 for a record."""
    directory = bytearray()
    body = bytearray()
    for f in record.fields:
        if len(f) == 2:
            data = f[1].encode("utf-8") + FIELD_END
        else:
            parts = [(f[1] + f[2]).encode("utf-8")]
            parts.extend(SUBFIELD + (c + v).encode("utf-8") for c, v in f[3])
            data = b"".join(parts) + FIELD_END
        if len(data) > 9999:
            raise TooLong(f"field {f[0]} is {len(data):,} bytes, more than ISO 2709's 9,999")
        directory += f"{f[0]:>3.3}{len(data):04d}{len(body):05d}".encode("ascii")
        body += data
    base = 24 + len(directory) + 1
    length = base + len(body) + 1
    if length > 99999:
        raise TooLong(f"the record is {length:,} bytes, more than ISO 2709's 99,999")
    leader = f"{length:05d}{record.leader[5:9]}a22{base:05d}{record.leader[17:20]}4500"
    return leader.encode("ascii") + bytes(directory) + FIELD_END + bytes(body) + b"\x1d"
