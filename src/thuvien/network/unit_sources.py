"""Reading the two data sets of administrative units (see :mod:`thuvien.network.units`).

* Scheme "2025": the installed ``vietnam-provinces`` 2025.10.1, whose JSON file lies inside
  the package (``NESTED_DIVISIONS_JSON_PATH``); reading it touches no network.
* Scheme "2004": the wheel file of ``vietnam-provinces`` 0.6.0 (data of 2025-01-04), read
  straight out of the zip and never installed (two versions of one package cannot be). It
  is checked against its SHA-256 so that every machine loads the same data. Its division
  types are generic (every district is "huyện"), so the real type is taken from the name
  ("Quận …", "Thị xã …", "Thị trấn …").

Codes are GSO codes, zero-padded as the GSO writes them (province 2 digits, district 3,
commune 5), which also keeps them unique within a scheme across levels. Province names of
scheme 2025 come without "Tỉnh" ("Cao Bằng"); it is added so both schemes read alike.
Names are otherwise stored as the data spell them, in NFC with single spaces.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from thuvien.errors import InvalidInput
from thuvien.network.models import AdministrativeUnit
from thuvien.vietnamese.text import fold, nfc

Level = AdministrativeUnit.Level

PRE_2025_WHEEL_NAME = "vietnam_provinces-0.6.0-py3-none-any.whl"
PRE_2025_WHEEL_SHA256 = "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815"
_WHEEL_JSON = "vietnam_provinces/data/nested-divisions.json"
DOWNLOAD_HINT = (
    "pip download --no-deps --only-binary=:all: --dest .cache/wheels vietnam-provinces==0.6.0"
)

_CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
# Name prefixes of scheme 2004, longest first, and the division type each one means.
_PREFIXES = {
    Level.PROVINCE: (("thành phố", "thành phố trung ương"), ("tỉnh", "tỉnh")),
    Level.DISTRICT: (
        ("thành phố", "thành phố"),
        ("thị xã", "thị xã"),
        ("quận", "quận"),
        ("huyện", "huyện"),
    ),
    Level.COMMUNE: (("thị trấn", "thị trấn"), ("phường", "phường"), ("xã", "xã")),
}


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    division_type: str
    level: str
    parent: str | None = None


def default_pre_2025_wheel() -> Path | None:
    """The wheel where ``make setup`` puts it in a source checkout, if it is there."""
    path = Path(__file__).resolve().parents[3] / ".cache" / "wheels" / PRE_2025_WHEEL_NAME
    return path if path.is_file() else None


def _code(level: str, number: int) -> str:
    return f"{number:0{_CODE_WIDTH[Level(level)]}d}"


def _name(raw: str) -> str:
    """NFC, single spaces (the 2025 data write a few names with two: "Xã  Bắc Đông Quan")."""
    return " ".join(nfc(raw).split())


def bare_name(name: str) -> str:
    """Folded name without its division prefix: "Tỉnh Hoà Bình" → "hoa binh"."""
    folded = fold(name)
    for prefix in (
        "thanh pho ",
        "tinh ",
        "quan ",
        "huyen ",
        "thi xa ",
        "thi tran ",
        "phuong ",
        "xa ",
        "dac khu ",
    ):
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


# --- reading the data ------------------------------------------------------------------------


def read_2025() -> list[UnitRow]:
    """The 34 provinces and 3,321 communes of the installed ``vietnam-provinces``."""
    import vietnam_provinces

    with Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).open(encoding="utf-8") as stream:
        provinces = json.load(stream)
    rows: list[UnitRow] = []
    for province in provinces:
        name = _name(province["name"])
        if province["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
            name = f"Tỉnh {name}"
        pcode = _code(Level.PROVINCE, province["code"])
        rows.append(UnitRow(pcode, name, province["division_type"], Level.PROVINCE))
        rows.extend(
            UnitRow(
                _code(Level.COMMUNE, w["code"]),
                _name(w["name"]),
                w["division_type"],
                Level.COMMUNE,
                pcode,
            )
            for w in province["wards"]
        )
    return rows


def _type_from_name(level: str, name: str, given: str) -> str:
    lowered = name.lower()
    for prefix, division_type in _PREFIXES[Level(level)]:
        if lowered.startswith(prefix + " "):
            return division_type
    return given


def read_pre_2025(wheel: Path) -> list[UnitRow]:
    """The 63 provinces, 696 districts and 10,051 communes inside the 0.6.0 wheel."""
    if not wheel.is_file():
        raise InvalidInput(
            _("Không tìm thấy tệp {wheel}. Hãy tải nó bằng: {download}").format(
                wheel=wheel, download=DOWNLOAD_HINT
            ),
            path=str(wheel),
        )
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != PRE_2025_WHEEL_SHA256:
        raise InvalidInput(
            _(
                "Tệp {wheel} không phải {name} (SHA-256 {digest}, cần {expected}). Hãy tải lại "
                "bằng: {download}"
            ).format(
                wheel=wheel,
                name=PRE_2025_WHEEL_NAME,
                digest=digest,
                expected=PRE_2025_WHEEL_SHA256,
                download=DOWNLOAD_HINT,
            ),
            path=str(wheel),
        )
    with zipfile.ZipFile(wheel) as archive:
        provinces = json.loads(archive.read(_WHEEL_JSON))
    rows: list[UnitRow] = []
    for province in provinces:
        pcode = _code(Level.PROVINCE, province["code"])
        pname = _name(province["name"])
        ptype = _type_from_name(Level.PROVINCE, pname, province["division_type"])
        rows.append(UnitRow(pcode, pname, ptype, Level.PROVINCE))
        for district in province["districts"]:
            dcode = _code(Level.DISTRICT, district["code"])
            dname = _name(district["name"])
            dtype = _type_from_name(Level.DISTRICT, dname, district["division_type"])
            rows.append(UnitRow(dcode, dname, dtype, Level.DISTRICT, pcode))
            for ward in district["wards"]:
                wname = _name(ward["name"])
                wtype = _type_from_name(Level.COMMUNE, wname, ward["division_type"])
                rows.append(
                    UnitRow(_code(Level.COMMUNE, ward["code"]), wname, wtype, Level.COMMUNE, dcode)
                )
    return rows
