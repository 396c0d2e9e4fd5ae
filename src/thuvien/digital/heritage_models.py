"""The digitisation programme's records: which holdings are heritage (rare and ancient, local
studies, endogenous, Hán Nôm, Khmer palm-leaf, ethnic-language), the rules that flag them in
bulk, the queue of works being digitised, and readers' and staff's corrections of OCR text.

They live in the digital library, above the catalogue: a flag names a catalogue record (and a
copy, when only that copy is heritage), and "digitised" means the record has a published
digital object, which only this layer knows. Reporting and oversight read the figures from
:mod:`thuvien.digital.heritage`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library


class HeritageKind(models.TextChoices):
    RARE = "rare", _("Quý hiếm, cổ")
    LOCAL = "local", _("Địa chí")
    ENDOGENOUS = "endogenous", _("Nội sinh")
    HAN_NOM = "han-nom", _("Hán Nôm")
    PALM_LEAF = "palm-leaf", _("Lá buông Khmer")
    ETHNIC = "ethnic", _("Tiếng dân tộc thiểu số")


class HeritageRule(models.Model):
    """A bulk flagging rule of one library: every record (or copy) it matches gets ``kind``.

    Criteria left empty match everything; at least one must be given (checked by the
    service). Applying it adds flags that are missing and never removes one set by hand."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="heritage_rules")
    kind = models.CharField(max_length=12, choices=HeritageKind.choices)
    name = models.CharField(max_length=200)
    published_before = models.IntegerField(null=True, blank=True)
    call_number_from = models.CharField(max_length=100, blank=True)
    call_number_to = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=255, blank=True, help_text="Copies at this location.")
    collection = models.ForeignKey(
        "digital.Collection", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_count = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class HeritageFlag(models.Model):
    """One heritage kind on a record, or on one copy of it (``item``)."""

    class Source(models.TextChoices):
        HAND = "hand", _("Cán bộ đánh dấu")
        RULE = "rule", _("Theo quy tắc")
        IMPORT = "import", _("Khi nhập biểu ghi")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="heritage_flags")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="heritage_flags"
    )
    kind = models.CharField(max_length=12, choices=HeritageKind.choices)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.HAND)
    rule = models.ForeignKey(
        HeritageRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind"],
                condition=models.Q(item__isnull=True),
                name="heritage_flag_record_kind",
            ),
            models.UniqueConstraint(
                fields=["item", "kind"],
                condition=models.Q(item__isnull=False),
                name="heritage_flag_item_kind",
            ),
        ]
        indexes = [models.Index(fields=["library", "kind", "record"])]

    def __str__(self) -> str:
        return f"{self.record_id}:{self.kind}"


class DigitisationJob(models.Model):
    """One work in a library's digitisation queue, from selection to publication."""

    class State(models.TextChoices):
        SELECTED = "selected", _("Đã chọn")
        SCANNING = "scanning", _("Đang quét")
        CHECKING = "checking", _("Kiểm tra chất lượng")
        OCR = "ocr", _("Nhận dạng chữ (OCR)")
        REVIEW = "review", _("Duyệt siêu dữ liệu")
        PUBLISHED = "published", _("Đã công bố")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    batch = models.CharField(max_length=100, blank=True, help_text="A name grouping jobs.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.SELECTED)
    digital_object = models.OneToOneField(
        "digital.DigitalObject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digitisation_job",
    )
    quality = models.JSONField(default=dict, blank=True, help_text="The last quality check.")
    pages = models.IntegerField(default=0)
    bytes = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["library", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["record"], name="digitisation_job_one_per_record")
        ]

    def __str__(self) -> str:
        return f"{self.library_id}:{self.record_id}:{self.state}"


class OcrProposal(models.Model):
    """A reader's (or staff member's) corrected text of one page, waiting for staff."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        ACCEPTED = "accepted", _("Đã nhận")
        REFUSED = "refused", _("Không nhận")

    page = models.ForeignKey("digital.Page", on_delete=models.CASCADE, related_name="proposals")
    text = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposer_label = models.CharField(max_length=150, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.page_id}:{self.state}"
