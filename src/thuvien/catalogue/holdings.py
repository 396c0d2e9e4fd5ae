"""Copies described inside bibliographic records: Koha's 952 and MARC 21's 852 + 876.

The record keeps these fields as received; each one also becomes an :class:`Item` of the
importing library, so the copies can be lent, counted and edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from thuvien.catalogue.marc import Field, MarcRecord

_AMOUNT = re.compile(r"[0-9][0-9.,\s]*")


@dataclass(slots=True)
class ItemData:
    source_field: str  # "952#1", "852#2" …: which embedded field, in order
    barcode: str = ""
    accession_number: str = ""
    call_number: str = ""
    location: str = ""
    item_type: str = ""
    status: str = "available"
    price: Decimal | None = None
    acquisition_source: str = ""
    note: str = ""


def parse_price(text: str) -> Decimal | None:
    """'150.000 đ', '150,000 VND', '12.50' → a number; '' or nonsense → None.

    Vietnamese writes thousands with dots (150.000), English with commas; a separator
    followed by exactly three digits at the end is read as a thousands separator.
    """
    match = _AMOUNT.search(text)
    if not match:
        return None
    number = re.sub(r"\s", "", match.group(0)).rstrip(".,")
    if re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", number):
        number = number.replace(".", "").replace(",", "")
    else:
        number = number.replace(",", ".")
        if number.count(".") > 1:
            return None
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    return value if value < Decimal("1e12") else None


def _sub(f: Field) -> dict[str, str]:
    values: dict[str, str] = {}
    for code, value in f[3]:
        values.setdefault(code, value.strip())
    return values


def _koha_status(s: dict[str, str]) -> str:
    def flagged(code: str) -> bool:
        return s.get(code, "0") not in ("", "0")

    if flagged("0"):
        return "withdrawn"
    if flagged("1"):
        return "lost"
    if flagged("4"):
        return "damaged"
    if flagged("7"):
        return "not-for-loan"
    return "available"


def items_in(record: MarcRecord) -> list[ItemData]:
    found: list[ItemData] = []
    for n, f in enumerate(record.data_fields("952"), 1):
        s = _sub(f)
        found.append(
            ItemData(
                source_field=f"952#{n}",
                barcode=s.get("p", ""),
                accession_number=s.get("i", ""),
                call_number=s.get("o", ""),
                location=s.get("c", "") or s.get("a", ""),
                item_type=s.get("y", ""),
                status=_koha_status(s),
                price=parse_price(s.get("g", "") or s.get("v", "")),
                acquisition_source=s.get("e", ""),
                note=s.get("z", ""),
            )
        )
    # 876 item information, linked to its 852 by $8 (or following it when unlinked).
    by_link: dict[str, dict[str, str]] = {}
    unlinked: list[dict[str, str]] = []
    for f in record.data_fields("876"):
        s = _sub(f)
        link = s.get("8", "").split(".")[0]
        if link:
            by_link[link] = s
        else:
            unlinked.append(s)
    for n, f in enumerate(record.data_fields("852"), 1):
        s = _sub(f)
        link = s.get("8", "").split(".")[0]
        info = by_link.pop(link, {}) if link else (unlinked.pop(0) if unlinked else {})
        call = " ".join(v for v in (s.get("h", ""), s.get("i", "")) if v)
        found.append(
            ItemData(
                source_field=f"852#{n}",
                barcode=info.get("p", "") or s.get("p", ""),
                # Libol and other Vietnamese systems put số ĐKCB in 852$j.
                accession_number=s.get("j", "") or info.get("a", ""),
                call_number=call,
                location=" ".join(v for v in (s.get("b", ""), s.get("c", "")) if v),
                status="available",
                price=parse_price(info.get("c", "")),
                acquisition_source=info.get("e", ""),
                note=s.get("z", ""),
            )
        )
    return found
