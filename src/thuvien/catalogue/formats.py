"""Reading and writing MARC files: ISO 2709, MARCXML and MARC-in-JSON.

Every reader yields :class:`Incoming` items one by one, so a file of any size is read in
constant memory; a record that cannot be read comes as an ``Incoming`` with an ``error`` (and
its raw bytes, for the rejects file) instead of stopping the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

from django.utils.translation import gettext as _
from lxml import etree

from thuvien.catalogue import iso2709
from thuvien.catalogue.marc import Field, MarcRecord, is_control_tag, nfc, xml_indicator

MARCXML_NS = "http://www.loc.gov/MARC21/slim"
FORMATS = ("iso2709", "marcxml", "json")
_LEADER = re.compile(r"^[\x20-\x7e]{24}$")


class NotMarc(ValueError):
    """The file as a whole is not MARC in the format asked for."""


@dataclass(slots=True)
class Incoming:
    index: int
    offset: int  # byte offset (ISO 2709, JSON) or line number (MARCXML)
    raw: bytes
    record: MarcRecord | None = None
    encoding: str = "utf-8"
    error: str = ""
    warnings: list[str] = field(default_factory=list)


def sniff(head: bytes) -> str:
    """Guess the format from a file's first bytes; raise :class:`NotMarc` if none fits."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return "marcxml"
    if text.startswith((b"[", b"{")):
        return "json"
    if len(text) >= 24 and text[:5].isdigit() and text[12:17].isdigit():
        return "iso2709"
    raise NotMarc(_("Tệp này không phải MARC (ISO 2709, MARCXML hay MARC-in-JSON)."))


def read(stream: BinaryIO, fmt: str, *, decode: bool = True) -> Iterator[Incoming]:
    """The records of ``stream``. With ``decode=False``, ISO 2709 records come undecoded
    (``record`` None, no error) for :func:`decode` to finish elsewhere (in a worker)."""
    if fmt == "iso2709":
        return _read_iso2709(stream, decode)
    if fmt == "marcxml":
        return _read_marcxml(stream)
    if fmt == "json":
        return _read_json(stream)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


_CODES = frozenset(chr(c) for c in range(0x21, 0x7F))


def check_structure(record: MarcRecord) -> None:
    """Raise ValueError for what no MARC format can carry: bad leader, tags, codes."""
    if not _LEADER.match(record.leader):
        raise ValueError(f"the leader {record.leader!r} is not 24 ASCII characters")
    for position, f in enumerate(record.fields, 1):
        tag = f[0]
        if len(tag) != 3 or not tag.isascii() or not tag.isalnum():
            raise ValueError(f"field {position} has tag {tag!r}, which is not a MARC tag")
        if len(f) == 4:
            for code, _value in f[3]:
                if code not in _CODES:
                    raise ValueError(
                        f"field {tag} has a subfield with code {code!r}; a subfield code is one "
                        "letter or digit: correct it in the source and import it again"
                    )


# --- ISO 2709 ------------------------------------------------------------------------------


def _read_iso2709(stream: BinaryIO, decode_now: bool) -> Iterator[Incoming]:
    for raw in iso2709.split_records(stream):
        if isinstance(raw, iso2709.RecordError):
            yield Incoming(index=0, offset=0, raw=b"", error=str(raw))
            return
        item = Incoming(index=raw.index, offset=raw.offset, raw=raw.data)
        if decode_now:
            decode(item)
        yield item


def decode(item: Incoming) -> None:
    """Finish an undecoded ISO 2709 ``item`` in place (no-op for decoded ones)."""
    if item.record is not None or item.error:
        return
    try:
        decoded = iso2709.decode(item.raw)
        check_structure(decoded.record)
    except ValueError as exc:
        item.error = str(exc)
    else:
        item.record = decoded.record
        item.encoding = decoded.encoding
        item.warnings = decoded.warnings


# --- MARCXML ---------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read_marcxml(stream: BinaryIO) -> Iterator[Incoming]:
    parser = etree.iterparse(
        stream,
        events=("end",),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
    )
    index = 0
    try:
        for _event, element in parser:
            if _local(element.tag) != "record":
                continue
            index += 1
            yield _xml_record(index, element)
            # Free what has been read: constant memory on a file of a million records.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        if index == 0 and "Document is empty" in str(exc):
            raise NotMarc(_("Tệp rỗng.")) from None
        line = exc.position[0] if exc.position else "?"
        yield Incoming(
            index=index + 1,
            offset=int(line) if isinstance(line, int) else 0,
            raw=b"",
            error=f"the XML is not well-formed at line {line}: {exc.msg}; reading stopped here",
        )
    if index == 0:
        raise NotMarc(
            _(
                "Tệp XML không chứa bản ghi MARCXML nào (phần tử <record> thuộc không gian tên "
                "{namespace})."
            ).format(namespace=MARCXML_NS)
        )


def _xml_record(index: int, element: Any) -> Incoming:
    raw = etree.tostring(element, encoding="utf-8")
    item = Incoming(index=index, offset=element.sourceline or 0, raw=raw)
    leader = ""
    fields: list[Field] = []
    try:
        for child in element:
            name = _local(child.tag)
            if name == "leader":
                leader = _text(child, "the leader")
            elif name == "controlfield":
                tag = _attr(child, "tag")
                fields.append([tag, nfc(_text(child, f"field {tag}"))])
            elif name == "datafield":
                subfields = []
                for sub in child:
                    if _local(sub.tag) != "subfield":
                        continue
                    code = sub.get("code")
                    if code is None:
                        raise ValueError(
                            f"field {_attr(child, 'tag')} has a <subfield> without a code; "
                            "add the code (such as a) and import it again"
                        )
                    where = f"field {_attr(child, 'tag')} ${code}"
                    subfields.append([code, nfc(_text(sub, where))])
                fields.append(
                    [_attr(child, "tag"), child.get("ind1", " "), child.get("ind2", " "), subfields]
                )
        record = MarcRecord(_pad_leader(leader, item.warnings), fields)
        check_structure(record)
    except ValueError as exc:
        item.error = str(exc)
    else:
        item.record = record
    return item


def _text(element: Any, where: str) -> str:
    """The element's text. Entities are never expanded (no XXE, no entity bombs): lxml keeps
    a reference as a node, and the text after it would be lost, so the record is refused,
    naming the reference."""
    for child in element:
        if isinstance(child, etree._Entity):
            raise ValueError(
                f"{where} holds the entity reference {child.text}, which is never expanded "
                "(the text after it would be lost); write the character itself or a numeric "
                "reference such as &#233; and import it again"
            )
    return str(element.text or "")


def _attr(element: Any, name: str) -> str:
    value = element.get(name)
    if value is None:
        raise ValueError(f"a <{_local(element.tag)}> has no {name} attribute")
    return str(value)


def _pad_leader(leader: str, warnings: list[str]) -> str:
    if len(leader) != 24:
        warnings.append(f"the leader was {len(leader)} characters, padded or cut to 24")
        leader = (leader + " " * 24)[:24]
    return leader[:9] + "a" + "22" + leader[12:20] + "4500"


# --- MARC-in-JSON -----------------------------------------------------------------------------


def _read_json(stream: BinaryIO) -> Iterator[Incoming]:
    """A JSON array of records, or JSON Lines (one record per line, streamed)."""
    head = stream.read(1)
    while head and head in b" \t\r\n\xef\xbb\xbf":
        head = stream.read(1)
    if head == b"[":
        try:
            data = json.loads(b"[" + stream.read())
        except json.JSONDecodeError as exc:
            raise NotMarc(
                f"The JSON is not valid (line {exc.lineno}, column {exc.colno}): {exc.msg}."
            ) from None
        for index, obj in enumerate(data, 1):
            yield _json_record(index, index, json.dumps(obj, ensure_ascii=False).encode(), obj)
        return
    offset = 0
    for index, line in enumerate(_lines(head, stream), 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Incoming(index, offset, line, error=f"not valid JSON: {exc.msg}")
        else:
            yield _json_record(index, offset, line, obj)
        offset += len(line)


def _lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    first = head + stream.readline()
    if first.strip():
        yield first
    for line in stream:
        if line.strip():
            yield line


def _json_record(index: int, offset: int, raw: bytes, obj: Any) -> Incoming:
    item = Incoming(index=index, offset=offset, raw=raw)
    try:
        if not isinstance(obj, dict) or not isinstance(obj.get("fields"), list):
            raise ValueError("not a MARC-in-JSON record (an object with 'leader' and 'fields')")
        fields: list[Field] = []
        for entry in obj["fields"]:
            if not isinstance(entry, dict) or len(entry) != 1:
                raise ValueError(f"field {entry!r} is not an object with one tag")
            ((tag, value),) = entry.items()
            if isinstance(value, str) and is_control_tag(tag):
                fields.append([tag, nfc(value)])
            elif isinstance(value, dict):
                subfields = [
                    [code, nfc(str(text))]
                    for sub in value.get("subfields", [])
                    for code, text in sub.items()
                ]
                fields.append([tag, value.get("ind1", " "), value.get("ind2", " "), subfields])
            else:
                raise ValueError(f"field {tag} has a value of the wrong kind")
        record = MarcRecord(_pad_leader(str(obj.get("leader", "")), item.warnings), fields)
        check_structure(record)
    except ValueError as exc:
        item.error = str(exc)
    else:
        item.record = record
    return item


# --- writers ----------------------------------------------------------------------------------


def to_marc_in_json(record: MarcRecord) -> dict[str, Any]:
    fields: list[dict[str, Any]] = []
    for f in record.fields:
        if len(f) == 2:
            fields.append({f[0]: f[1]})
        else:
            fields.append(
                {f[0]: {"ind1": f[1], "ind2": f[2], "subfields": [{c: v} for c, v in f[3]]}}
            )
    return {"leader": record.leader[:9] + "a" + record.leader[10:], "fields": fields}


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    # XML 1.0 cannot carry most C0 controls; MARC data occasionally has them. They become
    # U+FFFD rather than making the whole export unreadable.
    return _XML_ILLEGAL.sub("\ufffd", value)


def to_marcxml(record: MarcRecord) -> bytes:
    """One <record> element (with the MARC21/slim namespace declared)."""
    root = etree.Element(f"{{{MARCXML_NS}}}record", nsmap={None: MARCXML_NS})  # type: ignore[dict-item]
    etree.SubElement(root, f"{{{MARCXML_NS}}}leader").text = (
        record.leader[:9] + "a" + record.leader[10:]
    )
    for f in record.fields:
        if len(f) == 2:
            el = etree.SubElement(root, f"{{{MARCXML_NS}}}controlfield", tag=f[0])
            el.text = _xml_text(f[1])
        else:
            el = etree.SubElement(
                root,
                f"{{{MARCXML_NS}}}datafield",
                tag=f[0],
                ind1=xml_indicator(f[1]),
                ind2=xml_indicator(f[2]),
            )
            for code, value in f[3]:
                sub = etree.SubElement(el, f"{{{MARCXML_NS}}}subfield", code=code)
                sub.text = _xml_text(value)
    return bytes(etree.tostring(root, encoding="utf-8"))
