"""The plan's KPIs, computed live from what thuvien holds: each a numerator over a
denominator, library by library, so every figure can be broken down (by library type, by
commune) and drilled into (the libraries, then the records behind them).

A year is the reporting period of TT 05/2020: 1 December of the year before to 30 November.
Counts with a date (digital objects, readers, copies, loans, training) are those of the
period or standing at its end; registry facts (website, software, staff numbers, documents
held) are as entered now, since the registry keeps no history of them.

"Libraries" means active registry entries that are libraries: reading rooms and community
book cabinets are counted apart (Ministry statistics) and left out of the ratios.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thuvien.catalogue.models import Item, Record
from thuvien.circulation.models import Loan, Patron
from thuvien.digital import heritage
from thuvien.digital.models import Collection, DigitalObject, HeritageKind
from thuvien.network.models import (
    AdministrativeUnit,
    Facility,
    Library,
    LibraryFacilities,
    LibraryLevel,
    LibraryType,
    Population,
    StaffProfile,
)
from thuvien.oversight.models import KpiTarget, Participant
from thuvien.reporting import figures
from thuvien.reporting.figures import Period

Counts = dict[int, int]  # library id → count


# --- who is counted -------------------------------------------------------------------------


def libraries() -> list[Library]:
    """Every active registry entry, with what the breakdowns need, in one query."""
    return list(
        Library.objects.filter(status=Library.Status.ACTIVE)
        .select_related("admin_unit", "facilities")
        .order_by("code")
    )


def _is_library(library: Library) -> bool:
    return library.facility == Facility.LIBRARY


def _facilities(library: Library) -> LibraryFacilities | None:
    try:
        return library.facilities
    except LibraryFacilities.DoesNotExist:
        return None


def _grouped(queryset: object, key: str = "library") -> Counts:
    rows = queryset.values(key).annotate(n=Count("id")).values_list(key, "n")  # type: ignore[attr-defined]
    return {lib: n for lib, n in rows if lib is not None}


# --- the numerators and denominators, library by library ----------------------------------


def _digitised(kinds: Iterable[str], period: Period) -> Counts:
    return _grouped(
        DigitalObject.objects.filter(
            collection__kind__in=list(kinds),
            status=DigitalObject.Status.PUBLISHED,
            created_at__lt=period.end,
        )
    )


def rare_digitised(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    held = {
        lib.pk: f.rare_documents_held
        for lib in libs
        if (f := _facilities(lib)) is not None and f.rare_documents_held
    }
    done = _digitised((Collection.Kind.RARE, Collection.Kind.MANUSCRIPTS), period)
    return _flagged_first(libs, done, held, heritage.RARE_AND_ANCIENT, period)


def _flagged_first(
    libs: Iterable[Library], done: Counts, held: Counts, kinds: Iterable[str], period: Period
) -> tuple[Counts, Counts]:
    """A library that flags its heritage holdings (digital.heritage) is measured on them: the
    records flagged, and of them those with a published digital object. The others keep the
    entered count of documents held and the objects of collections of that kind."""
    flagged = heritage.by_library([lib.pk for lib in libs], until=period.end, kinds=kinds)
    held = {**held, **{k: h for k, (h, _d) in flagged.items() if h}}
    done = {**done, **{k: d for k, (h, d) in flagged.items() if h}}
    return {k: v for k, v in done.items() if k in held}, held


ENDOGENOUS_TYPES = frozenset({LibraryType.SPECIALISED, LibraryType.UNIVERSITY})


def endogenous_digitised(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    held = {
        lib.pk: f.endogenous_documents_held
        for lib in libs
        if lib.library_type in ENDOGENOUS_TYPES
        and (f := _facilities(lib)) is not None
        and f.endogenous_documents_held
    }
    done = _digitised((Collection.Kind.THESES,), period)
    # Endogenous documents count only at specialised and university libraries.
    types = [lib for lib in libs if lib.library_type in ENDOGENOUS_TYPES]
    return _flagged_first(types, done, held, (HeritageKind.ENDOGENOUS,), period)


def staff_trained(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    accounts = _grouped(StaffProfile.objects.exclude(library=None))
    staff = {}
    for lib in libs:
        f = _facilities(lib)
        entered = f.staff_count if f is not None else None
        count = entered if entered is not None else accounts.get(lib.pk, 0)
        if count:
            staff[lib.pk] = count
    rows = (
        Participant.objects.filter(completed=True, course__ends_on__lte=period.last)
        .values("library")
        .annotate(n=Count("person", distinct=True))
        .values_list("library", "n")
    )
    return {lib: n for lib, n in rows if lib in staff}, staff


def _yes_no(libs: Iterable[Library], test: Callable[[Library], bool]) -> tuple[Counts, Counts]:
    chosen = list(libs)
    return {lib.pk: 1 for lib in chosen if test(lib)}, {lib.pk: 1 for lib in chosen}


def _in_thuvien() -> set[int]:
    """Libraries whose work is in the system: a staff account or catalogue records."""
    with_staff = set(StaffProfile.objects.exclude(library=None).values_list("library", flat=True))
    with_records = set(Record.objects.values_list("library", flat=True).distinct())
    return with_staff | with_records


def managed(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    present = _in_thuvien()
    return _yes_no(filter(_is_library, libs), lambda lib: lib.pk in present)


WEBSITE_TYPES = frozenset({LibraryType.SPECIALISED, LibraryType.UNIVERSITY, LibraryType.SCHOOL})


def website_services(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    def offers(lib: Library) -> bool:
        f = _facilities(lib)
        return bool(lib.website) and f is not None and bool(f.online_services)

    chosen = (lib for lib in libs if _is_library(lib) and lib.library_type in WEBSITE_TYPES)
    return _yes_no(chosen, offers)


LINKED_LEVELS = frozenset({LibraryLevel.DISTRICT, LibraryLevel.COMMUNE})


def software_linked(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    present = set(Record.objects.values_list("library", flat=True).distinct())

    def linked(lib: Library) -> bool:
        f = _facilities(lib)
        return lib.pk in present or (f is not None and f.linked_to_provincial)

    chosen = (
        lib
        for lib in libs
        if _is_library(lib)
        and lib.library_type == LibraryType.PUBLIC
        and lib.level in LINKED_LEVELS
    )
    return _yes_no(chosen, linked)


def readers(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    registered = Patron.objects.filter(created_at__lt=period.end).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=period.first)
    )
    return _grouped(registered, "home_library"), {}


def loans(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    lent = Loan.objects.filter(checked_out_at__gte=period.start, checked_out_at__lt=period.end)
    return _grouped(lent), {}


def books(libs: list[Library], period: Period) -> tuple[Counts, Counts]:
    held = Item.objects.filter(created_at__lt=period.end).exclude(status=Item.Status.WITHDRAWN)
    return _grouped(held), {}


@dataclass(frozen=True)
class Kpi:
    code: str
    name: str | Promise
    numerator: str | Promise
    denominator: str | Promise
    compute: Callable[[list[Library], Period], tuple[Counts, Counts]]
    percent: bool = True  # else per capita: the denominator is the population
    records: str = ""  # what the drill-down lists: see :func:`records_behind`


KPIS: dict[str, Kpi] = {
    k.code: k
    for k in (
        Kpi(
            "rare-digitised",
            gettext_lazy("Tài liệu quý hiếm, cổ được số hoá"),
            gettext_lazy("Tài liệu số đã công bố trong bộ sưu tập quý hiếm, cổ, thư tịch"),
            gettext_lazy("Tài liệu quý hiếm, cổ thư viện khai đang giữ"),
            rare_digitised,
            records="digital-rare",
        ),
        Kpi(
            "endogenous-digitised",
            gettext_lazy("Tài liệu nội sinh được số hoá (thư viện chuyên ngành, đại học)"),
            gettext_lazy("Tài liệu số đã công bố trong bộ sưu tập tài liệu nội sinh"),
            gettext_lazy("Tài liệu nội sinh thư viện khai đang giữ"),
            endogenous_digitised,
            records="digital-thesis",
        ),
        Kpi(
            "staff-trained",
            gettext_lazy("Cán bộ thư viện được tập huấn"),
            gettext_lazy("Người đã hoàn thành ít nhất một khoá tập huấn"),
            gettext_lazy("Cán bộ thư viện (số khai, nếu chưa khai: số tài khoản)"),
            staff_trained,
            records="participants",
        ),
        Kpi(
            "managed",
            gettext_lazy("Thư viện được quản lý qua hệ thống"),
            gettext_lazy("Thư viện có tài khoản cán bộ hoặc biểu ghi trong hệ thống"),
            gettext_lazy("Thư viện đang hoạt động"),
            managed,
        ),
        Kpi(
            "website-services",
            gettext_lazy("Thư viện có trang web và dịch vụ trực tuyến"),
            gettext_lazy("Thư viện có trang web và ít nhất một dịch vụ trực tuyến"),
            gettext_lazy("Thư viện chuyên ngành, đại học, trường phổ thông"),
            website_services,
        ),
        Kpi(
            "software-linked",
            gettext_lazy("Thư viện có phần mềm liên thông với thư viện tỉnh"),
            gettext_lazy("Thư viện biên mục trong hệ thống hoặc khai phần mềm đã liên thông"),
            gettext_lazy("Thư viện công cộng cấp huyện, cấp xã"),
            software_linked,
        ),
        Kpi(
            "readers-per-capita",
            gettext_lazy("Bạn đọc trên đầu người"),
            gettext_lazy("Bạn đọc có thẻ còn hạn trong năm"),
            gettext_lazy("Dân số"),
            readers,
            percent=False,
            records="patrons",
        ),
        Kpi(
            "loans-per-capita",
            gettext_lazy("Lượt mượn trên đầu người"),
            gettext_lazy("Lượt mượn trong năm"),
            gettext_lazy("Dân số"),
            loans,
            percent=False,
        ),
        Kpi(
            "books-per-capita",
            gettext_lazy("Bản sách trên đầu người"),
            gettext_lazy("Bản sách đang có (trừ đã thanh lý)"),
            gettext_lazy("Dân số"),
            books,
            percent=False,
        ),
    )
}


# --- figures --------------------------------------------------------------------------------


def ratio(kpi: Kpi, numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    if kpi.percent:
        return (Decimal(100 * numerator) / denominator).quantize(Decimal("0.1"))
    return (Decimal(numerator) / denominator).quantize(Decimal("0.001"))


def plain(number: Decimal) -> str:
    """70.000 → "70", 0.250 → "0.25": a target as people write it."""
    return format(number.normalize(), "f")


def province_population(year: int) -> tuple[int, int | None]:
    """The province's population for ``year`` (the latest year entered up to it) and the
    year it is of; (0, None) when none was entered."""
    rows = Population.objects.filter(
        unit__level=AdministrativeUnit.Level.PROVINCE,
        unit__scheme=AdministrativeUnit.Scheme.SINCE_2025,
        year__lte=year,
    ).order_by("-year")
    latest = rows.values_list("year", flat=True).first()
    if latest is None:
        return 0, None
    return sum(rows.filter(year=latest).values_list("population", flat=True)), latest


@dataclass
class Figure:
    kpi: Kpi
    year: int
    numerator: int
    denominator: int
    value: Decimal | None
    target: Decimal | None = None
    deadline: date | None = None
    by_library: list[tuple[Library, int, int]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.kpi.code

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": str(self.kpi.name),
            "year": self.year,
            "unit": "percent" if self.kpi.percent else "per_capita",
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": float(self.value) if self.value is not None else None,
            "target": float(self.target) if self.target is not None else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }


def target_for(code: str, year: int) -> KpiTarget | None:
    """The target whose deadline is the first at or after the period's end, else the last."""
    targets = KpiTarget.objects.filter(kpi=code)
    ahead = targets.filter(deadline__gte=figures.period(year).last).order_by("deadline").first()
    return ahead or targets.order_by("-deadline").first()


def figure(
    kpi: Kpi, year: int, libs: list[Library] | None = None, population: int | None = None
) -> Figure:
    libs = libraries() if libs is None else libs
    numerators, denominators = kpi.compute(libs, figures.period(year))
    by_id = {lib.pk: lib for lib in libs}
    if kpi.percent:
        numerator, denominator = sum(numerators.values()), sum(denominators.values())
        rows = [(by_id[i], numerators.get(i, 0), d) for i, d in denominators.items()]
    else:
        numerator = sum(n for i, n in numerators.items() if i in by_id)
        denominator = province_population(year)[0] if population is None else population
        rows = [(by_id[i], n, 0) for i, n in numerators.items() if i in by_id]
    rows.sort(key=lambda row: row[0].code)
    target = target_for(kpi.code, year)
    return Figure(
        kpi,
        year,
        numerator,
        denominator,
        ratio(kpi, numerator, denominator),
        target.target if target else None,
        target.deadline if target else None,
        rows,
    )


def all_figures(year: int) -> list[Figure]:
    libs = libraries()
    population = province_population(year)[0]
    return [figure(kpi, year, libs, population) for kpi in KPIS.values()]


def history(kpi: Kpi, years: Iterable[int]) -> list[Figure]:
    libs = libraries()
    return [figure(kpi, year, libs) for year in years]


# --- breakdowns and drill-down --------------------------------------------------------------


@dataclass
class Share:
    key: str
    label: str
    numerator: int = 0
    denominator: int = 0
    value: Decimal | None = None


def commune_of(library: Library) -> AdministrativeUnit | None:
    return library.admin_unit


def breakdown(result: Figure, by: str) -> list[Share]:
    """The figure split by library type (``type``) or by commune (``commune``); per capita,
    a commune's share is divided by that commune's population for the year."""
    shares: dict[str, Share] = {}
    types = dict(LibraryType.choices)
    for library, numerator, denominator in result.by_library:
        if by == "type":
            key, label = library.library_type, str(types.get(library.library_type, ""))
        else:
            unit = commune_of(library)
            key = str(unit.pk) if unit else ""
            label = unit.name if unit else _("Chưa ghi đơn vị hành chính")
        share = shares.setdefault(key, Share(key, label))
        share.numerator += numerator
        share.denominator += denominator
    if not result.kpi.percent:
        if by == "commune":
            people = _populations([int(k) for k in shares if k], result.year)
            for share in shares.values():
                share.denominator = people.get(int(share.key), 0) if share.key else 0
        else:
            for share in shares.values():
                share.denominator = result.denominator
    for share in shares.values():
        share.value = ratio(result.kpi, share.numerator, share.denominator)
    return sorted(shares.values(), key=lambda s: (-(s.value or 0), s.label))


def _populations(unit_ids: list[int], year: int) -> dict[int, int]:
    found: dict[int, int] = {}
    rows = Population.objects.filter(unit_id__in=unit_ids, year__lte=year).order_by("year")
    for unit_id, population in rows.values_list("unit_id", "population"):
        found[unit_id] = population  # the latest year wins
    return found


def records_behind(kpi: Kpi, library: Library, year: int, limit: int = 100) -> list[str]:
    """What the library's numerator counted, one line each (the first ``limit``)."""
    period = figures.period(year)
    if kpi.records in ("digital-rare", "digital-thesis"):
        kinds = (
            [Collection.Kind.RARE, Collection.Kind.MANUSCRIPTS]
            if kpi.records == "digital-rare"
            else [Collection.Kind.THESES]
        )
        objects = DigitalObject.objects.filter(
            library=library,
            collection__kind__in=kinds,
            status=DigitalObject.Status.PUBLISHED,
            created_at__lt=period.end,
        ).order_by("identifier")
        return [f"{o.identifier} {o.title}" for o in objects[:limit]]
    if kpi.records == "participants":
        people: dict[str, str] = {}
        rows = (
            Participant.objects.filter(
                library=library, completed=True, course__ends_on__lte=period.last
            )
            .select_related("course")
            .order_by("name", "course__starts_on")
        )
        for p in rows:
            people.setdefault(p.person, f"{p.name}: {p.course.title} ({p.course.ends_on:%d/%m/%Y})")
        return list(people.values())[:limit]
    if kpi.records == "patrons":
        # Readers are people: the drill-down shows card numbers only, never names.
        _n, _d = readers([library], period)
        patrons = Patron.objects.filter(home_library=library, created_at__lt=period.end).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=period.first)
        )
        return [p.card_number for p in patrons.order_by("card_number")[:limit]]
    return []
