"""Records as XML for OAI-PMH and SRU: MARCXML and simple Dublin Core (oai_dc).

Written as text rather than through lxml: a harvest of a million records spends its time
here, and string joining is several times faster than building and serialising trees. Every
value goes through :func:`text` (XML escaping, and the C0 controls XML 1.0 cannot carry
replaced by U+FFFD, as the catalogue's MARCXML export does).

Dublin Core follows the Library of Congress MARC to Dublin Core crosswalk, reduced to the
elements a harvester uses: title, creator/contributor, subject, description, publisher, date,
type, format, identifier (ISBN, ISSN, links and the record's page), language, rights.
"""

from __future__ import annotations

import re

from thuvien.catalogue.marc import XML_INDICATORS, MarcRecord, subfield_values

MARCXML_NS = "http://www.loc.gov/MARC21/slim"
MARCXML_XSD = "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_XSD = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')


def text(value: str) -> str:
    """``value`` safe inside an XML element or a double-quoted attribute."""
    if not _SPECIAL.search(value):  # the common case, and a harvest's hottest line
        return value
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    return value.translate(_ESCAPES)


def marcxml(record: MarcRecord, *, namespace: bool = True) -> str:
    """One ``<record>``; with ``namespace`` it declares MARC21/slim and its schema location."""
    leader = record.leader[:9] + "a" + record.leader[10:]
    head = (
        f'<record xmlns="{MARCXML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{MARCXML_NS} {MARCXML_XSD}">'
        if namespace
        else "<record>"
    )
    parts = [head, "<leader>", text(leader), "</leader>"]
    for f in record.fields:
        if len(f) == 2:
            parts.append(f'<controlfield tag="{text(f[0])}">{text(f[1])}</controlfield>')
            continue
        ind1 = f[1] if f[1] in XML_INDICATORS else " "  # '#', '-': blank, as the schema wants
        ind2 = f[2] if f[2] in XML_INDICATORS else " "
        parts.append(f'<datafield tag="{text(f[0])}" ind1="{ind1}" ind2="{ind2}">')
        for code, value in f[3]:
            parts.append(f'<subfield code="{text(code)}">{text(value)}</subfield>')
        parts.append("</datafield>")
    parts.append("</record>")
    return "".join(parts)


# Leader/06 (and /07) → DCMI type vocabulary.
_DC_TYPES = {
    "a": "Text", "t": "Text", "c": "Text", "d": "Text", "e": "Image", "f": "Image",
    "g": "MovingImage", "i": "Sound", "j": "Sound", "k": "StillImage", "m": "Software",
    "o": "Collection", "p": "Collection", "r": "PhysicalObject",
}  # fmt: skip

_TRAILING = " /:;,="
_INITIAL = re.compile(r"(^|\s)\w\.$")


def _clean(value: str) -> str:
    """ISBD punctuation that ends a subfield is not part of the value; a final full stop
    goes too ("Hà Nội." → "Hà Nội"), except after an initial ("Arms, William Y.")."""
    value = value.strip().rstrip(_TRAILING).strip()
    if value.endswith(".") and not value.endswith("..") and not _INITIAL.search(value):
        value = value[:-1]
    return value


def _joined(record: MarcRecord, tags: tuple[str, ...], codes: str) -> list[str]:
    return [" ".join(subfield_values(f, codes)) for f in record.data_fields(*tags)]


def _headings(record: MarcRecord) -> list[str]:
    """Subject headings with their subdivisions: "Thư viện số -- Việt Nam"."""
    return [
        " -- ".join(_clean(v) for v in subfield_values(f, "abcdqtvxyz"))
        for f in record.data_fields(*_SUBJECT_TAGS)
    ]


def _values(record: MarcRecord, tags: tuple[str, ...], codes: str) -> list[str]:
    return [v for f in record.data_fields(*tags) for v in subfield_values(f, codes)]


def _date(record: MarcRecord) -> str:
    dates = _values(record, ("260", "264"), "c")
    fixed = record.control("008")
    if not dates and len(fixed) >= 11 and fixed[7:11].isdigit():
        return fixed[7:11]
    return dates[0].strip("[]©c. ") if dates else ""


def _identifiers(record: MarcRecord) -> list[str]:
    found = [f"ISBN {v.split()[0]}" for v in _values(record, ("020",), "a") if v.split()]
    found += [f"ISSN {v}" for v in _values(record, ("022",), "a")]
    return found + _values(record, ("856",), "u")


def _languages(record: MarcRecord) -> list[str]:
    languages = _values(record, ("041",), "a")
    fixed = record.control("008")
    if not languages and len(fixed) >= 38 and fixed[35:38].strip():
        languages = [fixed[35:38]]
    return languages


def dublin_core(record: MarcRecord, *, page_url: str = "") -> list[tuple[str, str]]:
    """(element, value) pairs, in the order of the DC element set."""
    dc_type = _DC_TYPES.get(record.leader[6:7], "")
    ddc = [f"DDC {v}" for v in _values(record, ("082",), "a")]
    elements: list[tuple[str, list[str]]] = [
        ("title", _joined(record, ("245",), "abfgknps")),
        ("creator", _joined(record, ("100", "110", "111"), "abcdq")),
        ("contributor", _joined(record, ("700", "710", "711", "720"), "abcdq")),
        ("subject", _headings(record) + ddc),
        ("description", _joined(record, ("520", "500", "505"), "a")),
        ("publisher", _values(record, ("260", "264"), "b")),
        ("date", [_date(record)]),
        ("type", [dc_type]),
        ("format", _joined(record, ("300",), "abce")),
        ("identifier", [*_identifiers(record), page_url]),
        ("language", _languages(record)),
        ("rights", _joined(record, ("506", "540"), "a")),
    ]
    out: list[tuple[str, str]] = []
    for element, values in elements:
        for value in values:
            cleaned = _clean(value)
            if cleaned and (element, cleaned) not in out:
                out.append((element, cleaned))
    return out


_SUBJECT_TAGS = ("600", "610", "611", "630", "650", "651", "653")


def oai_dc(record: MarcRecord, *, page_url: str = "") -> str:
    return oai_dc_elements(dublin_core(record, page_url=page_url))


def oai_dc_elements(elements: list[tuple[str, str]]) -> str:
    parts = [
        f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NS}" xmlns:dc="{DC_NS}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{OAI_DC_NS} {OAI_DC_XSD}">'
    ]
    for element, value in elements:
        parts.append(f"<dc:{element}>{text(value)}</dc:{element}>")
    parts.append("</oai_dc:dc>")
    return "".join(parts)
