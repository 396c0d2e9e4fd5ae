"""Requests beyond the desk: inter-library loans, loans by post, remote copies.

Each is a state machine (:mod:`.machines`); :func:`advance` is the one entry point that
moves any of them, after checking that the acting library is the one whose move it is
(for an inter-library loan the lending library approves and ships, the reader's home library
receives, lends and sends back). A postal loan is a real loan: dispatching it lends the copy
and receiving it back returns it, so the copy's status and the search index follow.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import watermark
from thuvien.catalogue.models import Item, Record
from thuvien.circulation import machines, patrons, services
from thuvien.circulation.models import FEE_WAIVER, CopyRequest, IllRequest, Patron, PostalLoan
from thuvien.errors import InvalidInput
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor

Request = IllRequest | PostalLoan | CopyRequest

# How long a reader may download a delivered PDF copy.
COPY_DAYS = 14

# Inter-library loan: which side makes each move.
_LENDER_EVENTS = frozenset({"approve", "refuse", "ship", "close"})


def _create(actor: Actor, obj: Request, library: Library) -> Request:
    check(actor, Action.CIRCULATE, library)
    with transaction.atomic():
        obj.save()
        machines.start(obj, "request", actor=actor, library_code=library.code)
    return obj


def request_ill(actor: Actor, patron: Patron, record: Record, note: str = "") -> IllRequest:
    """The reader's home library asks the library that holds ``record`` to lend it."""
    home = patron.home_library
    if record.library_id == home.pk:
        raise InvalidInput(
            _(
                "Tài liệu #{record} thuộc chính thư viện {library}: mượn tại quầy, không cần "
                "mượn liên thư viện."
            ).format(record=record.pk, library=home.code),
            record=record.pk,
        )
    patrons.ensure_may_borrow(patron, timezone.localdate())
    obj = IllRequest(
        patron=patron, home_library=home, lending_library=record.library, record=record, note=note
    )
    created = _create(actor, obj, home)
    assert isinstance(created, IllRequest)  # noqa: S101 - _create returns what it was given
    return created


def request_postal(actor: Actor, patron: Patron, item: Item, address: str = "") -> PostalLoan:
    address = (address or patron.address).strip()
    if not address:
        raise InvalidInput(_("Cần địa chỉ nhận sách."), card=str(patron))
    patrons.ensure_may_borrow(patron, timezone.localdate())
    obj = PostalLoan(
        patron=patron, library=item.library, item=item, address=address, fee=postal_fee(patron)
    )
    created = _create(actor, obj, item.library)
    assert isinstance(created, PostalLoan)  # noqa: S101 - _create returns what it was given
    return created


def postal_fee(patron: Patron) -> Decimal:
    """What ``patron`` pays for a loan by post: the library's fee (``THUVIEN_POSTAL_FEE``),
    nothing for the fee-waiver groups of Library Law Art. 26. Shown to the reader before they
    confirm, kept on the request, and what the clerk charges at dispatch unless changed."""
    if patron.category in FEE_WAIVER:
        return Decimal(0)
    return Decimal(max(int(settings.THUVIEN_POSTAL_FEE), 0))


def free_copy(record: Record) -> Item | None:
    """The copy of ``record`` a loan by post would send now (the oldest free one), if any."""
    return record.items.filter(status=Item.Status.AVAILABLE).order_by("id").first()


def request_postal_of(
    actor: Actor, patron: Patron, record: Record, address: str = ""
) -> PostalLoan:
    """A loan by post of whichever copy of ``record`` is free now."""
    item = free_copy(record)
    if item is None:
        raise InvalidInput(
            _("Hiện không còn bản nào rảnh để gửi qua bưu điện; hãy đặt mượn."), record=record.pk
        )
    return request_postal(actor, patron, item, address)


def request_copy(
    actor: Actor, patron: Patron, record: Record, pages: str, fmt: str = "pdf"
) -> CopyRequest:
    if not pages.strip():
        raise InvalidInput(_("Cần ghi các trang muốn sao, ví dụ 12-30."))
    if fmt not in CopyRequest.Format.values:
        raise InvalidInput(
            _("Hình thức “{format}” không có; chọn pdf hoặc paper.").format(format=fmt),
            format=fmt,
        )
    obj = CopyRequest(patron=patron, library=record.library, record=record, pages=pages, format=fmt)
    created = _create(actor, obj, record.library)
    assert isinstance(created, CopyRequest)  # noqa: S101 - _create returns what it was given
    return created


def acting_library(obj: Request, event: str) -> Library:
    if isinstance(obj, IllRequest):
        return obj.lending_library if event in _LENDER_EVENTS else obj.home_library
    return obj.library


def _postage(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value or 0))
    except InvalidOperation:
        amount = Decimal(-1)
    if amount < 0:
        raise InvalidInput(
            _("Cước phí “{value}” phải là số đồng không âm.").format(value=value),
            postage=str(value),
        )
    return amount


def advance(actor: Actor, obj: Request, event: str, **fields: Any) -> Request:
    """Make ``event`` happen to a request, with the fields that move needs (tracking
    numbers, postage, the copyright note)."""
    library = acting_library(obj, event)
    check(actor, Action.CIRCULATE, library)
    changes: dict[str, Any] = {}
    if isinstance(obj, PostalLoan):
        if event == "dispatch":
            changes["tracking_out"] = str(fields.get("tracking", "")).strip()
            changes["postage"] = _postage(fields.get("postage"))
            # What the reader pays, where the library charges for delivery (often nothing).
            fee = fields.get("fee")
            changes["fee"] = obj.fee if fee in (None, "") else _postage(fee)
            if not changes["tracking_out"]:
                raise InvalidInput(
                    _("Cần số vận đơn khi gửi."),
                    postal=obj.pk,
                )
        if event == "post-back":
            changes["tracking_back"] = str(fields.get("tracking", "")).strip()
    if isinstance(obj, CopyRequest) and event in ("approve", "refuse"):
        changes["copyright_note"] = str(fields.get("note", "")).strip()[:255]
    if isinstance(obj, CopyRequest) and event == "deliver" and obj.format == CopyRequest.Format.PDF:
        if not fields.get("file"):
            raise InvalidInput(_("Cần tệp PDF của bản sao để giao cho bạn đọc."), copy=obj.pk)
        changes["file"] = fields["file"]
        changes["available_until"] = timezone.now() + timedelta(days=COPY_DAYS)
    with transaction.atomic():
        machines.move(obj, event, actor=actor, library_code=library.code, **changes)
        if isinstance(obj, PostalLoan) and event == "dispatch":
            services.checkout(actor, library, str(obj.patron), obj.item.barcode or "")
        if isinstance(obj, PostalLoan) and event == "receive":
            services.checkin(actor, library, obj.item.barcode or "")
    return obj


def deliver_copy(actor: Actor, obj: CopyRequest, pdf: bytes) -> CopyRequest:
    """Give the reader the scanned pages as a PDF stamped with their card and the date, to
    download for :data:`COPY_DAYS` days. Nothing is kept if the move is refused."""
    try:
        stamped = watermark.stamp_pdf(pdf, copy_stamp(obj))
    except ValueError:
        raise InvalidInput(
            _("Tệp tải lên không phải PDF đọc được; hãy quét lại và lưu dưới dạng PDF."),
            copy=obj.pk,
        ) from None
    path = copies_dir() / f"{obj.pk}-{secrets.token_hex(8)}.pdf"
    path.write_bytes(stamped)
    try:
        advance(actor, obj, "deliver", file=path.name)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return obj


def copy_stamp(obj: CopyRequest) -> str:
    return _(
        "Bản sao cho bạn đọc {card}, ngày {day} · chỉ dùng cho học tập, nghiên cứu cá nhân"
    ).format(card=obj.patron, day=f"{timezone.localdate():%d/%m/%Y}")


def copies_dir() -> Path:
    folder = Path(settings.FILES_DIR) / "copies"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def for_library(library: Library) -> dict[str, list[Request]]:
    """What a library's staff work on: ILL both ways, postal loans, copy requests."""
    open_ill = IllRequest.objects.exclude(state__in=["closed", "cancelled", "refused"])
    return {
        "ill_in": list(open_ill.filter(lending_library=library).select_related("patron", "record")),
        "ill_out": list(open_ill.filter(home_library=library).select_related("patron", "record")),
        "postal": list(
            PostalLoan.objects.filter(library=library)
            .exclude(state__in=["received", "cancelled"])
            .select_related("patron", "item__record")
        ),
        "copy": list(
            CopyRequest.objects.filter(library=library)
            .exclude(state__in=["delivered", "refused"])
            .select_related("patron", "record")
        ),
    }


def of_patron(patron: Patron) -> list[Request]:
    found: list[Request] = [
        *IllRequest.objects.filter(patron=patron).select_related("record"),
        *PostalLoan.objects.filter(patron=patron).select_related("item__record"),
        *CopyRequest.objects.filter(patron=patron).select_related("record"),
    ]
    return sorted(found, key=lambda r: r.created_at, reverse=True)
