"""MARC 21 rules checked when a cataloguer saves a record (imports are kept as received).

Each problem is one sentence naming the field, in the language active when it is checked.
"""

from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext as _

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
        return [_("Đầu biểu phải dài 24 ký tự ({length})").format(length=len(leader))]
    problems: list[str] = []
    if leader[5] not in "acdnp":
        problems.append(
            _("Đầu biểu/05 (trạng thái bản ghi) {value} không phải a, c, d, n hay p").format(
                value=repr(leader[5])
            )
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
            _("Trường {position}: nhãn {tag} phải gồm 3 chữ số").format(
                position=position, tag=repr(tag)
            )
        ]
    if is_control_tag(tag):
        if len(f) != 2:
            return [_("Trường {tag} là trường kiểm soát, không có trường con").format(tag=tag)]
        return []
    if len(f) != 4:
        return [_("Trường {tag} cần chỉ thị và trường con").format(tag=tag)]
    problems = [
        _(
            "Trường {tag}: chỉ thị {n} {indicator} không hợp lệ; chỉ dùng chữ số, chữ thường "
            "hoặc khoảng trắng"
        ).format(tag=tag, n=n, indicator=repr(indicator))
        for n, indicator in ((1, f[1]), (2, f[2]))
        if not _INDICATOR.match(indicator)
    ]
    if not f[3]:
        problems.append(_("Trường {tag} không có trường con nào").format(tag=tag))
    for code, value in f[3]:
        if not _CODE.match(code):
            problems.append(
                _(
                    "Trường {tag}: mã trường con {code} không hợp lệ; chỉ dùng chữ thường hoặc "
                    "chữ số"
                ).format(tag=tag, code=repr(code))
            )
        elif not value.strip():
            problems.append(_("Trường {tag}${code} trống").format(tag=tag, code=code))
    return problems


def _bibliographic_problems(record: MarcRecord) -> list[str]:
    problems: list[str] = []
    if record.leader[6] not in "acdefgijkmoprt":
        problems.append(
            _("Đầu biểu/06 (loại bản ghi) {value} không hợp lệ").format(
                value=repr(record.leader[6])
            )
        )
    counts = Counter(f[0] for f in record.fields)
    if counts["245"] == 0:
        problems.append(_("Thiếu trường 245 (nhan đề)"))
    if sum(counts[t] for t in ("100", "110", "111", "130")) > 1:
        problems.append(_("Chỉ được có một trường 1XX (tiêu đề chính)"))
    for tag in sorted(NON_REPEATABLE_BIB):
        if counts[tag] > 1:
            problems.append(
                _("Trường {tag} không được lặp ({count} lần)").format(tag=tag, count=counts[tag])
            )
    fixed = record.control("008")
    if counts["008"] and len(fixed) != 40:
        problems.append(_("Trường 008 phải dài 40 ký tự ({length})").format(length=len(fixed)))
    return problems
