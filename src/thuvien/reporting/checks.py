"""Edit checks run on a form before it is sent: missing and negative figures, impossible
ratios, and changes of more than 30% from last year that need the library's explanation (as
the US survey tools, LibPAS and Bibliostat, do)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thuvien.reporting import figures

# Figures every form must give, counted or typed.
REQUIRED = [*figures.NUMBERS, "staff_total", "floor_area_m2", "seats", "opening_hours_week"]
# (part, whole): the part can never exceed the whole.
PARTS = [
    ("readers_new", "readers_registered"),
    ("readers_fee_waiver", "readers_registered"),
    ("periodical_titles", "titles"),
    ("ethnic_language_titles", "titles"),
    ("staff_library_trained", "staff_total"),
    ("staff_postgraduate", "staff_total"),
    ("staff_graduate", "staff_total"),
    ("staff_trained_digital", "staff_total"),
    ("rare_digitised", "rare_held"),
    ("endogenous_digitised", "endogenous_held"),
    ("heritage_digitised", "heritage_held"),
]
CHANGE_LIMIT = 0.30
# Below this, a change of 30% is a handful of units and not worth a question.
CHANGE_FLOOR = 10


@dataclass(frozen=True)
class Problem:
    figure: str
    kind: str  # missing, negative, ratio, change
    message: str


def label(key: str) -> str:
    from thuvien.reporting.labels import LABELS

    return str(LABELS.get(key, key))


def problems(
    values: dict[str, Any], explanations: dict[str, str], last_year: dict[str, Any] | None
) -> list[Problem]:
    """What stops the form from being sent, in form order."""
    found: list[Problem] = []
    for key in REQUIRED:
        if values.get(key) is None:
            found.append(
                Problem(
                    key,
                    "missing",
                    _("Thiếu “{figure}”: hãy nhập số (0 nếu không có).").format(figure=label(key)),
                )
            )
    for key, value in values.items():
        if isinstance(value, (int, float)) and value < 0:
            found.append(
                Problem(
                    key,
                    "negative",
                    _("“{figure}” là {value}: số liệu không được âm.").format(
                        figure=label(key), value=value
                    ),
                )
            )
    for part, whole in PARTS:
        a, b = values.get(part), values.get(whole)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > b:
            found.append(
                Problem(
                    part,
                    "ratio",
                    _(
                        "“{part}” ({a}) lớn hơn “{whole}” ({b}): không thể có, hãy kiểm tra lại."
                    ).format(part=label(part), a=a, whole=label(whole), b=b),
                )
            )
    for key, before, now in changes(values, last_year):
        if not explanations.get(key, "").strip():
            found.append(
                Problem(
                    key,
                    "change",
                    _(
                        "“{figure}” đổi từ {before} (năm trước) thành {now}, hơn 30%: hãy ghi "
                        "giải thích vào ô ghi chú của số này."
                    ).format(figure=label(key), before=before, now=now),
                )
            )
    return found


def changes(values: dict[str, Any], last_year: dict[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """(figure, last year, this year) for each figure that moved more than 30%."""
    if not last_year:
        return []
    out = []
    for key, now in values.items():
        before = last_year.get(key)
        if not isinstance(now, (int, float)) or not isinstance(before, (int, float)):
            continue
        if max(before, now) < CHANGE_FLOOR:
            continue
        if before == 0 or abs(now - before) / before > CHANGE_LIMIT:
            out.append((key, before, now))
    return out
