"""Circulation: readers, loan rules, the library calendar, loans, holds and their history.

Loans, holds and requests are state machines (:mod:`.machines`, on :mod:`thuvien.lifecycle`);
every move writes a row of the one history, ``lifecycle.Transition``. The item's own
``status`` (catalogue) says whether it is on loan, so search availability follows it through
the change feed (thuvien.changes).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library
from thuvien.vietnamese import fold


class Category(models.TextChoices):
    """Reader categories; the last five are the Library Law's fee-waiver groups (Art. 26)."""

    ADULT = "adult", _("Người lớn")
    STUDENT = "student", _("Học sinh, sinh viên")
    CHILD = "child", _("Trẻ em")
    ELDERLY = "elderly", _("Người cao tuổi")
    DISABLED = "disabled", _("Người khuyết tật")
    WAR_INVALID = "war-invalid", _("Thương binh, người có công")
    POOR_HOUSEHOLD = "poor-household", _("Hộ nghèo, cận nghèo")


FEE_WAIVER = frozenset(
    {
        Category.CHILD,
        Category.ELDERLY,
        Category.DISABLED,
        Category.WAR_INVALID,
        Category.POOR_HOUSEHOLD,
    }
)


class Patron(models.Model):
    """One reader, registered at a home library and borrowing anywhere in the network.

    Card numbers are unique within the home library only (merged provinces bring colliding
    numbers). For a fee-waiver group only a reference to the evidence seen is kept (e.g. the
    number of a certificate), never the certificate or a diagnosis.
    """

    home_library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="patrons")
    card_number = models.CharField(max_length=32)
    full_name = models.CharField(max_length=255)
    # The name folded (no case, no diacritics), kept by save(): a clerk types "pham thu ha"
    # on a keyboard without Vietnamese input and must still find "Phạm Thu Hà".
    name_folded = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.ADULT)
    pin_hash = models.CharField(max_length=128, blank=True)
    # Set when the reader signs in with a PIN shorter than new readers get (4 digits, from
    # before 6 were required): the portal asks them to choose a new one.
    pin_change_required = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    address = models.CharField(max_length=255, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    guardian = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="wards"
    )
    evidence_reference = models.CharField(
        max_length=64, blank=True, help_text="Number of the document seen for a fee waiver."
    )
    blocked_reason = models.CharField(max_length=255, blank=True, help_text="Empty: not blocked.")
    note = models.TextField(blank=True)
    keep_history = models.BooleanField(
        default=False, help_text="The reader consented to keeping their loan history."
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["home_library", "card_number"], name="patron_card_unique_in_library"
            )
        ]

    def __str__(self) -> str:
        return f"{self.home_library.code}:{self.card_number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold(self.full_name)
        fields = kwargs.get("update_fields")
        if fields is not None and "full_name" in fields:
            kwargs["update_fields"] = {*fields, "name_folded"}
        super().save(*args, **kwargs)


class LoanRule(models.Model):
    """One cell of the loan-rule matrix; empty library/category/item type match any.

    The most specific matching rule applies (library, then category, then item type weigh
    in that order), and the loan keeps a sentence saying which one it was.
    """

    library = models.ForeignKey(
        Library, null=True, blank=True, on_delete=models.CASCADE, related_name="loan_rules"
    )
    category = models.CharField(max_length=16, choices=Category.choices, blank=True)
    item_type = models.CharField(max_length=40, blank=True)
    loan_days = models.PositiveSmallIntegerField(default=14, help_text="0: not for loan.")
    renewals = models.PositiveSmallIntegerField(default=2)
    max_items = models.PositiveSmallIntegerField(default=5)
    holds_allowed = models.BooleanField(default=True)
    daily_fee = models.DecimalField(max_digits=10, decimal_places=0, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "category", "item_type"], name="loan_rule_unique_cell"
            )
        ]

    def __str__(self) -> str:
        where = self.library.code if self.library else "*"
        return f"{where}/{self.category or '*'}/{self.item_type or '*'}"


class ClosedDay(models.Model):
    """A day the library is closed: a due date falling on it moves to the next open day."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["library", "date"], name="closed_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.date} {self.reason}"


class Loan(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Đang mượn")
        RETURNED = "returned", _("Đã trả")

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="loans")
    # NULL once anonymised: the loan stays for statistics, the reader does not.
    patron = models.ForeignKey(
        Patron, null=True, blank=True, on_delete=models.SET_NULL, related_name="loans"
    )
    patron_category = models.CharField(max_length=16, blank=True, help_text="For statistics.")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    checked_out_at = models.DateTimeField()
    due_on = models.DateField()
    renewals = models.PositiveSmallIntegerField(default=0)
    returned_at = models.DateTimeField(null=True, blank=True)
    rule = models.CharField(max_length=255, blank=True, help_text="Which rule applied, and why.")
    last_notice = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            # The second desk lending the same copy at the same moment hits this.
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(state="active"),
                name="one_active_loan_per_item",
            )
        ]
        indexes = [
            models.Index(fields=["patron", "state"]),
            models.Index(fields=["state", "due_on"]),
            # The yearly statistics count a year's loans by library and reader group: this
            # index answers both alone (reporting.figures), for one library or the province.
            models.Index(
                fields=["library", "checked_out_at", "patron_category"],
                name="loan_library_year_group",
            ),
        ]

    def __str__(self) -> str:
        return f"loan#{self.pk} {self.item_id} {self.state}"


class Hold(models.Model):
    """A reader's request for a title; the first copy returned is trapped for them."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Đang chờ")
        READY = "ready", _("Sẵn sàng để nhận")
        FULFILLED = "fulfilled", _("Đã nhận")
        CANCELLED = "cancelled", _("Đã huỷ")
        EXPIRED = "expired", _("Hết hạn")

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="holds")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="holds")
    pickup_library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="holds"
    )
    placed_at = models.DateTimeField()
    ready_until = models.DateField(null=True, blank=True)
    notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["placed_at", "id"]
        indexes = [models.Index(fields=["record", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(state="ready"), name="one_ready_hold_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"hold#{self.pk} {self.record_id} {self.state}"


class Sip2Account(models.Model):
    """A self-check machine's login; it acts for one library (the SIP2 AO field)."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="sip2_accounts")
    login = models.CharField(max_length=64, unique=True)
    password_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.login}@{self.library.code}"


class IllRequest(models.Model):
    """Inter-library loan through the reader's home library (Decree 93/2020, Art. 27): the
    home library asks, the lending library approves and ships, both see the state."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Đã gửi yêu cầu")
        APPROVED = "approved", _("Đã chấp thuận")
        REFUSED = "refused", _("Bị từ chối")
        SHIPPED = "shipped", _("Đã gửi đi")
        RECEIVED = "received", _("Đã nhận")
        LENT = "lent", _("Đang cho bạn đọc mượn")
        RETURNED = "returned", _("Bạn đọc đã trả")
        SENT_BACK = "sent-back", _("Đã gửi trả")
        CLOSED = "closed", _("Đã hoàn tất")
        CANCELLED = "cancelled", _("Đã huỷ")

    patron = models.ForeignKey(Patron, on_delete=models.PROTECT, related_name="ill_requests")
    home_library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    lending_library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"ill#{self.pk} {self.state}"


class PostalLoan(models.Model):
    """A loan delivered to the reader's address and returned by post."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Đã gửi yêu cầu")
        DISPATCHED = "dispatched", _("Đã gửi bưu điện")
        DELIVERED = "delivered", _("Đã giao")
        RETURNING = "returning", _("Đang gửi trả")
        RECEIVED = "received", _("Thư viện đã nhận lại")
        CANCELLED = "cancelled", _("Đã huỷ")

    patron = models.ForeignKey(Patron, on_delete=models.PROTECT, related_name="postal_loans")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=255)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    tracking_out = models.CharField(max_length=64, blank=True)
    tracking_back = models.CharField(max_length=64, blank=True)
    postage = models.DecimalField(max_digits=10, decimal_places=0, default=0)
    fee = models.DecimalField(max_digits=10, decimal_places=0, default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"postal#{self.pk} {self.state}"


class CopyRequest(models.Model):
    """A reader asks for pages of a document; staff check the copyright limits first."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Đã gửi yêu cầu")
        APPROVED = "approved", _("Đã chấp thuận")
        REFUSED = "refused", _("Bị từ chối")
        DELIVERED = "delivered", _("Đã giao bản sao")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF có dấu bản quyền")
        PAPER = "paper", _("Bản in giấy")

    patron = models.ForeignKey(Patron, on_delete=models.PROTECT, related_name="copy_requests")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="+")
    pages = models.CharField(max_length=120, help_text="e.g. 12-30")
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.PDF)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    copyright_note = models.CharField(max_length=255, blank=True)
    # A PDF copy, stamped with the reader's card and the date, under FILES_DIR; the reader may
    # download it until ``available_until`` (then it is refused and may be deleted).
    file = models.CharField(max_length=255, blank=True)
    available_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"copy#{self.pk} {self.state}"


class Transit(models.Model):
    """A copy returned at another library of the network, on its way home."""

    class State(models.TextChoices):
        IN_TRANSIT = "in-transit", _("Đang chuyển về thư viện chủ")
        ARRIVED = "arrived", _("Đã về thư viện chủ")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="transits")
    from_library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    to_library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.IN_TRANSIT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(state="in-transit"), name="one_transit_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"transit#{self.pk} {self.item_id} {self.state}"


class Fee(models.Model):
    """A sum the library charges a reader (card, postage, copies, overdue where the library
    uses overdue fees), and, once paid, its receipt: a number per library and year
    (``VN-HN0001/2026/000042``) that the printed receipt carries. A fee-waiver reader's
    charge is waived, with the reason kept."""

    class Kind(models.TextChoices):
        CARD = "card", _("Lệ phí làm thẻ")
        POSTAGE = "postage", _("Cước gửi sách qua bưu điện")
        COPIES = "copies", _("Phí sao chụp")
        OVERDUE = "overdue", _("Phí trả quá hạn")
        OTHER = "other", _("Khoản thu khác")

    class State(models.TextChoices):
        OPEN = "open", _("Chưa thu")
        PAID = "paid", _("Đã thu")
        WAIVED = "waived", _("Được miễn")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="fees")
    patron = models.ForeignKey(
        Patron, null=True, blank=True, on_delete=models.SET_NULL, related_name="fees"
    )
    payer_name = models.CharField(max_length=255, help_text="Kept for the receipt.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=0)
    note = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    charged_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    received_by = models.CharField(max_length=150, blank=True)
    receipt_number = models.CharField(max_length=64, blank=True)
    waived_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "receipt_number"],
                condition=~models.Q(receipt_number=""),
                name="fee_receipt_unique_in_library",
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.kind} {self.amount}"


class ReaderToken(models.Model):
    """A reader's sign-in for an app (the API's ``/me``): only the SHA-256 of the bearer
    token is kept, so a copy of the database signs nobody in."""

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token#{self.pk} {self.patron_id}"


class PushSubscription(models.Model):
    """A reader's browser or installed app that agreed to receive notices by Web Push (the
    reader opts in on the account page; unsubscribing or a gone endpoint removes it)."""

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"push#{self.pk} {self.patron_id}"


class SavedSearch(models.Model):
    """A reader's standing question (dịch vụ thông tin chuyên đề): the portal's search as its
    query string, new matching titles sent by e-mail and offered as a feed."""

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=120)
    query = models.CharField(max_length=1000, help_text="The search page's query string.")
    by_email = models.BooleanField(default=True)
    # The feed's address carries this secret: a feed reader has no session.
    feed_token = models.CharField(max_length=43, unique=True)
    # Records are numbered in the order they arrive: titles above this one are new.
    last_record_id = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"saved#{self.pk} {self.name}"
