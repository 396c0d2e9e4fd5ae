"""The yearly statistical report's figures, counted from live data.

One function per section of the form. Each runs a few aggregate queries grouped by library
(``GROUP BY library_id``), so the same code fills one library's form (a scope of one id) and
the province report (every library at once, added up by type, level and unit in Python): a
province of 1,500 libraries costs the same dozen queries as one library.

The period of year YYYY runs from 1 December YYYY-1 to 30 November YYYY inclusive (TT 05/2020,
TT 16/2022); a school may report on the school year (1 September YYYY-1 to 31 August YYYY).
Times are compared at the boundaries of days in the site's time zone.

:func:`rows` gives the rows behind a figure (what was counted), for the drill-down pages.
Counted the TCVN 12843 (ISO 2789) way where the data allows; what the system cannot know
(on-site visits, on-site reading, events, staff, area, budget…) is in :data:`MANUAL`, entered
by the library.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thuvien.acquisitions.figures import FIGURES as ACQUIRED_BY_SOURCE
from thuvien.acquisitions.figures import acquired_by_source
from thuvien.catalogue.models import Item, Record
from thuvien.circulation.models import FEE_WAIVER, IllRequest, Loan, Patron, PostalLoan
from thuvien.digital import digitisation, heritage
from thuvien.digital.models import Collection, DigitalObject, Page
from thuvien.errors import InvalidInput
from thuvien.lifecycle.models import Transition
from thuvien.network.models import Library

Figures = dict[str, Any]
Scope = Iterable[int] | None  # library ids; None: every library
Row = dict[str, Any]


@dataclass(frozen=True)
class Period:
    """A reporting year: ``first`` and ``last`` day, both inclusive."""

    year: int
    first: date
    last: date

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after the period (an exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def __str__(self) -> str:
        return f"{self.first:%d/%m/%Y}–{self.last:%d/%m/%Y}"


def current_year(today: date | None = None) -> int:
    """The reporting year ``today`` falls in: December belongs to the next year."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month == 12 else today.year


MIN_YEAR, MAX_YEAR = 1900, 2100


def period(year: int, *, school_year: bool = False) -> Period:
    """Year YYYY: 1 Dec YYYY-1 … 30 Nov YYYY; or the school year 1 Sep YYYY-1 … 31 Aug YYYY."""
    if not MIN_YEAR <= year <= MAX_YEAR:  # year 0 was a 500 from the public API (issue 14)
        raise InvalidInput(
            gettext("Năm {year} không hợp lệ; hãy nhập năm dạng YYYY, ví dụ 2026.").format(
                year=year
            ),
            year=year,
        )
    if school_year:
        return Period(year, date(year - 1, 9, 1), date(year, 8, 31))
    return Period(year, date(year - 1, 12, 1), date(year, 11, 30))


# ISO 639-2 codes of Vietnam's ethnic-minority languages as MARC 008/35-37 writes them
# (Tày, Thái, Nùng are under "tai"; Bahnar, Ê Đê… under the Mon-Khmer and Chamic groups).
ETHNIC_LANGUAGES = frozenset({"hmn", "khm", "cmc", "tai", "mkh", "map"})
# ISO 2789 media: what ``Record.material_type`` says, grouped.
MEDIUM = {
    "computer-file": "electronic",
    "video": "audiovisual",
    "sound-recording": "audiovisual",
    "music-recording": "audiovisual",
}
# The DDC main class from the call number's first digit; anything else is "other".
DDC_CLASSES = "0123456789"
ILL_LENT = (
    IllRequest.State.SHIPPED,
    IllRequest.State.RECEIVED,
    IllRequest.State.LENT,
    IllRequest.State.RETURNED,
    IllRequest.State.SENT_BACK,
    IllRequest.State.CLOSED,
)
POSTAL_SENT = (
    PostalLoan.State.DISPATCHED,
    PostalLoan.State.DELIVERED,
    PostalLoan.State.RETURNING,
    PostalLoan.State.RECEIVED,
)

# Figures the system cannot count: the library enters them (key → label).
MANUAL: dict[str, Any] = {
    "visits_on_site": _("Lượt bạn đọc đến thư viện"),
    "loans_on_site": _("Lượt đọc tại chỗ"),
    "reading_events": _("Số hoạt động phát triển văn hoá đọc"),
    "mobile_trips": _("Số chuyến thư viện lưu động"),
    "local_studies_copies": _("Bản tài liệu địa chí (in)"),
    "rare_held": _("Tài liệu quý hiếm, cổ đang lưu giữ"),
    "endogenous_held": _("Tài liệu nội sinh đang lưu giữ"),
    "staff_total": _("Tổng số người làm công tác thư viện"),
    "staff_postgraduate": _("Người làm thư viện có trình độ sau đại học"),
    "staff_graduate": _("Người làm thư viện có trình độ đại học"),
    "staff_library_trained": _("Người có chuyên môn thư viện"),
    "staff_trained_digital": _("Người được bồi dưỡng kỹ năng số trong năm"),
    "floor_area_m2": _("Diện tích (m²)"),
    "seats": _("Số chỗ ngồi đọc"),
    "opening_hours_week": _("Số giờ mở cửa mỗi tuần"),
    "computers_for_readers": _("Máy tính phục vụ bạn đọc"),
    "has_internet": _("Có kết nối Internet (1: có, 0: không)"),
    "has_rfid": _("Có RFID / tự mượn trả (1: có, 0: không)"),
    "has_website": _("Có trang thông tin điện tử (1: có, 0: không)"),
    "online_services": _("Số dịch vụ trực tuyến"),
    "budget_acquisitions": _("Kinh phí bổ sung tài liệu (nghìn đồng)"),
    "budget_it": _("Kinh phí công nghệ thông tin, số hoá (nghìn đồng)"),
    "budget_total": _("Tổng kinh phí hoạt động (nghìn đồng)"),
    "revenue": _("Nguồn thu dịch vụ (nghìn đồng)"),
}
# Said in every report, so no one reads a missing count as zero.
NOT_TRACKED = _(
    "Thuvien không ghi lượt đến thư viện, lượt đọc tại chỗ và hoạt động văn hoá đọc: thư viện "
    "tự nhập các số này; lượt truy cập trực tuyến là lượt xem tài liệu số của thư viện."
)


def _scoped(qs: QuerySet[Any], scope: Scope, field: str = "library_id") -> QuerySet[Any]:
    if scope is None:
        return qs
    return qs.filter(**{f"{field}__in": list(scope)})


def _per_library(qs: QuerySet[Any], field: str = "library_id", **sums: Any) -> dict[Any, Row]:
    """``{library_id: {name: value}}`` from one grouped query (``n`` is the row count)."""
    aggregates = sums or {"n": Count("pk")}
    out: dict[Any, Row] = {}
    for row in qs.order_by().values(field).annotate(**aggregates):
        out[row[field]] = {name: row[name] or 0 for name in aggregates}
    return out


def _per_library_by(qs: QuerySet[Any], group: str, field: str = "library_id") -> dict[int, Row]:
    """``{library_id: {group value: count}}``."""
    out: dict[int, Row] = defaultdict(dict)
    for row in qs.order_by().values(field, group).annotate(n=Count("pk")):
        out[row[field]][row[group] or ""] = row["n"]
    return out


def _merge(target: dict[int, Figures], key: str, values: dict[int, Any]) -> None:
    for library_id, value in values.items():
        target[library_id][key] = value


# --- the querysets behind each figure (the drill-down shows these rows) ------------------------


def _records(p: Period) -> QuerySet[Record]:
    return Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC, created_at__lt=p.end)


def _copies(p: Period) -> QuerySet[Item]:
    # A copy withdrawn after the period was still held at its end. The withdrawal date is the
    # copy's last change (catalogue keeps no separate date), a close bound.
    return Item.objects.filter(created_at__lt=p.end).exclude(
        status=Item.Status.WITHDRAWN, updated_at__lt=p.end
    )


def _acquired(p: Period) -> QuerySet[Item]:
    return Item.objects.filter(created_at__gte=p.start, created_at__lt=p.end)


def _weeded(p: Period) -> QuerySet[Item]:
    return Item.objects.filter(
        status=Item.Status.WITHDRAWN, updated_at__gte=p.start, updated_at__lt=p.end
    )


def _readers(p: Period) -> QuerySet[Patron]:
    # Registered: a card issued before the period ends and not expired before it began.
    return Patron.objects.filter(created_at__lt=p.end).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=p.first)
    )


def _new_readers(p: Period) -> QuerySet[Patron]:
    return Patron.objects.filter(created_at__gte=p.start, created_at__lt=p.end)


def _loans(p: Period) -> QuerySet[Loan]:
    return Loan.objects.filter(checked_out_at__gte=p.start, checked_out_at__lt=p.end)


def _renewals(p: Period) -> QuerySet[Transition]:
    return Transition.objects.filter(machine="loan", action="renew", at__gte=p.start, at__lt=p.end)


def _ill(p: Period) -> QuerySet[IllRequest]:
    return IllRequest.objects.filter(
        created_at__gte=p.start, created_at__lt=p.end, state__in=ILL_LENT
    )


def _postal(p: Period) -> QuerySet[PostalLoan]:
    return PostalLoan.objects.filter(
        created_at__gte=p.start, created_at__lt=p.end, state__in=POSTAL_SENT
    )


def _digital(p: Period) -> QuerySet[DigitalObject]:
    return DigitalObject.objects.filter(created_at__lt=p.end).exclude(
        status=DigitalObject.Status.WITHDRAWN
    )


def _pages(p: Period) -> QuerySet[Page]:
    return Page.objects.filter(digital_object__in=_digital(p).values("pk"))


# --- sections ----------------------------------------------------------------------------------


def collection(p: Period, scope: Scope, out: dict[int, Figures]) -> None:
    """Titles and copies: held at the end, by type, language, class, medium; acquired; weeded."""
    _titles(p, scope, out)
    copies = _scoped(_copies(p), scope)
    _merge(out, "copies", {k: v["n"] for k, v in _per_library(copies).items()})
    # One pass over the year's copies: count and value by source, added up per library.
    acquired = _scoped(_acquired(p), scope)
    by_source: dict[int, Row] = defaultdict(dict)
    value: dict[int, int] = defaultdict(int)
    rows = (
        acquired.order_by()
        .values("library_id", "acquisition_source")
        .annotate(n=Count("pk"), value=Sum("price"))
    )
    for row in rows:
        by_source[row["library_id"]][row["acquisition_source"] or ""] = row["n"]
        value[row["library_id"]] += int(row["value"] or 0)
    _merge(out, "copies_acquired", {k: sum(v.values()) for k, v in by_source.items()})
    _merge(out, "acquisitions_by_source", by_source)
    _merge(out, "acquisitions_value", value)
    # By source as the registers say (purchase, donation, legal deposit, exchange).
    registered = acquired_by_source(p.first, p.last, scope)
    for key in ACQUIRED_BY_SOURCE.values():
        _merge(out, key, {k: v.get(key, 0) for k, v in registered.items()})
    _merge(
        out,
        "copies_weeded",
        {k: v["n"] for k, v in _per_library(_scoped(_weeded(p), scope)).items()},
    )


def _titles(p: Period, scope: Scope, out: dict[int, Figures]) -> None:
    """Every breakdown of the titles from one grouped pass over the records (the largest
    table read): by material type, medium, language and DDC main class."""
    records = _scoped(_records(p), scope).annotate(ddc=Substr("call_number", 1, 1))
    keys = ("titles_by_material_type", "titles_by_medium", "titles_by_language", "titles_by_class")
    found: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: {key: defaultdict(int) for key in keys}
    )
    rows = (
        records.order_by()
        .values("library_id", "material_type", "language", "ddc")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        one, n = found[row["library_id"]], row["n"]
        kind, ddc = row["material_type"] or "", row["ddc"] or ""
        one["titles_by_material_type"][kind] += n
        one["titles_by_medium"][MEDIUM.get(kind, "print")] += n
        one["titles_by_language"][row["language"] or ""] += n
        one["titles_by_class"][ddc if ddc and ddc in DDC_CLASSES else "other"] += n
    for library_id, one in found.items():
        target = out[library_id]
        for key in keys:
            target[key] = dict(one[key])
        by_type, languages = one["titles_by_material_type"], one["titles_by_language"]
        target["titles"] = sum(by_type.values())
        target["periodical_titles"] = by_type.get("serial", 0)
        target["ethnic_language_titles"] = sum(
            n for lang, n in languages.items() if lang in ETHNIC_LANGUAGES
        )


def readers(p: Period, scope: Scope, out: dict[int, Figures]) -> None:
    """Readers registered and new, by group; the fee-waiver groups added up."""
    registered = _scoped(_readers(p), scope, "home_library_id")
    by_group = _per_library_by(registered, "category", "home_library_id")
    _merge(out, "readers_registered", {k: sum(v.values()) for k, v in by_group.items()})
    _merge(out, "readers_by_group", by_group)
    _merge(
        out,
        "readers_fee_waiver",
        {k: sum(n for c, n in v.items() if c in FEE_WAIVER) for k, v in by_group.items()},
    )
    new = _scoped(_new_readers(p), scope, "home_library_id")
    _merge(out, "readers_new", {k: v["n"] for k, v in _per_library(new, "home_library_id").items()})


def use(p: Period, scope: Scope, out: dict[int, Figures], codes: dict[str, int]) -> None:
    """Loans (home, by reader group), renewals, inter-library and postal loans."""
    loans = _scoped(_loans(p), scope)
    by_group = _per_library_by(loans, "patron_category")
    _merge(out, "loans", {k: sum(v.values()) for k, v in by_group.items()})
    _merge(out, "loans_by_group", by_group)
    renewals = _renewals(p)
    if scope is not None:
        renewals = renewals.filter(library_code__in=list(codes))
    per_code = _per_library(renewals, "library_code")
    _merge(out, "renewals", {codes[c]: v["n"] for c, v in per_code.items() if c in codes})
    ill = _scoped(_ill(p), scope, "lending_library_id")
    _merge(
        out, "ill_loans", {k: v["n"] for k, v in _per_library(ill, "lending_library_id").items()}
    )
    borrowed = _scoped(_ill(p), scope, "home_library_id")
    _merge(
        out,
        "ill_borrowed",
        {k: v["n"] for k, v in _per_library(borrowed, "home_library_id").items()},
    )
    postal = _scoped(_postal(p), scope)
    _merge(out, "postal_loans", {k: v["n"] for k, v in _per_library(postal).items()})


def digital(p: Period, scope: Scope, out: dict[int, Figures]) -> None:
    """Digital objects, pages and gigabytes; rare/ancient and endogenous documents digitised."""
    objects = _scoped(_digital(p), scope)
    _merge(out, "digital_objects", {k: v["n"] for k, v in _per_library(objects).items()})
    pages = _per_library(
        _scoped(_pages(p), scope, "digital_object__library_id"),
        "digital_object__library_id",
        n=Count("pk"),
        size=Sum("size"),
    )
    _merge(out, "digitised_pages", {k: v["n"] for k, v in pages.items()})
    _merge(out, "digital_gb", {k: round(v["size"] / 1e9, 3) for k, v in pages.items()})
    kinds = _per_library_by(objects, "collection__kind")
    rare = (Collection.Kind.RARE, Collection.Kind.MANUSCRIPTS)
    _merge(out, "rare_digitised", {k: sum(v.get(c, 0) for c in rare) for k, v in kinds.items()})
    _merge(
        out,
        "endogenous_digitised",
        {k: v.get(Collection.Kind.THESES, 0) for k, v in kinds.items()},
    )
    _merge(
        out,
        "local_studies_digitised",
        {k: v.get(Collection.Kind.LOCAL_STUDIES, 0) for k, v in kinds.items()},
    )
    # Heritage holdings flagged and digitised (digital.heritage), and what the digitisation
    # queue published in the period (digital.digitisation).
    flagged = heritage.by_library(scope, until=p.end)
    _merge(out, "heritage_held", {k: held for k, (held, _d) in flagged.items()})
    _merge(out, "heritage_digitised", {k: done for k, (_h, done) in flagged.items()})
    queued = digitisation.figures(p.start, p.end, scope)
    _merge(out, "queue_published", {k: o.items for k, o in queued.items()})
    _merge(out, "queue_pages", {k: o.pages for k, o in queued.items()})
    _merge(out, "queue_gb", {k: o.gigabytes for k, o in queued.items()})
    from thuvien.digital.models import AccessLog

    online = AccessLog.objects.filter(at__gte=p.start, at__lt=p.end)
    online = _scoped(online, scope, "digital_object__library_id")
    _merge(
        out,
        "visits_online",
        {k: v["n"] for k, v in _per_library(online, "digital_object__library_id").items()},
    )


# Every counted figure and its zero (a library with no rows still shows 0, not a gap).
COUNTED: dict[str, Any] = {
    "titles": 0,
    "titles_by_material_type": {},
    "titles_by_medium": {},
    "titles_by_language": {},
    "titles_by_class": {},
    "periodical_titles": 0,
    "ethnic_language_titles": 0,
    "copies": 0,
    "copies_acquired": 0,
    "acquired_purchase": 0,
    "acquired_donation": 0,
    "acquired_legal_deposit": 0,
    "acquired_exchange": 0,
    "acquisitions_by_source": {},
    "acquisitions_value": 0,
    "copies_weeded": 0,
    "readers_registered": 0,
    "readers_new": 0,
    "readers_by_group": {},
    "readers_fee_waiver": 0,
    "loans": 0,
    "loans_by_group": {},
    "renewals": 0,
    "ill_loans": 0,
    "ill_borrowed": 0,
    "postal_loans": 0,
    "digital_objects": 0,
    "digitised_pages": 0,
    "digital_gb": 0,
    "rare_digitised": 0,
    "endogenous_digitised": 0,
    "local_studies_digitised": 0,
    "heritage_held": 0,
    "heritage_digitised": 0,
    "queue_published": 0,
    "queue_pages": 0,
    "queue_gb": 0,
    "visits_online": 0,
}
# Plain numbers (the rest are breakdowns): what is added up and compared year to year.
NUMBERS = [key for key, zero in COUNTED.items() if not isinstance(zero, dict)]


def by_library(p: Period, libraries: Iterable[Library] | None = None) -> dict[int, Figures]:
    """Every counted figure of each library (all libraries when ``libraries`` is None)."""
    if libraries is None:
        codes = dict(Library.objects.values_list("code", "pk"))
        scope: list[int] | None = None
    else:
        codes = {lib.code: lib.pk for lib in libraries}
        scope = list(codes.values())
    out: dict[int, Figures] = defaultdict(_zeros)
    for library_id in codes.values():
        out[library_id] = _zeros()
    collection(p, scope, out)
    readers(p, scope, out)
    use(p, scope, out, codes)
    digital(p, scope, out)
    return dict(out)


def _zeros() -> Figures:
    return {key: (dict(zero) if isinstance(zero, dict) else zero) for key, zero in COUNTED.items()}


def for_library(library: Library, p: Period) -> Figures:
    """One library's counted figures for the period."""
    return by_library(p, [library])[library.pk]


def add_up(figures: Iterable[Figures]) -> Figures:
    """The sum of several libraries' figures (breakdowns added key by key)."""
    total = _zeros()
    for one in figures:
        for key, value in one.items():
            if key not in total:
                # A typed figure (staff, seats, budget) of a form that was sent: added up too.
                if key in MANUAL and isinstance(value, (int, float)):
                    total[key] = total.get(key, 0) + value
                continue
            if isinstance(value, dict):
                for k, n in value.items():
                    total[key][k] = total[key].get(k, 0) + n
            elif value is not None:
                total[key] = total[key] + value
    total["digital_gb"] = round(total["digital_gb"], 3)
    total["queue_gb"] = round(total["queue_gb"], 3)
    return total


# --- drill-down ----------------------------------------------------------------------------------

# figure → (queryset of the rows counted, the field naming the library, columns to show)
_ROWS: dict[str, tuple[Callable[[Period], QuerySet[Any]], str, tuple[str, ...]]] = {
    "titles": (_records, "library_id", ("id", "title", "material_type", "language", "call_number")),
    "periodical_titles": (
        lambda p: _records(p).filter(material_type="serial"),
        "library_id",
        ("id", "title", "issn"),
    ),
    "ethnic_language_titles": (
        lambda p: _records(p).filter(language__in=ETHNIC_LANGUAGES),
        "library_id",
        ("id", "title", "language"),
    ),
    "copies": (_copies, "library_id", ("id", "barcode", "accession_number", "status")),
    "copies_acquired": (
        _acquired,
        "library_id",
        ("id", "barcode", "accession_number", "acquisition_source", "price", "created_at"),
    ),
    "copies_weeded": (_weeded, "library_id", ("id", "barcode", "accession_number", "updated_at")),
    # Readers are shown by card number and group only: the drill-down is for staff, but the
    # count does not need names.
    "readers_registered": (_readers, "home_library_id", ("id", "card_number", "category")),
    "readers_new": (
        _new_readers,
        "home_library_id",
        ("id", "card_number", "category", "created_at"),
    ),
    "loans": (_loans, "library_id", ("id", "item_id", "patron_category", "checked_out_at")),
    "ill_loans": (_ill, "lending_library_id", ("id", "record_id", "state", "created_at")),
    "postal_loans": (_postal, "library_id", ("id", "item_id", "state", "created_at")),
    "digital_objects": (_digital, "library_id", ("id", "identifier", "title", "status")),
}


def drillable() -> list[str]:
    return [*_ROWS, "renewals"]


def rows(key: str, library: Library, p: Period) -> QuerySet[Any]:
    """The rows counted for ``key`` in ``library``'s figure, as dicts of a few columns, in a
    stable order for paging. KeyError for a figure that has no rows to show."""
    if key == "renewals":
        return (
            _renewals(p)
            .filter(library_code=library.code)
            .order_by("at", "id")
            .values("id", "object_id", "at", "actor_label")
        )
    build, field, columns = _ROWS[key]
    return build(p).filter(**{field: library.pk}).order_by("pk").values(*columns)
