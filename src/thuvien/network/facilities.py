"""What the reports need to know about a library's premises, and the population of each
administrative unit: entered by people, the only code that writes them.

A library admin keeps its own library's facilities (the network admin any library's); the
Department (and the network admin) enters the population the per-capita indicators divide by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.audit.services import snapshot
from thuvien.errors import InvalidInput
from thuvien.network.models import (
    AdministrativeUnit,
    Library,
    LibraryFacilities,
    OnlineService,
    Population,
)
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor

FIELDS = frozenset(
    f.name
    for f in LibraryFacilities._meta.get_fields()
    if f.name not in {"id", "library", "updated_at"}
)


def facilities_of(library: Library) -> LibraryFacilities:
    """The library's facilities, or an empty (unsaved) row when none were entered yet."""
    found = LibraryFacilities.objects.filter(library=library).first()
    return found if found is not None else LibraryFacilities(library=library)


def update_facilities(actor: Actor, library: Library, **changes: Any) -> LibraryFacilities:
    unknown = sorted(set(changes) - FIELDS)
    if unknown:
        raise InvalidInput(
            _("Không có trường {fields}; các trường là: {known}.").format(
                fields=", ".join(unknown), known=", ".join(sorted(FIELDS))
            ),
            fields=",".join(unknown),
        )
    check(actor, Action.EDIT_LIBRARY, library)
    services = changes.get("online_services")
    if services is not None:
        wrong = sorted(set(services) - set(OnlineService.values))
        if wrong:
            raise InvalidInput(
                _("Dịch vụ trực tuyến {wrong} không có; hãy chọn trong: {known}.").format(
                    wrong=", ".join(wrong), known=", ".join(OnlineService.values)
                ),
                online_services=",".join(wrong),
            )
        changes["online_services"] = sorted(set(services))
    for name, value in changes.items():
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            raise InvalidInput(
                _("{field} không được âm (đã nhập {value}).").format(field=name, value=value),
                **{name: value},
            )
    with transaction.atomic():
        row, _created = LibraryFacilities.objects.select_for_update().get_or_create(library=library)
        before = snapshot(row, exclude=("updated_at",))
        for name, value in changes.items():
            setattr(row, name, value)
        after = snapshot(row, exclude=("updated_at",))
        if after != before:
            row.save()
            audit(
                actor,
                AuditEntry.Action.UPDATE,
                "library-facilities",
                library.pk,
                library_code=library.code,
                summary=library.name_vi,
                before=before,
                after=after,
            )
    return row


def set_population(
    actor: Actor, unit: AdministrativeUnit, year: int, population: int, source: str = ""
) -> Population:
    """Enter (or correct) a unit's population for a year."""
    check(actor, Action.OVERSEE)
    if population <= 0:
        raise InvalidInput(
            _("Dân số của {unit} năm {year} phải lớn hơn 0 (đã nhập {value}).").format(
                unit=unit.name, year=year, value=population
            ),
            population=population,
        )
    if not 1990 <= year <= 2100:
        raise InvalidInput(
            _("Năm {year} không hợp lệ; hãy nhập năm dạng YYYY, ví dụ 2026.").format(year=year),
            year=year,
        )
    with transaction.atomic():
        row = Population.objects.select_for_update().filter(unit=unit, year=year).first()
        before = snapshot(row) if row is not None else None
        if row is None:
            row = Population(unit=unit, year=year, population=population, source=source)
        else:
            row.population, row.source = population, source
        row.save()
        audit(
            actor,
            AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            "population",
            row.pk,
            summary=f"{unit.name} {year}: {population}",
            before=before,
            after=snapshot(row),
        )
    return row
