"""The province's library network: administrative units, libraries, their history, staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class AdministrativeUnit(models.Model):
    """A province, district or commune, valid over a span of dates.

    Vietnam abolished districts and went from 63 to 34 provinces on 2025-07-01. Units of
    both schemes are kept side by side so that a library's history and old statistics still
    point at the unit they were made under; ``successors`` says which new unit an old one
    became (part of).
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh/thành phố")
        DISTRICT = "district", _("Quận/huyện")
        COMMUNE = "commune", _("Xã/phường/đặc khu")

    class Scheme(models.TextChoices):
        BEFORE_2025 = "2004", _("Trước 01/07/2025 (63 tỉnh)")
        SINCE_2025 = "2025", _("Từ 01/07/2025 (34 tỉnh)")

    scheme = models.CharField(max_length=4, choices=Scheme.choices)
    code = models.CharField(max_length=10, help_text="GSO code within its scheme.")
    name = models.CharField(max_length=120)
    division_type = models.CharField(max_length=40, help_text="tỉnh, thành phố trung ương, xã…")
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="Empty while in force.")
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unit_code_unique_in_scheme")
        ]
        indexes = [models.Index(fields=["scheme", "level", "name"])]
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        if self.parent_id is not None and self.parent is not None:
            return f"{self.name}, {self.parent.name}"
        return self.name


class LibraryType(models.TextChoices):
    """The eight types of library of the 2019 Library Law, Art. 9."""

    NATIONAL = "national", _("Thư viện Quốc gia Việt Nam")
    PUBLIC = "public", _("Thư viện công cộng")
    SPECIALISED = "specialised", _("Thư viện chuyên ngành")
    ARMED_FORCES = "armed-forces", _("Thư viện lực lượng vũ trang nhân dân")
    UNIVERSITY = "university", _("Thư viện cơ sở giáo dục đại học")
    SCHOOL = "school", _("Thư viện cơ sở giáo dục phổ thông")
    COMMUNITY = "community", _("Thư viện cộng đồng")
    FOREIGN = "foreign", _("Thư viện có vốn đầu tư nước ngoài")


class LibraryLevel(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCIAL = "provincial", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 2025)")
    COMMUNE = "commune", _("Cấp xã")
    INSTITUTION = "institution", _("Cơ quan, tổ chức, trường học")
    COMMUNITY = "community", _("Cộng đồng, tư nhân")


class Facility(models.TextChoices):
    """What kind of place a registry entry is. The Ministry's statistics count reading rooms
    and community book cabinets beside libraries, so they are registry entries too (with a
    code, a unit, a parent library and a history), told apart here and left out of the plans'
    "libraries" ratios."""

    LIBRARY = "library", _("Thư viện")
    READING_ROOM = "reading-room", _("Phòng đọc sách")
    BOOK_CABINET = "book-cabinet", _("Tủ sách cộng đồng")


class Library(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        SUSPENDED = "suspended", _("Tạm ngừng")
        MERGED = "merged", _("Đã sáp nhập")
        DISSOLVED = "dissolved", _("Đã giải thể")

    code = models.CharField(
        max_length=32, unique=True, help_text="ISIL-style code, e.g. VN-HN0001."
    )
    name_vi = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255, blank=True)
    library_type = models.CharField(max_length=16, choices=LibraryType.choices)
    is_public = models.BooleanField(
        default=True, help_text="Public library (công lập) or non-public (ngoài công lập)."
    )
    level = models.CharField(max_length=16, choices=LibraryLevel.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
        help_text="The library this one reports to (e.g. the provincial library).",
    )
    host_organisation = models.CharField(
        max_length=255, blank=True, help_text="School, agency or unit the library belongs to."
    )
    address = models.CharField(max_length=255, blank=True)
    admin_unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    facility = models.CharField(max_length=16, choices=Facility.choices, default=Facility.LIBRARY)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "libraries"

    def __str__(self) -> str:
        return f"{self.code} {self.name_vi}"


class OnlineService(models.TextChoices):
    """Services a library offers on the web, as the yearly report asks for them."""

    CATALOGUE = "catalogue", _("Tra cứu mục lục trực tuyến")
    RENEWAL = "renewal", _("Gia hạn, đặt mượn trực tuyến")
    DIGITAL = "digital", _("Đọc tài liệu số trực tuyến")
    REGISTRATION = "registration", _("Đăng ký thẻ trực tuyến")
    QUESTIONS = "questions", _("Hỏi đáp trực tuyến")
    APP = "app", _("Ứng dụng di động")


class LibraryFacilities(models.Model):
    """What the yearly report and the plans ask about a library's premises and equipment,
    entered by the library (or the network admin): one row per registry entry."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="facilities")
    floor_area_m2 = models.PositiveIntegerField(null=True, blank=True)
    seats = models.PositiveIntegerField(null=True, blank=True)
    opening_hours = models.CharField(max_length=255, blank=True)
    reader_computers = models.PositiveIntegerField(default=0)
    scanners = models.PositiveIntegerField(default=0)
    has_rfid = models.BooleanField(default=False)
    has_internet = models.BooleanField(default=False)
    online_services = models.JSONField(default=list, blank=True, help_text="OnlineService values")
    library_software = models.CharField(max_length=80, blank=True, help_text="Koha, Libol…")
    linked_to_provincial = models.BooleanField(
        default=False, help_text="Its library software shares data with the provincial library."
    )
    staff_count = models.PositiveIntegerField(null=True, blank=True)
    rare_documents_held = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rare and ancient documents held (tài liệu quý hiếm, cổ)."
    )
    endogenous_documents_held = models.PositiveIntegerField(
        null=True, blank=True, help_text="Endogenous documents held (tài liệu nội sinh)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.library.code} facilities"


class Population(models.Model):
    """The population of an administrative unit in a year, entered by the Department: the
    denominator of the per-capita indicators."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=255, blank=True, help_text="Statistics office, census…")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_population_per_unit_year")
        ]
        ordering = ["unit", "year"]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.population}"


class LibraryEvent(models.Model):
    """A dated fact in a library's life, kept for history and statistics."""

    class Kind(models.TextChoices):
        FOUNDED = "founded", _("Thành lập")
        RENAMED = "renamed", _("Đổi tên")
        MERGED = "merged", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        DISSOLVED = "dissolved", _("Giải thể")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    date = models.DateField()
    note = models.TextField(blank=True)
    previous_name = models.CharField(max_length=255, blank=True)
    related = models.ManyToManyField(Library, blank=True, related_name="related_events")

    class Meta:
        ordering = ["library", "date", "id"]

    def __str__(self) -> str:
        return f"{self.library.code} {self.kind} {self.date}"


class Role(models.TextChoices):
    NETWORK_ADMIN = "network-admin", _("Quản trị mạng lưới")
    DEPARTMENT_OFFICER = "department-officer", _("Cán bộ Sở VHTTDL")
    LIBRARY_ADMIN = "library-admin", _("Quản trị thư viện")
    CATALOGUER = "cataloguer", _("Biên mục viên")
    CIRCULATION_CLERK = "circulation-clerk", _("Thủ thư lưu thông")


NETWORK_WIDE_ROLES = frozenset({Role.NETWORK_ADMIN, Role.DEPARTMENT_OFFICER})


class StaffProfile(models.Model):
    """A staff account's role, scoped to one library (except network-wide roles)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(max_length=24, choices=Role.choices)
    library = models.ForeignKey(
        Library, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    # Sorted: the roles are a set, and an unsorted list would differ between
                    # runs, so makemigrations would see a new constraint each time.
                    models.Q(role__in=sorted(r.value for r in NETWORK_WIDE_ROLES))
                    | models.Q(library__isnull=False)
                ),
                name="staff_scoped_to_a_library",
            )
        ]

    def __str__(self) -> str:
        where = self.library.code if self.library else "network"
        return f"{self.user.get_username()} ({self.role} @ {where})"


class Branding(models.Model):
    """How the portal presents the province (``library`` empty) or one library: the name in
    the header, a line under it, a logo and two colours. Set by an administrator on a staff
    page (:mod:`thuvien.network.branding`); anything left empty falls back to the province's,
    then to thuvien's own defaults."""

    library = models.OneToOneField(
        Library, null=True, blank=True, on_delete=models.CASCADE, related_name="branding"
    )
    name = models.CharField(max_length=120, blank=True)
    tagline = models.CharField(max_length=200, blank=True)
    footer = models.CharField(max_length=300, blank=True, help_text="Address, hours, copyright…")
    # The logo is small (checked on upload) and kept in the database, so that it travels with
    # backups and needs no media server.
    logo = models.BinaryField(blank=True, default=b"")
    logo_type = models.CharField(max_length=20, blank=True, help_text="image/png, image/jpeg…")
    logo_version = models.CharField(max_length=16, blank=True, help_text="Changes with the logo.")
    head_colour = models.CharField(max_length=7, blank=True, help_text="#rrggbb: the header.")
    accent_colour = models.CharField(max_length=7, blank=True, help_text="#rrggbb: links, buttons.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # One row for the province: NULLs are distinct in a unique index, so the library
            # is read as 0 there.
            models.UniqueConstraint(
                Coalesce("library", models.Value(0)),
                name="one_branding_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"branding {self.library.code if self.library else 'province'}"


class News(models.Model):
    """A news item or page a library (or, with ``library`` empty, the Department) publishes on
    the portal. The body is Markdown, rendered and sanitised when shown."""

    class Kind(models.TextChoices):
        NEWS = "news", _("Tin tức")
        LIBRARY_WORK = "library-work", _("Công tác thư viện")

    class State(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã đăng")

    library = models.ForeignKey(
        Library, null=True, blank=True, on_delete=models.PROTECT, related_name="news"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=False)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text="Markdown; raw HTML is not kept.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["state", "-published_at"])]
        verbose_name_plural = "news"

    def __str__(self) -> str:
        return self.title
