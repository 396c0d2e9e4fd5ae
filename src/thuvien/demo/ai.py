"""The suggesters in the demo: a reading club whose loans make the portal's "readers who
borrowed this also borrowed", then both suggesters trained on the demo's own records, so a
cataloguer who opens a Vietnamese record (or saves a new one) sees DDC classes and subjects
suggested, and a record page shows recommendations.

The club's six readers chose to keep their loan history (only such loans, and current ones,
can count: a pair needs five distinct readers). Loans go through the desk's services.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from thuvien.ai import cataloguing, recommending
from thuvien.catalogue.models import Item, Record
from thuvien.circulation import patrons, services
from thuvien.circulation.models import Hold, Patron
from thuvien.network.models import Library

CLUB = [f"CLB-{n:02d}" for n in range(1, 7)]
CLUB_PIN = "314159"
TITLES = 3  # the club reads the same three Vietnamese novels


def _club_titles(library: Library) -> list[Item]:
    """One free copy of each of the first Vietnamese literature titles (DDC 895.922…) of the
    library that nobody holds, so the demo's hold shelf is not disturbed."""
    found: list[Item] = []
    held = Hold.objects.values("record_id")
    records = (
        Record.objects.filter(library=library, classification__icontains="895.922")
        .exclude(pk__in=held)
        .order_by("id")
    )
    for record in records.iterator():
        item = (
            record.items.filter(status=Item.Status.AVAILABLE).exclude(barcode="").order_by("id")
        ).first()
        if item is not None:
            found.append(item)
            if len(found) == TITLES:
                break
    return found


def _club(library: Library, actor: str) -> int:
    """The club's readers and their loans, once; returns the loans made."""
    if Patron.objects.filter(home_library=library, card_number=CLUB[0]).exists():
        return 0
    items = _club_titles(library)
    made = 0
    with transaction.atomic():
        for n, card in enumerate(CLUB, start=1):
            patrons.register(
                actor,
                library,
                card_number=card,
                full_name=_("Thành viên câu lạc bộ đọc sách {n}").format(n=n),
                pin=CLUB_PIN,
                keep_history=True,
                expires_on=date(date.today().year + 2, 12, 31),
            )
        for card in CLUB:
            for item in items:
                barcode = item.barcode or ""  # only copies with a barcode were chosen
                services.checkout(actor, library, card, barcode)
                services.checkin(actor, library, barcode)
                made += 1
    return made


def load(library: Library, actor: str) -> tuple[list[str], str]:
    loans = _club(library, actor)
    trained = cataloguing.train()
    together = recommending.train()
    ddc = trained["families"]["ddc"]["held_out"]
    subject = trained["families"]["subject"]["held_out"]
    added = [_("{count} lượt mượn của câu lạc bộ đọc sách").format(count=loans)] if loans else []
    return added, _(
        "học từ {records} biểu ghi; DDC đúng ở vị trí 1 {ddc:.0%} (chuẩn {ddc_base:.0%}), "
        "chủ đề {subject:.0%} (chuẩn {subject_base:.0%}); {together} sách có gợi ý mượn cùng"
    ).format(
        records=trained["records"],
        ddc=ddc["precision_at_1"],
        ddc_base=ddc["baseline_precision_at_1"],
        subject=subject["precision_at_1"],
        subject_base=subject["baseline_precision_at_1"],
        together=together["records"],
    )
