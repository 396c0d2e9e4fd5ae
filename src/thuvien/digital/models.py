"""Digital library: digitised works, their pages, structure, rights and who may see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Record
from thuvien.network.models import Library

# The Dublin Core elements a standalone object may carry (TCVN 7980-2:2024 builds on them).
DUBLIN_CORE = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
)


class Collection(models.Model):
    class Kind(models.TextChoices):
        LOCAL_STUDIES = "local", _("Tài liệu địa chí")
        RARE = "rare", _("Tài liệu quý hiếm, cổ")
        MANUSCRIPTS = "manuscript", _("Bản thảo, thư tịch (lá buông…)")
        THESES = "thesis", _("Luận văn, luận án, đề tài (tài liệu nội sinh)")
        OTHER = "other", _("Khác")

    code = models.SlugField(max_length=40, unique=True)
    name_vi = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="collections")
    description = models.TextField(blank=True, help_text="Shown to readers on the portal.")
    updated_at = models.DateTimeField(auto_now=True, null=True)

    def __str__(self) -> str:
        return self.code


class DigitalObject(models.Model):
    """A digitised work: its pages, metadata (its catalogue record, or Dublin Core), rights."""

    class Access(models.TextChoices):
        OPEN = "open", _("Mở cho mọi người")
        ONSITE = "onsite", _("Chỉ tại phòng đọc")
        REQUEST = "request", _("Theo yêu cầu (cán bộ duyệt)")
        RESTRICTED = "restricted", _("Hạn chế (chỉ cán bộ)")

    class Rights(models.TextChoices):
        PUBLIC_DOMAIN = "public-domain", _("Phạm vi công cộng")
        IN_COPYRIGHT = "in-copyright", _("Còn bảo hộ quyền tác giả")
        LICENSED = "licensed", _("Có giấy phép")
        UNKNOWN = "unknown", _("Chưa xác định")

    class Status(models.TextChoices):
        # Theses go draft → submitted → published (see machines.py); ingested scans are
        # published at once.
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã công bố")
        WITHDRAWN = "withdrawn", _("Đã rút")

    identifier = models.CharField(max_length=100, unique=True)
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="digital_objects")
    record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.SET_NULL, related_name="digital_objects"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="digital_objects"
    )
    title = models.TextField()
    dublin_core = models.JSONField(default=dict, blank=True, help_text="{element: [values]}")
    access = models.CharField(max_length=12, choices=Access.choices, default=Access.OPEN)
    rights = models.CharField(max_length=16, choices=Rights.choices, default=Rights.UNKNOWN)
    rights_uri = models.URLField(blank=True, help_text="rightsstatements.org or Creative Commons")
    rights_holder = models.CharField(max_length=255, blank=True)
    author_death_year = models.IntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    embargo_until = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ocr_languages = models.CharField(max_length=40, blank=True, help_text="e.g. vie+eng")
    ocr_pages_done = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What readers filter a collection by, taken at ingest from the record (or the Dublin Core
    # date, coverage and language): columns, so a page of 10,000 objects filters in an index.
    year = models.IntegerField(null=True, blank=True)
    place = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=3, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["library", "status"]),
            models.Index(
                fields=["collection", "status", "title"], name="digital_collection_browse"
            ),
        ]

    def __str__(self) -> str:
        return self.identifier


class Page(models.Model):
    """One ordered file of an object: the original as received, and its tiled derivative."""

    digital_object = models.ForeignKey(
        DigitalObject, on_delete=models.CASCADE, related_name="pages"
    )
    sequence = models.PositiveIntegerField()
    label = models.CharField(max_length=64, blank=True)
    original = models.CharField(max_length=255, help_text="Path under the object's folder.")
    media_type = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    derivative_sha256 = models.CharField(max_length=64, blank=True)
    ocr_text = models.TextField(blank=True)
    ocr_done = models.BooleanField(default=False)
    orientation = models.IntegerField(default=0, help_text="Degrees turned by OCR to read it.")
    # Tesseract's mean word confidence (0-100), the language it read with, and whether staff
    # corrected the text since (then ocr_text is theirs, and search reads it).
    ocr_confidence = models.FloatField(null=True, blank=True)
    ocr_language = models.CharField(max_length=40, blank=True)
    ocr_corrected = models.BooleanField(default=False)

    class Meta:
        ordering = ["digital_object", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["digital_object", "sequence"], name="page_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.digital_object.identifier}~{self.sequence}"

    @property
    def image_id(self) -> str:
        """IIIF identifier: the object's identifier names its first page; `ID~N` page N."""
        return f"{self.digital_object.identifier}~{self.sequence}"


class Range(models.Model):
    """Structure: a chapter, volume or part covering consecutive pages (IIIF ranges)."""

    digital_object = models.ForeignKey(
        DigitalObject, on_delete=models.CASCADE, related_name="ranges"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=255)
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()

    class Meta:
        ordering = ["digital_object", "position"]

    def __str__(self) -> str:
        return self.label


class AccessRequest(models.Model):
    """A reader's request to see a by-request object; staff approve it for a limited time."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REFUSED = "refused", _("Từ chối")

    digital_object = models.ForeignKey(
        DigitalObject, on_delete=models.CASCADE, related_name="access_requests"
    )
    # Who asked: a reader signed in on the portal with their card (``patron_ref``, the key of
    # circulation's Patron: the digital library sits beside circulation and does not import
    # it, so the key is kept without a foreign key), or a signed-in account (``reader``).
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="digital_requests",
    )
    patron_ref = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    reader_label = models.CharField(max_length=150, blank=True, help_text="The card, for staff.")
    reason = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    expires_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reader__isnull=False) | models.Q(patron_ref__isnull=False),
                name="access_request_has_a_reader",
            )
        ]

    def __str__(self) -> str:
        return f"{self.digital_object.identifier} {self.who} {self.state}"

    @property
    def who(self) -> str:
        """The reader as staff see them: the card, else the account's name."""
        if self.reader_label:
            return self.reader_label
        return self.reader.get_username() if self.reader is not None else ""


class AccessLog(models.Model):
    """Every view of restricted material (the Library Law wants it accounted for)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    digital_object = models.ForeignKey(
        DigitalObject, on_delete=models.CASCADE, related_name="access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_label = models.CharField(max_length=150)
    address = models.CharField(max_length=64, blank=True)
    what = models.CharField(max_length=120, help_text="image, manifest, pdf, text, search…")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.digital_object_id} {self.what}"


class FixityCheck(models.Model):
    """One run of the fixity audit over an object: what was re-hashed, what did not match."""

    at = models.DateTimeField(auto_now_add=True)
    digital_object = models.ForeignKey(
        DigitalObject, on_delete=models.CASCADE, related_name="fixity_checks"
    )
    files_checked = models.IntegerField()
    mismatches = models.JSONField(default=list, help_text="[{path, expected, found}]")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.digital_object_id} {self.at:%Y-%m-%d} {len(self.mismatches)} mismatches"


class Activity(models.Model):
    """One change of a publicly readable manifest, for IIIF Change Discovery: an object became
    readable by anyone (Create), changed while readable (Update), or stopped being readable or
    was deleted (Delete). The identifier is kept as text so a Delete outlives its object."""

    class Kind(models.TextChoices):
        CREATE = "Create"
        UPDATE = "Update"
        DELETE = "Delete"

    identifier = models.CharField(max_length=100, db_index=True)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.identifier}"


# The digitisation programme's models (heritage flags, the queue, OCR proposals).
from thuvien.digital.heritage_models import (  # noqa: E402
    DigitisationJob,
    HeritageFlag,
    HeritageKind,
    HeritageRule,
    OcrProposal,
)

__all__ = [
    "AccessLog",
    "AccessRequest",
    "Activity",
    "Collection",
    "DigitalObject",
    "DigitisationJob",
    "FixityCheck",
    "HeritageFlag",
    "HeritageKind",
    "HeritageRule",
    "OcrProposal",
    "Page",
    "Range",
]
