"""Readers: finding one by card, registering, PINs, and the check before any loan."""

from __future__ import annotations

import itertools
import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.audit.services import snapshot
from thuvien.circulation import fees
from thuvien.circulation.errors import PatronBlocked, PatronExpired, UnknownCard
from thuvien.circulation.models import FEE_WAIVER, Category, Fee, Loan, Patron
from thuvien.errors import Conflict, InvalidInput
from thuvien.network import permissions
from thuvien.network.models import Library
from thuvien.network.permissions import Action
from thuvien.vietnamese import fold
from thuvien.wording import day

if TYPE_CHECKING:
    from thuvien.actors import Actor


def find(library: Library | None, card: str) -> Patron:
    """The reader with this card. A card of another library of the network is written
    ``CODE:number``; a bare number is looked up at ``library`` first, then network-wide
    when only one library issued it."""
    card = card.strip()
    code, sep, number = card.rpartition(":")
    query = Patron.objects.select_related("home_library")
    if sep and code:
        found = query.filter(home_library__code=code, card_number=number).first()
    else:
        found = None
        if library is not None:  # the usual case: a card of this library, no join needed
            found = Patron.objects.filter(home_library=library, card_number=card).first()
            if found is not None:
                found.home_library = library
        if found is None:
            matches = list(query.filter(card_number=card)[:2])
            found = matches[0] if len(matches) == 1 else None
    if found is None:
        where = library.code if library is not None else _("mạng lưới")
        raise UnknownCard(
            _(
                "Không tìm thấy thẻ bạn đọc “{card}” ở {where}; kiểm tra số thẻ, thẻ của "
                "thư viện khác ghi MÃ-THƯ-VIỆN:số."
            ).format(card=card, where=where),
            card=card,
        )
    return found


def ensure_may_borrow(patron: Patron, today: date) -> None:
    if patron.blocked_reason:
        raise PatronBlocked(
            _("Thẻ {patron} đang bị khoá: {reason}. Mời bạn đọc gặp thủ thư.").format(
                patron=patron, reason=patron.blocked_reason
            ),
            card=str(patron),
        )
    if patron.expires_on is not None and patron.expires_on < today:
        raise PatronExpired(
            _("Thẻ {patron} đã hết hạn ngày {expired}; cần gia hạn thẻ.").format(
                patron=patron, expired=day(patron.expires_on)
            ),
            card=str(patron),
        )


def check_pin(patron: Patron, pin: str) -> bool:
    return bool(patron.pin_hash) and check_password(pin, patron.pin_hash)


# New readers choose 6 to 8 digits; 4-digit PINs from before still sign in, and the reader is
# then asked to choose a new one (identity.authenticate sets ``pin_change_required``).
PIN_LENGTH = 6
PIN_MAX_LENGTH = 8
LEGACY_PIN_LENGTH = 4


def check_new_pin(pin: str) -> None:
    """Refuses a PIN a new reader may not choose: not 6–8 digits, or one digit repeated, or
    a run up or down (123456, 987654), the first guesses anyone tries."""
    if not pin.isdigit() or not PIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH:
        raise InvalidInput(
            _("Mã PIN phải gồm {low} đến {high} chữ số.").format(
                low=PIN_LENGTH, high=PIN_MAX_LENGTH
            )
        )
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps in ({0}, {1}, {9}):
        raise InvalidInput(
            _("Mã PIN quá dễ đoán (một chữ số lặp lại hoặc dãy liên tiếp); hãy chọn mã khác.")
        )


def require_pin_change(patron: Patron) -> None:
    """Flags a reader who signed in with an old short PIN (no audit: nothing they chose)."""
    Patron.objects.filter(pk=patron.pk).update(pin_change_required=True)
    patron.pin_change_required = True


def set_pin(actor: Actor, patron: Patron, pin: str) -> Patron:
    """A new PIN for ``patron``: the reader's own choice (actor ``reader:<card>``, after the
    portal checked the old PIN) or a librarian's reset (checked against MANAGE_PATRONS)."""
    if actor != f"reader:{patron}":
        permissions.check(actor, Action.MANAGE_PATRONS, patron.home_library)
    check_new_pin(pin)
    with transaction.atomic():
        Patron.objects.filter(pk=patron.pk).update(
            pin_hash=make_password(pin), pin_change_required=False
        )
        patron.refresh_from_db(fields=["pin_hash", "pin_change_required"])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "patron",
            patron.pk,
            library_code=patron.home_library.code,
            summary=f"{patron} new PIN",
        )
    return patron


def register(
    actor: Actor,
    library: Library,
    *,
    card_number: str,
    full_name: str,
    category: str = Category.ADULT,
    pin: str = "",
    legacy_pin: bool = False,
    **values: Any,
) -> Patron:
    """A new reader. ``pin`` must be a new reader's PIN (:func:`check_new_pin`) unless
    ``legacy_pin``: a reader brought over from an older system keeps a PIN of 4 or more
    digits, and is asked to change a short one at the first sign-in."""
    permissions.check(actor, Action.MANAGE_PATRONS, library)
    if pin and legacy_pin:
        if not pin.isdigit() or len(pin) < LEGACY_PIN_LENGTH:
            raise InvalidInput(_("mã PIN phải gồm ít nhất 4 chữ số"))
        values["pin_change_required"] = len(pin) < PIN_LENGTH
    elif pin:
        check_new_pin(pin)
    card_number = card_number.strip()
    if not card_number or not full_name.strip():
        raise InvalidInput(_("Cần số thẻ và họ tên bạn đọc."))
    if category not in Category.values:
        raise InvalidInput(
            _("Loại bạn đọc “{category}” không có; dùng một trong: {categories}.").format(
                category=category, categories=", ".join(Category.values)
            ),
            category=category,
        )
    if Patron.objects.filter(home_library=library, card_number=card_number).exists():
        raise Conflict(
            _("Số thẻ {card} đã được cấp ở {library}.").format(
                card=card_number, library=library.code
            ),
            card=card_number,
        )
    patron = Patron(
        home_library=library,
        card_number=card_number,
        full_name=full_name.strip(),
        category=category,
        pin_hash=make_password(pin) if pin else "",
        **values,
    )
    with transaction.atomic():
        patron.save()
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "patron",
            patron.pk,
            library_code=library.code,
            summary=card_number,
            after=snapshot(patron, exclude=("pin_hash",)),
        )
    return patron


def set_history_consent(actor: Actor, patron: Patron, keep: bool) -> int:
    """The reader's own choice (from their account page): keep loan history or not.
    Withdrawing consent forgets the history already kept, not only future loans: the
    returned loans lose their reader in the same transaction. Returns how many."""
    before = snapshot(patron, exclude=("pin_hash",))
    with transaction.atomic():
        patron.keep_history = keep
        patron.consent_at = timezone.now()
        patron.save(update_fields=["keep_history", "consent_at"])
        forgotten = 0
        if not keep:
            forgotten = Loan.objects.filter(patron=patron, state=Loan.State.RETURNED).update(
                patron=None
            )
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "patron",
            patron.pk,
            library_code=patron.home_library.code,
            summary=(
                f"{patron} keeps loan history"
                if keep
                else f"{patron} keeps no loan history; {forgotten} past loans forgotten"
            ),
            before=before,
            after=snapshot(patron, exclude=("pin_hash",)),
        )
    return forgotten


def personal_data(patron: Patron) -> dict[str, Any]:
    """Everything kept about a reader (never the PIN's hash), for their own download."""
    from thuvien.circulation.models import Hold

    fields = snapshot(patron, exclude=("pin_hash", "guardian", "home_library"))
    fields["home_library"] = patron.home_library.code
    fields["guardian"] = str(patron.guardian) if patron.guardian_id else None
    loans = Loan.objects.filter(patron=patron).select_related("item__record", "library")
    holds = Hold.objects.filter(patron=patron).select_related("record", "pickup_library")
    return {
        "reader": fields,
        "loans": [
            {
                "library": loan.library.code,
                "barcode": loan.item.barcode,
                "title": loan.item.record.title,
                "state": loan.state,
                "checked_out_at": loan.checked_out_at.isoformat(),
                "due_on": loan.due_on.isoformat(),
                "returned_at": loan.returned_at.isoformat() if loan.returned_at else None,
                "renewals": loan.renewals,
            }
            for loan in loans.order_by("checked_out_at")
        ],
        "holds": [
            {
                "title": hold.record.title,
                "pickup_library": hold.pickup_library.code,
                "state": hold.state,
                "placed_at": hold.placed_at.isoformat(),
            }
            for hold in holds.order_by("placed_at")
        ],
    }


def record_view(actor: Actor, patron: Patron, where: str) -> None:
    """Every staff look at a reader's record is logged (Library Law Art. 8.4, PDP Law), in
    the audit log with the changes, so it stays one place to ask "who saw this reader"."""
    audit(
        actor,
        AuditEntry.Action.VIEW,
        "patron",
        patron.pk,
        library_code=patron.home_library.code,
        summary=f"{patron} ({where})",
    )


# A reader who registered online borrows nothing until the library has seen them: the
# registration is a block with this reason, lifted by :func:`approve`.
AWAITING_APPROVAL = "chờ thư viện duyệt đăng ký trực tuyến"


def self_register(
    library: Library,
    *,
    full_name: str,
    pin: str,
    category: str = Category.ADULT,
    email: str = "",
    phone: str = "",
    birth_year: int | None = None,
) -> Patron:
    """Online registration: a card number is issued at once, loans wait for approval."""
    check_new_pin(pin)
    for _attempt in range(20):
        card = f"W{secrets.randbelow(10**6):06d}"
        if not Patron.objects.filter(home_library=library, card_number=card).exists():
            break
    return register(
        f"self-registration:{library.code}",
        library,
        card_number=card,
        full_name=full_name,
        category=category,
        pin=pin,
        email=email,
        phone=phone,
        birth_year=birth_year,
        blocked_reason=AWAITING_APPROVAL,
    )


def awaiting_approval(library: Library) -> list[Patron]:
    return list(
        Patron.objects.filter(home_library=library, blocked_reason=AWAITING_APPROVAL).order_by(
            "created_at"
        )
    )


def approve(actor: Actor, patron: Patron) -> Patron:
    permissions.check(actor, Action.MANAGE_PATRONS, patron.home_library)
    if patron.blocked_reason != AWAITING_APPROVAL:
        raise Conflict(
            _("Bạn đọc {patron} không chờ duyệt.").format(patron=patron),
            card=str(patron),
        )
    before = snapshot(patron, exclude=("pin_hash",))
    with transaction.atomic():
        Patron.objects.filter(pk=patron.pk, blocked_reason=AWAITING_APPROVAL).update(
            blocked_reason=""
        )
        patron.blocked_reason = ""
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "patron",
            patron.pk,
            library_code=patron.home_library.code,
            summary=f"{patron} approved",
            before=before,
            after=snapshot(patron, exclude=("pin_hash",)),
        )
    return patron


def search(library: Library | None, text: str, limit: int = 50) -> list[Patron]:
    """Readers whose card, name or phone matches ``text`` (a part of it will do; name
    matching ignores case and diacritics: "pham" finds "Phạm"), this library's first when
    one is given."""
    text = text.strip()
    if not text:
        return []
    digits = "".join(ch for ch in text if ch.isdigit())
    match = Q(card_number__iexact=text) | Q(name_folded__contains=fold(text))
    if len(digits) >= 4:
        match |= Q(phone__contains=digits) | Q(phone__contains=text)
    if ":" in text:
        code, _sep, number = text.rpartition(":")
        match |= Q(home_library__code=code, card_number=number)
    found = Patron.objects.select_related("home_library").filter(match)
    if library is not None:
        found = found.filter(home_library=library)
    return list(found.order_by("full_name", "card_number")[:limit])


def register_at_desk(
    actor: Actor,
    library: Library,
    *,
    card_number: str,
    full_name: str,
    category: str = Category.ADULT,
    evidence_reference: str = "",
    guardian_card: str = "",
    keep_history: bool = False,
    card_fee: str = "",
    **values: Any,
) -> Patron:
    """A reader registered in person, with the card fee charged when one is given (waived
    at once for fee-waiver groups), in one transaction. The rules a clerk applies: a
    fee-waiver group needs the number of the document seen (only the number is kept); a
    child needs a guardian who is a reader already; keeping the loan history needs the
    reader's consent, noted with its time."""
    evidence_reference = evidence_reference.strip()
    if category in FEE_WAIVER and not evidence_reference:
        raise InvalidInput(
            _(
                "Bạn đọc thuộc nhóm “{category}” được miễn phí khi có giấy tờ: ghi số giấy tờ "
                "đã xem (chỉ lưu số, không lưu bản sao)."
            ).format(category=Category(category).label),
            evidence_reference="",
        )
    guardian = None
    if category == Category.CHILD:
        if not guardian_card.strip():
            raise InvalidInput(
                _("Bạn đọc trẻ em cần người giám hộ: nhập số thẻ của cha, mẹ hoặc người giám hộ."),
                guardian_card="",
            )
        guardian = find(library, guardian_card)
    if card_fee.strip():
        fees.parse_amount(card_fee)  # refused before anything is written
    with transaction.atomic():
        patron = register(
            actor,
            library,
            card_number=card_number,
            full_name=full_name,
            category=category,
            evidence_reference=evidence_reference,
            guardian=guardian,
            keep_history=keep_history,
            consent_at=timezone.now() if keep_history else None,
            **values,
        )
        if card_fee.strip():
            fees.charge(actor, library, patron, Fee.Kind.CARD, card_fee)
    return patron


def refuse(actor: Actor, patron: Patron, reason: str) -> None:
    """Turn down an online registration: the reader's data is not kept (only the fact, the
    card number and the reason, in the audit log)."""
    permissions.check(actor, Action.MANAGE_PATRONS, patron.home_library)
    if patron.blocked_reason != AWAITING_APPROVAL:
        raise Conflict(
            _("Bạn đọc {patron} không chờ duyệt.").format(patron=patron), card=str(patron)
        )
    if not reason.strip():
        raise InvalidInput(_("Cần ghi lý do từ chối để báo cho người đăng ký."), reason="")
    with transaction.atomic():
        audit(
            actor,
            AuditEntry.Action.DELETE,
            "patron",
            patron.pk,
            library_code=patron.home_library.code,
            summary=_("Từ chối đăng ký {card}: {reason}").format(
                card=patron.card_number, reason=reason.strip()
            )[:255],
        )
        Patron.objects.filter(pk=patron.pk, blocked_reason=AWAITING_APPROVAL).delete()
