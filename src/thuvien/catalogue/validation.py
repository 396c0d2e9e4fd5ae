"""MARC 21 rules checked when a cataloguer saves a record (imports are kept as received).

Each problem is one sentence, in Vietnamese then English, naming the field.
"""

from __future__ import annotations

import re
from collections import Counter

from thuvien.catalogue.marc import Field, MarcRecord, is_control_tag

# Fields MARC 21 Bibliographic marks non-repeatable (NR), among those cataloguers type.
NON_REPEATABLE_BIB = frozenset(
    {"001", "003", "005", "008", "010", "018", "040", "042", "066", "100", "110", "111", "130",
     "240", "243", "245", "254", "256", "263", "306", "357", "507", "514", "841", "842", "844"}
)  # fmt: skip
_INDICATOR = re.compile(r"^[0-9a-z ]$")
_CODE = re.compile(r"^[0-9a-z]$")
_TAG = re.compile(r"^[0-9]{3}$")


def validate(record: MarcRecord) -> list[str]:
    leader = record.leader
    if len(leader) != 24:
        return [f"Đầu biểu phải dài 24 ký tự / the leader must be 24 characters ({len(leader)})"]
    problems: list[str] = []
    if leader[5] not in "acdnp":
        problems.append(
            f"Đầu biểu/05 không hợp lệ / leader/05 record status {leader[5]!r} "
            "is not a, c, d, n or p"
        )
    for position, f in enumerate(record.fields, 1):
        problems += _field_problems(position, f)
    if record.kind == "bib":
        problems += _bibliographic_problems(record)
    return problems


def _field_problems(position: int, f: Field) -> list[str]:
    tag = f[0]
    if not _TAG.match(tag):
        return [
            f"Trường {position}: nhãn {tag!r} phải gồm 3 chữ số / "
            f"field {position}: tag {tag!r} must be 3 digits"
        ]
    if is_control_tag(tag):
        if len(f) != 2:
            return [f"Trường {tag} là trường kiểm soát / {tag} is a control field: no subfields"]
        return []
    if len(f) != 4:
        return [f"Trường {tag} cần chỉ thị và trường con / {tag} needs indicators and subfields"]
    problems = [
        f"Trường {tag}: chỉ thị {n} {indicator!r} không hợp lệ / {tag}: indicator {n} "
        f"{indicator!r} must be a digit, a lower-case letter or blank"
        for n, indicator in ((1, f[1]), (2, f[2]))
        if not _INDICATOR.match(indicator)
    ]
    if not f[3]:
        problems.append(f"Trường {tag} không có trường con nào / {tag} has no subfields")
    for code, value in f[3]:
        if not _CODE.match(code):
            problems.append(
                f"Trường {tag}: mã trường con {code!r} không hợp lệ / {tag}: subfield code "
                f"{code!r} must be a lower-case letter or digit"
            )
        elif not value.strip():
            problems.append(f"Trường {tag}${code} trống / {tag}${code} is empty")
    return problems


def _bibliographic_problems(record: MarcRecord) -> list[str]:
    problems: list[str] = []
    if record.leader[6] not in "acdefgijkmoprt":
        problems.append(
            f"Đầu biểu/06 không hợp lệ / leader/06 type of record {record.leader[6]!r} is not valid"
        )
    counts = Counter(f[0] for f in record.fields)
    if counts["245"] == 0:
        problems.append("Thiếu trường 245 (nhan đề) / field 245 (title statement) is required")
    if sum(counts[t] for t in ("100", "110", "111", "130")) > 1:
        problems.append(
            "Chỉ được có một trường 1XX (tiêu đề chính) / only one 1XX main entry is allowed"
        )
    for tag in sorted(NON_REPEATABLE_BIB):
        if counts[tag] > 1:
            problems.append(
                f"Trường {tag} không được lặp ({counts[tag]} lần) / "
                f"field {tag} is not repeatable (found {counts[tag]})"
            )
    fixed = record.control("008")
    if counts["008"] and len(fixed) != 40:
        problems.append(
            f"Trường 008 phải dài 40 ký tự ({len(fixed)}) / "
            f"field 008 must be 40 characters (found {len(fixed)})"
        )
    return problems
