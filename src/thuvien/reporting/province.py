"""The consolidated province report: every library's figures added up by library type, level
and administrative unit.

Units are the 2025 ones (communes under the 34 provinces); a library still registered under a
pre-2025 unit is counted under its successor, and the same figures are also added up by the
pre-2025 units (through the registry's successors mapping) so a year can be set beside the
years before the 2025 reorganisation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from thuvien.network.models import AdministrativeUnit, Library
from thuvien.reporting import figures
from thuvien.reporting.figures import Figures, Period
from thuvien.reporting.models import ReportForm, ReportVersion

UNKNOWN = "—"


def live(p: Period) -> dict[int, Figures]:
    """Every library's figures counted now."""
    return figures.by_library(p)


def as_submitted(year: int, *, approved_only: bool = False) -> dict[int, Figures]:
    """Every library's figures as its latest version states them (forms not sent: none)."""
    forms = ReportForm.objects.filter(period__year=year, version__gt=0)
    if approved_only:
        forms = forms.filter(state=ReportForm.State.APPROVED)
    latest = {f.pk: (f.library_id, f.version) for f in forms.only("pk", "library_id", "version")}
    out: dict[int, Figures] = {}
    versions = ReportVersion.objects.filter(form_id__in=list(latest)).only(
        "form_id", "number", "values", "counted"
    )
    for v in versions.iterator():
        library_id, number = latest[v.form_id]
        if v.number == number:
            breakdowns = {k: x for k, x in v.counted.items() if isinstance(x, dict)}
            out[library_id] = {**breakdowns, **v.values}
    return out


def _units() -> tuple[dict[int, AdministrativeUnit], dict[int, list[int]], dict[int, list[int]]]:
    units = {u.pk: u for u in AdministrativeUnit.objects.all()}
    successors: dict[int, list[int]] = defaultdict(list)
    predecessors: dict[int, list[int]] = defaultdict(list)
    through = AdministrativeUnit.successors.through.objects.values_list(
        "from_administrativeunit_id", "to_administrativeunit_id"
    )
    for old, new in through:
        successors[old].append(new)
        predecessors[new].append(old)
    return units, successors, predecessors


def consolidate(rows: dict[int, Figures]) -> dict[str, Any]:
    """Totals and breakdowns of ``rows`` (library id → figures)."""
    libraries = Library.objects.filter(pk__in=list(rows)).only(
        "pk", "library_type", "level", "admin_unit_id"
    )
    units, successors, predecessors = _units()
    groups: dict[str, dict[str, list[Figures]]] = {
        "by_type": defaultdict(list),
        "by_level": defaultdict(list),
        "by_unit": defaultdict(list),
        "by_unit_before_2025": defaultdict(list),
    }
    for lib in libraries:
        one = rows[lib.pk]
        groups["by_type"][lib.library_type].append(one)
        groups["by_level"][lib.level or UNKNOWN].append(one)
        unit = units.get(lib.admin_unit_id) if lib.admin_unit_id else None
        now, before = _both_schemes(unit, units, successors, predecessors)
        groups["by_unit"][now].append(one)
        groups["by_unit_before_2025"][before].append(one)
    return {
        "libraries": len(rows),
        "total": figures.add_up(rows.values()),
        **{
            name: {key: _numbers(figures.add_up(found)) for key, found in sorted(group.items())}
            for name, group in groups.items()
        },
    }


def _both_schemes(
    unit: AdministrativeUnit | None,
    units: dict[int, AdministrativeUnit],
    successors: dict[int, list[int]],
    predecessors: dict[int, list[int]],
) -> tuple[str, str]:
    """The unit's name under the 2025 scheme and under the one before (UNKNOWN where the
    registry has no mapping)."""
    if unit is None:
        return UNKNOWN, UNKNOWN
    if unit.scheme == AdministrativeUnit.Scheme.SINCE_2025:
        old = predecessors.get(unit.pk, [])
        return str(unit.name), _name(units, old)
    return _name(units, successors.get(unit.pk, [])), str(unit.name)


def _name(units: dict[int, AdministrativeUnit], ids: list[int]) -> str:
    # A commune made of several old ones is shown under the first (by code); the comparison
    # is by unit, so the remainder is named in the list's order, never dropped.
    found = sorted((units[i] for i in ids if i in units), key=lambda u: u.code)
    return " + ".join(u.name for u in found) if found else UNKNOWN


def _numbers(total: Figures) -> Figures:
    return {key: total[key] for key in figures.NUMBERS}


def report(p: Period, *, as_sent: bool = False) -> dict[str, Any]:
    """The province report for the period: live counts, or (``as_sent``) each library's
    figures as its latest sent version states them, live counts for those not sent yet (so
    a library that does not catalogue in thuvien counts with the figures it typed)."""
    rows = live(p)
    sent = as_submitted(p.year) if as_sent else {}
    for library_id, values in sent.items():
        rows[library_id] = {**rows.get(library_id, {}), **values}
    return {"year": p.year, "period": str(p), "sent": len(sent), **consolidate(rows)}
