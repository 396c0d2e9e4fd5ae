"""The general register (sổ đăng ký tổng quát) and the individual register (sổ đăng ký cá
biệt), as rows, PDF in the customary landscape layouts and XLSX.

Withdrawals are written against the individual register's lines. Which copies were withdrawn,
when and by which decision is the weeding's business (the ``stock`` app, above this one): it
sets :data:`WITHDRAWALS` in its ``AppConfig.ready()``. The default knows only the copies whose
status is withdrawn, dated by their last change, without a decision number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.acquisitions.models import Accession, Receipt, Source
from thuvien.catalogue.models import Item
from thuvien.network.models import Library

Withdrawals = Callable[[Sequence[int]], dict[int, tuple[dt.date, str]]]


def withdrawn_items(item_ids: Sequence[int]) -> dict[int, tuple[dt.date, str]]:
    """Item id → (date, decision number) for the withdrawn ones among ``item_ids``."""
    rows = Item.objects.filter(pk__in=item_ids, status=Item.Status.WITHDRAWN).values_list(
        "pk", "updated_at"
    )
    return {pk: (timezone.localtime(at).date(), "") for pk, at in rows}


# Replaced by the weeding (stock) at start-up; read at call time, never imported by value.
WITHDRAWALS: Withdrawals = withdrawn_items


# --- the general register --------------------------------------------------------------------


@dataclass
class GeneralLine:
    number: int
    received_on: dt.date
    source: str
    provider: str
    document: str
    titles: int = 0
    copies: int = 0
    books: int = 0
    serials: int = 0
    other: int = 0
    vietnamese: int = 0
    foreign: int = 0
    value: Decimal = Decimal(0)
    first: str = ""
    last: str = ""
    note: str = ""
    pk: int = field(default=0, repr=False)  # the receipt, for the page's cancel button


def general(library: Library, first: dt.date, last: dt.date) -> list[GeneralLine]:
    """One line per receipt taken in between ``first`` and ``last`` (inclusive)."""
    receipts = Receipt.objects.filter(
        library=library, received_on__gte=first, received_on__lte=last
    ).order_by("number")
    lines = {
        r.pk: GeneralLine(
            r.number,
            r.received_on,
            str(Source(r.source).label),
            r.provider,
            r.document,
            note=_("Đã huỷ: {reason}").format(reason=r.cancelled_reason)
            if r.cancelled_reason
            else "",
            pk=r.pk,
        )
        for r in receipts
    }
    accessions = Accession.objects.filter(receipt_id__in=list(lines)).order_by()
    for span in accessions.values("receipt_id").annotate(
        titles=Count("record_id", distinct=True), first=Min("code"), last=Max("code")
    ):
        line = lines[span["receipt_id"]]
        line.titles, line.first, line.last = span["titles"], span["first"], span["last"]
    kinds = accessions.values("receipt_id", "record__material_type", "record__language").annotate(
        n=Count("pk"), value=Sum("price")
    )
    for row in kinds:
        line = lines[row["receipt_id"]]
        n = row["n"]
        line.copies += n
        line.value += row["value"] or 0
        kind = row["record__material_type"]
        if kind == "book":
            line.books += n
        elif kind == "serial":
            line.serials += n
        else:
            line.other += n
        if row["record__language"] in ("", "vie"):
            line.vietnamese += n
        else:
            line.foreign += n
    return list(lines.values())


GENERAL_HEADINGS = [
    "Số TT",
    "Ngày vào sổ",
    "Nguồn",
    "Nơi giao / người tặng",
    "Số chứng từ",
    "Số tên",
    "Số bản",
    "Sách",
    "Báo, tạp chí",
    "Khác",
    "Tiếng Việt",
    "Ngoại văn",
    "Thành tiền (đồng)",
    "Số ĐKCB từ",
    "đến",
    "Ghi chú",
]


def general_cells(line: GeneralLine) -> list[Any]:
    return [
        line.number,
        line.received_on,
        line.source,
        line.provider,
        line.document,
        line.titles,
        line.copies,
        line.books,
        line.serials,
        line.other,
        line.vietnamese,
        line.foreign,
        int(line.value),
        line.first,
        line.last,
        line.note,
    ]


# --- the individual register -----------------------------------------------------------------

INDIVIDUAL_HEADINGS = [
    "Ngày vào sổ",
    "Số ĐKCB",
    "Tên tài liệu, tác giả",
    "Nơi xuất bản, nhà xuất bản, năm",
    "Giá tiền",
    "Môn loại",
    "Số vào sổ tổng quát",
    "Ngày, số quyết định xuất",
    "Ghi chú",
]
_FIELDS = (
    "registered_on",
    "code",
    "item_id",
    "price",
    "void_reason",
    "receipt__number",
    "record__title",
    "record__authors",
    "record__place",
    "record__publisher",
    "record__year",
    "record__call_number",
)


@dataclass
class IndividualLine:
    registered_on: dt.date
    code: str
    title: str
    publication: str
    price: Decimal | None
    call_number: str
    receipt: int | None
    withdrawn: str = ""
    note: str = ""
    item_id: int | None = field(default=None, repr=False)


def rows_of(
    library: Library, first: dt.date | None = None, last: dt.date | None = None
) -> QuerySet[Accession, dict[str, Any]]:
    """The individual register's rows as plain values, in series and number order."""
    qs = Accession.objects.filter(library=library)
    if first is not None:
        qs = qs.filter(registered_on__gte=first)
    if last is not None:
        qs = qs.filter(registered_on__lte=last)
    rows: QuerySet[Accession, dict[str, Any]] = qs.order_by("series__code", "number").values(
        "series__code", "number", *_FIELDS
    )
    return rows


def lines_of(rows: list[dict[str, Any]]) -> list[IndividualLine]:
    """Rows of :func:`rows_of` as register lines, their withdrawals asked in one call."""
    withdrawals = WITHDRAWALS([r["item_id"] for r in rows if r["item_id"]])
    lines = []
    for r in rows:
        author = (r["record__authors"] or "").split(" ; ")[0]
        title = r["record__title"] or ""
        gone = withdrawals.get(r["item_id"]) if r["item_id"] else None
        publication = (r["record__place"], r["record__publisher"], r["record__year"])
        lines.append(
            IndividualLine(
                registered_on=r["registered_on"],
                code=r["code"],
                title=f"{title} / {author}" if author else title,
                publication=", ".join(str(p) for p in publication if p),
                price=r["price"],
                call_number=r["record__call_number"] or "",
                receipt=r["receipt__number"],
                withdrawn=" ".join(p for p in (gone[0].strftime("%d/%m/%Y"), gone[1]) if p)
                if gone
                else "",
                note=r["void_reason"],
                item_id=r["item_id"],
            )
        )
    return lines


def individual(
    library: Library,
    first: dt.date | None = None,
    last: dt.date | None = None,
    *,
    chunk: int = 5000,
) -> Iterator[IndividualLine]:
    """The individual register's lines, read ``chunk`` at a time (a register of 100,000
    lines never sits in memory as model objects)."""
    ordered = rows_of(library, first, last)
    # Keyset paging on (series code, number): the order the register is printed in.
    position: tuple[str, int] | None = None
    while True:
        page = ordered
        if position is not None:
            code, number = position
            page = page.filter(Q(series__code__gt=code) | Q(series__code=code, number__gt=number))
        rows = list(page[:chunk])
        if not rows:
            return
        position = (rows[-1]["series__code"], rows[-1]["number"])
        yield from lines_of(rows)


def individual_cells(line: IndividualLine) -> list[Any]:
    return [
        line.registered_on,
        line.code,
        line.title,
        line.publication,
        int(line.price) if line.price is not None else None,
        line.call_number,
        line.receipt,
        line.withdrawn,
        line.note,
    ]
