"""Which old provinces formed each of the 34 provinces in force since 2025-07-01.

Source: Nghị quyết số 202/2025/QH15 của Quốc hội về việc sắp xếp đơn vị hành chính cấp
tỉnh (Resolution 202/2025/QH15 of the National Assembly on the arrangement of
provincial-level administrative units, adopted 12 June 2025), Article 1: 23 provinces
are formed by merging the whole area and population of 2 or 3 old ones; the other 11 are
not rearranged. Together they turn 63 provinces into 34.

Codes are the General Statistics Office (GSO) codes used by both data sets the loader
reads (``vietnam-provinces`` 0.6.0 for the old units, 2025.10.1 for the new). The names
are here so that :mod:`thuvien.network.units` can check each code against the data before
linking anything: a mistyped code fails loudly instead of linking the wrong province.

Each new province keeps the code of one of its predecessors (e.g. Lào Cai takes Yên Bái's
15, where its seat now is); the loader checks that too.
"""

from __future__ import annotations

# new province code → (its name, ((old code, old name), …)), the first old province being
# the one whose name the new province carries.
RESOLUTION_202_2025: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    # Not rearranged.
    "01": ("Hà Nội", (("01", "Hà Nội"),)),
    "04": ("Cao Bằng", (("04", "Cao Bằng"),)),
    "11": ("Điện Biên", (("11", "Điện Biên"),)),
    "12": ("Lai Châu", (("12", "Lai Châu"),)),
    "14": ("Sơn La", (("14", "Sơn La"),)),
    "20": ("Lạng Sơn", (("20", "Lạng Sơn"),)),
    "22": ("Quảng Ninh", (("22", "Quảng Ninh"),)),
    "38": ("Thanh Hóa", (("38", "Thanh Hóa"),)),
    "40": ("Nghệ An", (("40", "Nghệ An"),)),
    "42": ("Hà Tĩnh", (("42", "Hà Tĩnh"),)),
    "46": ("Huế", (("46", "Huế"),)),
    # Formed by merging (Art. 1).
    "08": ("Tuyên Quang", (("08", "Tuyên Quang"), ("02", "Hà Giang"))),
    "15": ("Lào Cai", (("10", "Lào Cai"), ("15", "Yên Bái"))),
    "19": ("Thái Nguyên", (("19", "Thái Nguyên"), ("06", "Bắc Kạn"))),
    "25": ("Phú Thọ", (("25", "Phú Thọ"), ("26", "Vĩnh Phúc"), ("17", "Hòa Bình"))),
    "24": ("Bắc Ninh", (("27", "Bắc Ninh"), ("24", "Bắc Giang"))),
    "33": ("Hưng Yên", (("33", "Hưng Yên"), ("34", "Thái Bình"))),
    "31": ("Hải Phòng", (("31", "Hải Phòng"), ("30", "Hải Dương"))),
    "37": ("Ninh Bình", (("37", "Ninh Bình"), ("35", "Hà Nam"), ("36", "Nam Định"))),
    "44": ("Quảng Trị", (("45", "Quảng Trị"), ("44", "Quảng Bình"))),
    "48": ("Đà Nẵng", (("48", "Đà Nẵng"), ("49", "Quảng Nam"))),
    "51": ("Quảng Ngãi", (("51", "Quảng Ngãi"), ("62", "Kon Tum"))),
    "52": ("Gia Lai", (("64", "Gia Lai"), ("52", "Bình Định"))),
    "56": ("Khánh Hòa", (("56", "Khánh Hòa"), ("58", "Ninh Thuận"))),
    "68": ("Lâm Đồng", (("68", "Lâm Đồng"), ("67", "Đắk Nông"), ("60", "Bình Thuận"))),
    "66": ("Đắk Lắk", (("66", "Đắk Lắk"), ("54", "Phú Yên"))),
    "79": (
        "Hồ Chí Minh",
        (("79", "Hồ Chí Minh"), ("74", "Bình Dương"), ("77", "Bà Rịa - Vũng Tàu")),
    ),
    "75": ("Đồng Nai", (("75", "Đồng Nai"), ("70", "Bình Phước"))),
    "80": ("Tây Ninh", (("72", "Tây Ninh"), ("80", "Long An"))),
    "92": ("Cần Thơ", (("92", "Cần Thơ"), ("94", "Sóc Trăng"), ("93", "Hậu Giang"))),
    "86": ("Vĩnh Long", (("86", "Vĩnh Long"), ("83", "Bến Tre"), ("84", "Trà Vinh"))),
    "82": ("Đồng Tháp", (("87", "Đồng Tháp"), ("82", "Tiền Giang"))),
    "96": ("Cà Mau", (("96", "Cà Mau"), ("95", "Bạc Liêu"))),
    "91": ("An Giang", (("89", "An Giang"), ("91", "Kiên Giang"))),
}

RESOLUTION = "Nghị quyết 202/2025/QH15 (12/06/2025)"


def predecessors() -> dict[str, tuple[str, ...]]:
    """New province code → the codes of the old provinces it was formed from."""
    return {new: tuple(code for code, _ in olds) for new, (_, olds) in RESOLUTION_202_2025.items()}


def successor_of() -> dict[str, str]:
    """Old province code → the code of the new province it became part of."""
    return {old: new for new, olds in predecessors().items() for old in olds}
