"""Catalogue: MARC 21 records kept whole, their copies (items), and import runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.network.models import Library


class Record(models.Model):
    """A MARC 21 record owned by one library, stored losslessly.

    ``marc`` holds the record exactly as received (after MARC-8 → UTF-8 and NFC): every field
    in order, indicators, subfields in order, as compact JSON (see :mod:`thuvien.catalogue.marc`).
    The other columns are extracted from it for display, sorting and matching and are
    recomputed whenever ``marc`` changes; they are never edited on their own.
    """

    class Kind(models.TextChoices):
        BIBLIOGRAPHIC = "bib", _("Thư mục")
        AUTHORITY = "auth", _("Tính nhất quán (authority)")
        HOLDINGS = "hold", _("Vốn tài liệu (holdings)")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.BIBLIOGRAPHIC)
    leader = models.CharField(max_length=24)
    marc = models.TextField(help_text="The whole record as compact JSON.")
    # Identity for re-imports: 001+003 where unique in its file, else the content hash.
    match_key = models.CharField(max_length=80)
    content_hash = models.CharField(max_length=64)
    control_number = models.CharField(max_length=64, blank=True, db_index=True)
    control_number_identifier = models.CharField(max_length=64, blank=True)

    # Extracted fields.
    title = models.TextField(blank=True)
    responsibility = models.TextField(blank=True)
    authors = models.TextField(blank=True, help_text="Names separated by ' ; '.")
    publisher = models.CharField(max_length=255, blank=True)
    place = models.CharField(max_length=255, blank=True)
    year = models.IntegerField(null=True, blank=True, db_index=True)
    edition = models.CharField(max_length=255, blank=True)
    isbn = models.CharField(max_length=13, blank=True, db_index=True, help_text="First ISBN-13.")
    isbns = models.TextField(blank=True, help_text="All ISBN-13s, space separated.")
    issn = models.CharField(max_length=9, blank=True, db_index=True)
    language = models.CharField(max_length=3, blank=True)
    material_type = models.CharField(max_length=24, blank=True)
    subjects = models.TextField(blank=True, help_text="Headings separated by ' ; '.")
    classification = models.JSONField(default=dict, blank=True, help_text="{'ddc': [...], ...}")
    call_number = models.CharField(max_length=255, blank=True)

    # Provenance.
    source = models.CharField(max_length=255, blank=True, help_text="File or system it came from.")
    source_encoding = models.CharField(max_length=8, blank=True, help_text="utf-8 or marc-8.")
    import_batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    needs_review = models.CharField(
        max_length=255, blank=True, help_text="Why a cataloguer should look (empty: no need)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["library", "match_key"], name="record_match_key_unique")
        ]
        indexes = [
            models.Index(fields=["library", "kind", "id"]),
            # Lists in change order that resume after a key: OAI-PMH harvests, change exports.
            models.Index(fields=["updated_at", "id"], name="record_updated_id"),
        ]

    def __str__(self) -> str:
        return f"{self.library.code}#{self.pk} {self.title[:60]}"


class Item(models.Model):
    """A copy of a record held by a library; identifiers are unique within that library."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Sẵn sàng")
        ON_LOAN = "on-loan", _("Đang cho mượn")
        IN_PROCESSING = "processing", _("Đang xử lý")
        NOT_FOR_LOAN = "not-for-loan", _("Chỉ đọc tại chỗ")
        LOST = "lost", _("Mất")
        DAMAGED = "damaged", _("Hư hỏng")
        WITHDRAWN = "withdrawn", _("Đã thanh lý")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="items")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="items")
    # NULL, not '', for "no barcode": the per-library unique constraint ignores NULLs only.
    barcode = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    accession_number = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="Số đăng ký cá biệt (số ĐKCB)."
    )
    call_number = models.CharField(max_length=255, blank=True)
    location = models.CharField(max_length=255, blank=True)
    item_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AVAILABLE)
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    acquisition_source = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    # Which embedded field (952/852/876) it came from and its position, so a re-import of a
    # changed record updates the same copies instead of adding new ones.
    source_field = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "barcode"], name="item_barcode_unique_in_library"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library.code}:{self.barcode or self.accession_number or self.pk}"


class ImportBatch(models.Model):
    """One run of an import, from the command line or an upload, with its outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500, blank=True, help_text="Uploaded copy.")
    format = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    bytes_total = models.BigIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    processed = models.IntegerField(default=0)
    imported = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    report = models.JSONField(default=dict, blank=True, help_text="warnings and errors")
    rejects_path = models.CharField(max_length=500, blank=True)
    failure = models.TextField(blank=True, help_text="Why the whole run stopped, if it did.")
    created_at = models.DateTimeField(auto_now_add=True)
    # Crash recovery (catalogue.tasks): the running worker renews the lease; a batch whose
    # lease ran out is queued again and resumes after the last committed batch of records,
    # which ``checkpoint`` describes (records read, the report so far, the rejects file's size),
    # written in the same transaction as those records.
    task_id = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    checkpoint = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.library.code} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(100 * self.bytes_done / self.bytes_total))
