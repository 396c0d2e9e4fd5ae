"""The demo's readers and loan rules, so the desk, the SIP2 server and the reader's
account can be tried at once: cards and PINs are printed with the staff accounts.

The names are invented; the categories cover the Library Law's fee-waiver groups.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from thuvien.circulation import fees, patrons, rules
from thuvien.circulation.models import Category, Fee, LoanRule, Patron
from thuvien.network.models import Library

PIN = "271828"
# card, full name, category, birth year; the child's guardian is the first reader.
READERS = (
    ("CM-0001", "Nguyễn Thị Lan", Category.ADULT, 1985),
    ("CM-0002", "Trần Minh Khôi", Category.CHILD, 2016),
    ("CM-0003", "Lê Văn Tám", Category.ELDERLY, 1950),
    ("CM-0004", "Thạch Sô Phanh", Category.STUDENT, 2005),
    ("CM-0005", "Phạm Văn Bình", Category.WAR_INVALID, 1968),
)
# Network-wide rules (library, category, item type empty = any); children borrow fewer.
RULES = (
    ("", 21, 2, 5),
    (Category.CHILD, 14, 1, 3),
    (Category.STUDENT, 28, 2, 8),
)


def load(library: Library, actor: str) -> tuple[list[str], str]:
    """Make the readers and rules that are missing; returns (what was added, summary)."""
    made = 0
    with transaction.atomic():
        for category, days, renewals, most in RULES:
            if not LoanRule.objects.filter(library=None, category=category, item_type="").exists():
                rules.add_rule(
                    actor, library=None, category=category,
                    loan_days=days, renewals=renewals, max_items=most,
                )  # fmt: skip
                made += 1
        guardian = None
        for card, name, category, born in READERS:
            reader = Patron.objects.filter(home_library=library, card_number=card).first()
            if reader is None:
                reader = patrons.register(
                    actor,
                    library,
                    card_number=card,
                    full_name=name,
                    category=category,
                    pin=PIN,
                    birth_year=born,
                    expires_on=date(date.today().year + 2, 12, 31),
                    guardian=guardian if category == Category.CHILD else None,
                )
                made += 1
            guardian = guardian or reader
        made += _desk(library, actor, guardian)
    added = [_("{count} bạn đọc, quy tắc").format(count=made)] if made else []
    return added, _(
        "{readers} bạn đọc, {rules} quy tắc mượn (mới {new}); thẻ CM-0001…CM-0005, PIN {pin}"
    ).format(readers=len(READERS), rules=len(RULES), new=made, pin=PIN)


# The library's own rule (reference books stay in the reading room), so the rule editor
# shows both kinds; an online registration waiting at the desk; a card fee with its receipt.
OWN_RULE = ("sách tham khảo", 0, 0, 5)
ONLINE = ("Đoàn Thị Thu", "0905123456")


def _desk(library: Library, actor: str, payer: Patron | None) -> int:
    made = 0
    item_type, days, renewals, most = OWN_RULE
    if not LoanRule.objects.filter(library=library, category="", item_type=item_type).exists():
        rules.add_rule(actor, library=library, item_type=item_type,
                       loan_days=days, renewals=renewals, max_items=most)  # fmt: skip
        made += 1
    if not patrons.awaiting_approval(library):
        name, phone = ONLINE
        patrons.self_register(library, full_name=name, pin=PIN, phone=phone)
        made += 1
    if payer is not None and not Fee.objects.filter(library=library).exists():
        fee = fees.charge(actor, library, payer, Fee.Kind.CARD, 20000)
        fees.pay(actor, fee)
        made += 1
    return made
