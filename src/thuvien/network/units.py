"""Vietnam's administrative units, before and since the 2025-07-01 reform, with the links.

Sources (:mod:`thuvien.network.unit_sources`; both offline, both the PyPI package
``vietnam-provinces``, GSO codes):

* scheme "2025" (in force since 2025-07-01): 34 provinces and 3,321 communes (xã, phường,
  đặc khu) from the installed ``vietnam-provinces`` 2025.10.1;
* scheme "2004" (until 2025-06-30): 63 provinces, 696 districts and 10,051 communes from
  the wheel file of version 0.6.0 (data of 2025-01-04), which is read, never installed.

Successors (old unit → the new unit it became, wholly or in part):

* Provinces: all 63, from Resolution 202/2025/QH15 (:mod:`thuvien.network.provinces_2025`),
  each code and name checked against both data sets.
* Communes: a new commune carries the GSO code of one of the old communes it was formed
  from; the 34 provinces do the same (each new province has a predecessor's code). Where
  an old commune has the code of a new commune, it is linked to it, but only if the old
  commune lies in one of the new province's predecessor provinces. Measured on these data:
  3,310 of the 3,321 new communes share a code with an old commune and all 3,310 lie in a
  predecessor province (by chance about 1 in 34 would), which is what confirms the rule;
  1,515 of those pairs also carry the same name (accents and prefix aside). So 3,310 new
  communes (99.7%) get one recorded predecessor and 3,310 of the 10,051 old communes
  (32.9%) a recorded successor.
  The 11 new communes without one are 5 special zones (đặc khu) made from island districts
  that had no communes, and 6 units whose codes are not in the 0.6.0 data.
* Not recorded, because nothing here proves them: the other predecessors of each new
  commune (the Resolutions of the Standing Committee of the National Assembly list them,
  these data do not), and links from names alone: 720 new communes have a unique namesake
  among the old communes of their predecessor provinces other than the code-linked one,
  but a new commune is often named after a former district or a landmark. An old commune
  without a successor still reaches its new province through district → province.
* Districts have no successor: the level was abolished; their province's successor is
  their new province.

Loading is idempotent (a second run creates, changes and links nothing) and runs in one
transaction with bulk_create. Measured (`thuvien units load`, 14,165 units, 3,373 links):
0.9 s on SQLite and 1.1 s on PostgreSQL the first time, 0.4 s to find nothing to do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import InvalidInput
from thuvien.network import provinces_2025
from thuvien.network.models import AdministrativeUnit
from thuvien.network.unit_sources import (
    DOWNLOAD_HINT,
    PRE_2025_WHEEL_NAME,
    UnitRow,
    bare_name,
    default_pre_2025_wheel,
    read_2025,
    read_pre_2025,
)
from thuvien.vietnamese.text import canonical_tones, fold, nfc

__all__ = [
    "DOWNLOAD_HINT",
    "PRE_2025_WHEEL_NAME",
    "LoadReport",
    "default_pre_2025_wheel",
    "find_units",
    "load",
    "province_of",
    "successor_pairs",
]

Unit = AdministrativeUnit
Level = AdministrativeUnit.Level
Scheme = AdministrativeUnit.Scheme

SINCE_2025 = date(2025, 7, 1)
UNTIL_2025 = date(2025, 6, 30)

_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
_FIELDS = ("name", "division_type", "level", "parent_id", "valid_from", "valid_to")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    links_created: int = 0
    links_removed: int = 0
    commune_links: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    pre_2025_loaded: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


# --- linking old to new ----------------------------------------------------------------------


def _mismatch(what: str) -> InvalidInput:
    # The resolution's name stays in the message text: its English differs from RESOLUTION.
    return InvalidInput(
        _(
            "Dữ liệu đơn vị hành chính không khớp với Nghị quyết 202/2025/QH15 (12/06/2025): "
            "{what}."
        ).format(what=what),
    )


def successor_pairs(old: list[UnitRow], new: list[UnitRow]) -> tuple[list[tuple[str, str]], int]:
    """(old code, new code) links and how many of them are commune links (see module doc)."""
    old_by_code = {r.code: r for r in old}
    new_by_code = {r.code: r for r in new}
    pairs: list[tuple[str, str]] = []
    for new_code, (new_name, olds) in provinces_2025.RESOLUTION_202_2025.items():
        unit = new_by_code.get(new_code)
        if unit is None or unit.level != Level.PROVINCE or bare_name(unit.name) != fold(new_name):
            raise _mismatch(_("tỉnh mới {code} {name}").format(code=new_code, name=new_name))
        if new_code not in {code for code, _ in olds}:
            raise _mismatch(_("mã {code} không thuộc tỉnh cũ nào").format(code=new_code))
        for old_code, old_name in olds:
            before = old_by_code.get(old_code)
            if (
                before is None
                or before.level != Level.PROVINCE
                or bare_name(before.name) != fold(old_name)
            ):
                raise _mismatch(_("tỉnh cũ {code} {name}").format(code=old_code, name=old_name))
            pairs.append((old_code, new_code))
    province_of_old = {r.code: r.parent for r in old if r.level == Level.DISTRICT}
    old_provinces_of_new = provinces_2025.predecessors()
    communes = 0
    for unit in new:
        before = old_by_code.get(unit.code)
        if unit.level != Level.COMMUNE or before is None or before.level != Level.COMMUNE:
            continue
        if province_of_old[before.parent or ""] in old_provinces_of_new[unit.parent or ""]:
            pairs.append((unit.code, unit.code))
            communes += 1
    return pairs, communes


# --- loading ---------------------------------------------------------------------------------


def _upsert(
    scheme: str, rows: list[UnitRow], valid: tuple[date | None, date | None], report: LoadReport
) -> dict[str, int]:
    """Create or correct the units of one scheme; return their ids by code."""
    existing = {u.code: u for u in Unit.objects.filter(scheme=scheme)}
    ids = {code: u.pk for code, u in existing.items()}
    for level in _LEVELS:
        fresh: list[AdministrativeUnit] = []
        changed: list[AdministrativeUnit] = []
        for row in (r for r in rows if r.level == level):
            values = {
                "name": row.name,
                "division_type": row.division_type,
                "level": row.level,
                "parent_id": ids[row.parent] if row.parent else None,
                "valid_from": valid[0],
                "valid_to": valid[1],
            }
            unit = existing.get(row.code)
            if unit is None:
                fresh.append(Unit(scheme=scheme, code=row.code, **values))
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(unit, k, v)
                changed.append(unit)
        Unit.objects.bulk_create(fresh, batch_size=1000)
        Unit.objects.bulk_update(changed, _FIELDS, batch_size=1000)
        report.created += len(fresh)
        report.updated += len(changed)
        if fresh:
            ids.update(Unit.objects.filter(scheme=scheme, level=level).values_list("code", "id"))
        count = sum(1 for r in rows if r.level == level)
        if count:
            report.counts.setdefault(str(scheme), {})[str(level)] = count
    return ids


def _link(
    pairs: list[tuple[str, str]],
    old_ids: dict[str, int],
    new_ids: dict[str, int],
    report: LoadReport,
) -> None:
    through = Unit.successors.through
    wanted = {(old_ids[o], new_ids[n]) for o, n in pairs}
    have = set(
        through.objects.filter(from_administrativeunit__scheme=Scheme.BEFORE_2025).values_list(
            "from_administrativeunit_id", "to_administrativeunit_id"
        )
    )
    through.objects.bulk_create(
        [
            through(from_administrativeunit_id=o, to_administrativeunit_id=n)
            for o, n in sorted(wanted - have)
        ],
        batch_size=1000,
    )
    # The loader owns these links (the admin shows units read-only), so a link the data
    # no longer support is removed rather than left to mislead.
    stale = have - wanted
    for o, n in stale:
        through.objects.filter(from_administrativeunit_id=o, to_administrativeunit_id=n).delete()
    report.links_created += len(wanted - have)
    report.links_removed += len(stale)


def load(pre_2025_wheel: Path | None = None, *, actor: str = "system") -> LoadReport:
    """Load scheme 2025 (and scheme 2004 with its links when the wheel is given).

    All or nothing: bad data raise :class:`InvalidInput` before anything is written.
    """
    started = time.perf_counter()
    report = LoadReport()
    new_rows = read_2025()
    old_rows = read_pre_2025(pre_2025_wheel) if pre_2025_wheel is not None else []
    pairs, report.commune_links = successor_pairs(old_rows, new_rows) if old_rows else ([], 0)
    with transaction.atomic():
        new_ids = _upsert(Scheme.SINCE_2025, new_rows, (SINCE_2025, None), report)
        if old_rows:
            old_ids = _upsert(Scheme.BEFORE_2025, old_rows, (None, UNTIL_2025), report)
            _link(pairs, old_ids, new_ids, report)
            report.pre_2025_loaded = True
        if report.created or report.updated or report.links_created or report.links_removed:
            audit(
                actor,
                AuditEntry.Action.IMPORT,
                "admin-units",
                "all",
                summary=(
                    f"{report.created} created, {report.updated} updated, "
                    f"{report.links_created} links added, {report.links_removed} removed"
                ),
                after={
                    "created": report.created,
                    "updated": report.updated,
                    "links_created": report.links_created,
                    "counts": report.counts,
                },
            )
    report.seconds = round(time.perf_counter() - started, 3)
    return report


# --- finding ---------------------------------------------------------------------------------


def _ranked(query: str) -> Iterator[tuple[tuple[int, int, int, int, str], int]]:
    folded = " ".join(fold(query).split())
    exact = canonical_tones(" ".join(nfc(query).split())).casefold()
    level_order = {lv: i for i, lv in enumerate(_LEVELS)}
    for pk, name, code, scheme, level in Unit.objects.values_list(
        "id", "name", "code", "scheme", "level"
    ):
        if code == query.strip():
            yield (0, 0, 0, level_order[Level(level)], name), pk
            continue
        if folded not in fold(name):
            continue
        accents = 0 if exact in canonical_tones(name).casefold() else 1
        whole = 0 if bare_name(name) == folded else 1
        newer = 0 if scheme == Scheme.SINCE_2025 else 1
        yield (accents, whole, level_order[Level(level)], newer, fold(name)), pk


def find_units(query: str, *, limit: int = 50) -> list[AdministrativeUnit]:
    """Units of both schemes whose name contains ``query`` (accents optional) or whose code
    is ``query``; names with the accents as typed come first, then whole-name matches."""
    if not fold(query).strip():
        raise InvalidInput(_("Hãy nhập một tên để tìm."))
    best = sorted(_ranked(query))[:limit]
    found = (
        Unit.objects.select_related("parent__parent")
        .prefetch_related(
            "successors__parent",
            "predecessors__parent__parent",
            "parent__successors",
            "parent__parent__successors",
        )
        .in_bulk([pk for _, pk in best])
    )
    return [found[pk] for _, pk in best]


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The province a unit lies in (itself for a province)."""
    while unit.parent is not None:
        unit = unit.parent
    return unit
