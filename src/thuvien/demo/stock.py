"""A school library keeps its collection the regulated way: it checks in this month's issue of
a periodical, counts its open stack and finds a copy missing (the count stays open for a
visitor to close, deciding whether to mark it lost), and withdraws two worn copies of an old
textbook by a decision (quyết định thanh lý) with its number and date.

Everything goes through the services a librarian's clicks call; nothing is added twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library
from thuvien.serials import services as serials
from thuvien.serials.models import Subscription
from thuvien.stock import stocktake, weeding
from thuvien.stock.models import StockTake, WeedingList

SCHOOL = "VN-CM0006"  # Thư viện Trường Tiểu học Đất Mũi (demo.network)
STACK = "Kho mở"
DECISION = "05/QĐ-TV"
COUNT_NAME = "Kiểm kê kho mở"
WEEDING_NAME = "Thanh lọc sách giáo khoa cũ"


def _record(library: Library, actor: str, title: str, year: int, control: str) -> Record:
    found = Record.objects.filter(library=library, control_number=control).first()
    if found is not None:
        return found
    marc = MarcRecord(
        "00000nam a2200000 a 4500",
        [
            ["001", control],
            ["008", f"{year % 100:02d}0101s{year}    vm            000 0 vie d"],
            ["245", "1", "0", [["a", title]]],
        ],
    )
    return catalogue.create_record(actor, library, marc)


def _copies(actor: str, record: Record, prefix: str, count: int) -> list[Item]:
    have = {item.barcode: item for item in record.items.all()}
    return [
        have.get(f"{prefix}{n}")
        or catalogue.add_item(
            actor, record, barcode=f"{prefix}{n}", accession_number=f"{prefix}{n}", location=STACK
        )
        for n in range(1, count + 1)
    ]


def load(libraries: dict[str, Library], actor: str) -> tuple[list[str], str]:
    school = libraries.get(SCHOOL)
    if school is None:
        return [], _("chưa có thư viện trường học mẫu")
    made: list[str] = []
    today = timezone.localdate()
    with transaction.atomic():
        magazine = _record(school, actor, "Tạp chí Văn học và Tuổi trẻ", today.year, "DEMO-TC-1")
        if not Subscription.objects.filter(library=school, record=magazine).exists():
            sub = serials.subscribe(
                actor,
                magazine,
                school,
                frequency="monthly",
                starts_on=dt.date(today.year, today.month, 1),
                supplier="Bưu điện Cà Mau",
            )
            serials.check_in(actor, sub.issues.get(number=1), on=today)
            made.append(_("1 ấn phẩm định kỳ"))
        books = _record(school, actor, "Truyện cổ tích Việt Nam", 2015, "DEMO-KK-1")
        shelf = _copies(actor, books, "TH-KK-", 5)
        if not StockTake.objects.filter(library=school, name=COUNT_NAME).exists():
            take = stocktake.open_stock_take(actor, school, name=COUNT_NAME, locations=[STACK])
            stocktake.record_scans(
                actor,
                take,
                [
                    {"id": f"demo-{i.barcode}", "barcode": i.barcode, "location": STACK}
                    for i in shelf[:4]
                ],
            )
            made.append(_("1 đợt kiểm kê"))
        old = _record(school, actor, "Tiếng Việt lớp 3 (sách giáo khoa cũ)", 1998, "DEMO-TL-1")
        _copies(actor, old, "TH-TL-", 2)
        if not WeedingList.objects.filter(library=school, name=WEEDING_NAME).exists():
            listing = weeding.propose(actor, school, name=WEEDING_NAME, published_before=2000)
            # Only the worn textbook goes; any other old title the school holds stays.
            others = listing.candidates.exclude(item__record=old).values_list("item_id", flat=True)
            weeding.review(actor, listing, list(others))
            weeding.decide(actor, listing, number=DECISION, date=today)
            made.append(_("1 quyết định thanh lý"))
    take = StockTake.objects.get(library=school, name=COUNT_NAME)
    missing = stocktake.findings(take).missing_count
    withdrawn = Item.objects.filter(record=old, status=Item.Status.WITHDRAWN).count()
    return made, _(
        "{library}: nhận số 1 tạp chí, kiểm kê thiếu {missing} bản, thanh lý {withdrawn} bản "
        "theo quyết định {decision} (mới {new})"
    ).format(library=SCHOOL, missing=missing, withdrawn=withdrawn, decision=DECISION, new=len(made))
