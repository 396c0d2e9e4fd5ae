"""Acquisitions (bổ sung) and the two registers every Vietnamese library keeps.

An order to a supplier, charged to a fund of a year, lists lines (a record of the library and
a quantity at a price). Receiving a line, or taking in a donation, a legal deposit or an
exchange without an order, is a *receipt*: one line of the general register (sổ đăng ký tổng
quát). Each copy received gets the next accession number (số ĐKCB) of a series of the library,
one line of the individual register (sổ đăng ký cá biệt). Numbers are never reused: a
cancelled receipt or a withdrawn copy keeps its line, and a number skipped says why.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library


class Source(models.TextChoices):
    """How material comes in (the yearly report counts each)."""

    PURCHASE = "purchase", _("Mua")
    DONATION = "donation", _("Biếu tặng")
    LEGAL_DEPOSIT = "legal-deposit", _("Lưu chiểu")
    EXCHANGE = "exchange", _("Trao đổi")


class Supplier(models.Model):
    """A bookshop, publisher or distributor a library buys from."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    address = models.CharField(max_length=255, blank=True)
    contact = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["library", "name"], name="supplier_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Fund(models.Model):
    """A budget for acquisitions of one year (ngân sách, dự án, xã hội hoá…)."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=16, decimal_places=0)

    class Meta:
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["library", "code", "year"], name="fund_code_year")
        ]

    def __str__(self) -> str:
        return f"{self.code}/{self.year}"


class Order(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        ORDERED = "ordered", _("Đã đặt")
        PARTLY_RECEIVED = "partly-received", _("Đã nhận một phần")
        RECEIVED = "received", _("Đã nhận đủ")
        CANCELLED = "cancelled", _("Đã huỷ")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=32)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="orders")
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    ordered_on = models.DateField(null=True, blank=True)
    expected_by = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["library", "number"], name="order_number_unique")
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=14, decimal_places=0)
    received = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.quantity} × {self.record_id}"

    @property
    def outstanding(self) -> int:
        return max(self.quantity - self.received, 0)


class Series(models.Model):
    """A run of accession numbers of a library: its prefix (the library's own, kept after a
    merger so numbers of two former libraries never collide), the series code (VV, NV, TN…),
    and the next number. Only ever counted up."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=16)
    prefix = models.CharField(max_length=32, blank=True)
    width = models.PositiveSmallIntegerField(default=6)
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["library", "code"], name="series_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.code}"

    def format(self, number: int) -> str:
        return f"{self.prefix}{self.code}.{number:0{self.width}d}"


class Receipt(models.Model):
    """One line of the general register: a batch taken in on a day from one source."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="Số vào sổ tổng quát, in sequence per library.")
    received_on = models.DateField()
    source = models.CharField(max_length=16, choices=Source.choices)
    provider = models.CharField(max_length=255, help_text="Supplier, donor or publisher.")
    document = models.CharField(max_length=255, blank=True, help_text="Hoá đơn, biên bản…")
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="receipts"
    )
    cancelled_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["library", "number"], name="receipt_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.library_id}/{self.number}"


class Accession(models.Model):
    """One line of the individual register: one number, one copy (or a gap with its reason)."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="accessions")
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=64)
    registered_on = models.DateField()
    receipt = models.ForeignKey(
        Receipt, on_delete=models.PROTECT, null=True, blank=True, related_name="accessions"
    )
    record = models.ForeignKey(
        Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The copy; NULL once a mistaken receipt's copy was removed, the line staying.
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="accessions"
    )
    price = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["series_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="accession_number_unique"),
            models.UniqueConstraint(fields=["library", "code"], name="accession_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Claim(models.Model):
    """A reminder sent to a supplier about a late order (thư khiếu nại, đòi hàng)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="claims")
    sent_on = models.DateField()
    outstanding = models.PositiveIntegerField()
    letter = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.order_id} @ {self.sent_on}"
