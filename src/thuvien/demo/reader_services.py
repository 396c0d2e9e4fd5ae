"""The reader services in mid-course, so a visitor signed in as the first demo reader
(CM-0001, PIN 271828) sees each journey's state and a clerk at the provincial library has
something to move on: a hold trapped on the hold shelf, a loan by post in transit with its
tracking number, a copy request waiting for approval and one delivered as a stamped PDF.

Everything goes through the services a clerk's clicks call, so the audit log, the copies'
states and the loans are what the real journeys leave. Nothing is added twice.
"""

from __future__ import annotations

import io

from django.db import transaction
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from thuvien.catalogue.models import Item, Record
from thuvien.circulation import requests, services
from thuvien.circulation.models import CopyRequest, Hold, Patron, PostalLoan
from thuvien.network.models import Library

READER = "CM-0001"  # the reader a visitor signs in as (see demo.circulation)
LENDER = "CM-0005"  # had the held copy out, brings it back
ADDRESS = "Số 12 đường Phan Ngọc Hiển, phường An Xuyên, Cà Mau"
TRACKING = "EB123456785VN"  # the form of a VNPost parcel number
PAGES_WAITING = "12-30"
PAGES_DELIVERED = "1-4"


def _single_copy_records(library: Library, count: int) -> list[Record]:
    """Titles of ``library`` with exactly one copy, free now: the demo's journeys each use one."""
    found: list[Record] = []
    for record in Record.objects.filter(library=library).order_by("id").iterator():
        items = list(record.items.all()[:2])
        if len(items) == 1 and items[0].status == Item.Status.AVAILABLE and items[0].barcode:
            found.append(record)
            if len(found) == count:
                break
    return found


def _scan(pages: int) -> bytes:
    """What a scanner would send: blank A4 pages (the stamp is what the reader should see)."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def load(library: Library, actor: str) -> tuple[list[str], str]:
    reader = Patron.objects.filter(home_library=library, card_number=READER).first()
    lender = Patron.objects.filter(home_library=library, card_number=LENDER).first()
    if reader is None or lender is None:
        return [], _("chưa có bạn đọc mẫu")
    made = 0
    found: list[Record | None] = [*_single_copy_records(library, 3), None, None, None]
    held, posted, copied = found[:3]
    with transaction.atomic():
        if held is not None and not Hold.objects.filter(patron=reader).exists():
            item = held.items.get()
            services.checkout(actor, library, lender, item.barcode or "")
            services.place_hold(actor, reader, held, library)
            services.checkin(actor, library, item.barcode or "")  # trapped for the reader
            made += 1
        if posted is not None and not PostalLoan.objects.filter(patron=reader).exists():
            postal = requests.request_postal_of(actor, reader, posted, ADDRESS)
            requests.advance(actor, postal, "dispatch", tracking=TRACKING, postage="22000")
            made += 1
        if copied is not None and not CopyRequest.objects.filter(patron=reader).exists():
            done = requests.request_copy(actor, reader, copied, PAGES_DELIVERED)
            requests.advance(actor, done, "approve", note=_("Dưới 10% tài liệu"))
            requests.deliver_copy(actor, done, _scan(2))
            requests.request_copy(actor, reader, copied, PAGES_WAITING)
            made += 1
    added = [_("{count} dịch vụ bạn đọc").format(count=made)] if made else []
    return added, _(
        "thẻ {card}: sách giữ chờ nhận, mượn qua bưu điện đang gửi (vận đơn {tracking}), "
        "bản sao chờ duyệt và bản sao PDF đã giao (mới {new})"
    ).format(card=READER, tracking=TRACKING, new=made)
