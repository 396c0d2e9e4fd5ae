"""The report as CSV and PDF, and the public open-data figures.

Public outputs never show a count small enough to point at a reader: every count from 1 to 4
is suppressed (shown as "<5", null in JSON), the usual rule of official statistics.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string

from thuvien.reporting import figures
from thuvien.reporting.labels import LABELS

SMALLEST_SHOWN = 5


def form_csv(code: str, year: int, values: dict[str, Any], notes: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["library", "year", "figure", "label", "value", "note"])
    for key, label in LABELS.items():
        writer.writerow([code, year, key, str(label), _cell(values.get(key)), notes.get(key, "")])
    return out.getvalue()


def province_csv(report: dict[str, Any], *, public: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "breakdown", "group", *figures.NUMBERS])
    rows = [("total", "", report["total"])]
    for name in ("by_type", "by_level", "by_unit", "by_unit_before_2025"):
        rows += [(name, group, total) for group, total in report[name].items()]
    for breakdown, group, total in rows:
        shown = suppressed(total) if public else total
        writer.writerow(
            [
                report["year"],
                breakdown,
                group,
                *[_cell(shown.get(k), public) for k in figures.NUMBERS],
            ]
        )
    return out.getvalue()


def _cell(value: Any, public: bool = False) -> Any:
    if value is None:
        return "<5" if public else ""
    return value


def suppressed(total: dict[str, Any]) -> dict[str, Any]:
    """The figures with every count from 1 to 4 replaced by None."""
    return {
        key: (None if isinstance(v, int) and 0 < v < SMALLEST_SHOWN else v)
        for key, v in total.items()
        if key in figures.NUMBERS
    }


def open_data(report: dict[str, Any]) -> dict[str, Any]:
    """The province's figures for the public: totals by type and level, small counts hidden.
    Units are left out: a commune with one library would show that library's readers."""
    return {
        "year": report["year"],
        "period": report["period"],
        "libraries": report["libraries"],
        "suppressed_below": SMALLEST_SHOWN,
        "total": suppressed(report["total"]),
        "by_type": {k: suppressed(v) for k, v in report["by_type"].items()},
        "by_level": {k: suppressed(v) for k, v in report["by_level"].items()},
    }


def pdf(context: dict[str, Any]) -> bytes:
    """A form or the province report as PDF in the official layout (DejaVu: every Vietnamese
    letter; the template names the fonts)."""
    from weasyprint import HTML

    html = render_to_string("reporting/report.html", context)
    data: bytes = HTML(string=html).write_pdf()
    return data


def form_context(
    code: str,
    name: str,
    year: int,
    values: dict[str, Any],
    notes: dict[str, str],
    *,
    state: str = "",
) -> dict[str, Any]:
    return {
        "title": "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG THƯ VIỆN",
        "subtitle": name,
        "code": code,
        "year": year,
        "period": str(figures.period(year)),
        "state": state,
        "rows": [
            (str(label), values.get(key), notes.get(key, "")) for key, label in LABELS.items()
        ],
    }


def province_context(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "BÁO CÁO THỐNG KÊ TỔNG HỢP CÁC THƯ VIỆN TRÊN ĐỊA BÀN TỈNH",
        "subtitle": f"{report['libraries']} thư viện",
        "code": "",
        "year": report["year"],
        "period": report["period"],
        "state": "",
        "rows": [(str(LABELS[k]), report["total"][k], "") for k in figures.NUMBERS],
        "groups": [
            (
                title,
                [str(LABELS[k]) for k in KEY_FIGURES],
                [(g, [t[k] for k in KEY_FIGURES]) for g, t in report[name].items()],
            )
            for name, title in (
                ("by_type", "Theo loại thư viện"),
                ("by_level", "Theo cấp"),
                ("by_unit", "Theo đơn vị hành chính (từ 2025)"),
            )
        ],
    }


KEY_FIGURES = [
    "titles",
    "copies",
    "copies_acquired",
    "readers_registered",
    "loans",
    "digital_objects",
]
