"""The portal's look: the province's and each library's name, logo and colours.

An administrator sets them on a staff page; the portal asks :func:`look` for what to show.
Whatever a library leaves empty comes from the province's, and whatever the province leaves
empty from thuvien's defaults, so a fresh install looks finished. Rules of the house: the
logo is a PNG, JPEG or WebP image (SVG is refused: it may carry scripts) of at most
:data:`LOGO_MAX_BYTES` and :data:`LOGO_MAX_SIDE` pixels a side; each colour keeps white text
on it readable (WCAG AA, 4.5:1), as the portal's own colours do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import InvalidInput
from thuvien.network.models import Branding, Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_SIDE = 2000
DEFAULT_HEAD = "#12325a"
DEFAULT_ACCENT = "#0b5cad"
TEXT_FIELDS = ("name", "tagline", "footer")
COLOUR_FIELDS = ("head_colour", "accent_colour")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# The first bytes of each image type accepted (checked before decoding).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


@dataclass(frozen=True)
class Look:
    """What a portal page shows: ``scope`` names whose logo to fetch ("province" or a
    library's code); ``logo_version`` is empty when there is no logo."""

    name: str
    tagline: str
    footer: str
    head_colour: str
    accent_colour: str
    scope: str
    logo_version: str


def branding_of(library: Library | None) -> Branding | None:
    """The stored branding of a library (None: the province's), if any."""
    if library is None:
        return Branding.objects.filter(library__isnull=True).first()
    return Branding.objects.filter(library=library).first()


def look(library: Library | None = None, default_name: str = "") -> Look:
    """What the portal shows for ``library`` (None: the province), defaults filled in: a
    library is named by its branding's name, else its registered name; the province by its
    branding's name, else ``default_name``."""
    # One query for both rows, without the logos' bytes: every portal page asks.
    wanted = (
        Q(library__isnull=True) if library is None else Q(library__isnull=True) | Q(library=library)
    )
    rows = list(Branding.objects.filter(wanted).defer("logo"))
    province = next((row for row in rows if row.library_id is None), None)
    own = next((row for row in rows if row.library_id is not None), None)

    def pick(field: str, fallback: str) -> str:
        for row in (own, province):
            if row is not None and getattr(row, field):
                return str(getattr(row, field))
        return fallback

    with_logo = next((row for row in (own, province) if row is not None and row.logo_version), None)
    scope = "province"
    if with_logo is not None and with_logo.library_id is not None and library is not None:
        scope = library.code
    if own is not None and own.name:
        name = str(own.name)
    elif library is not None:
        name = library.name_vi
    else:
        name = pick("name", default_name)
    return Look(
        name=name,
        tagline=pick("tagline", ""),
        footer=pick("footer", ""),
        head_colour=pick("head_colour", DEFAULT_HEAD),
        accent_colour=pick("accent_colour", DEFAULT_ACCENT),
        scope=scope,
        logo_version=with_logo.logo_version if with_logo is not None else "",
    )


def logo(scope: str) -> Branding | None:
    """The branding row whose logo the portal serves under ``scope``, if it has one."""
    rows = Branding.objects.exclude(logo_version="")
    if scope == "province":
        return rows.filter(library__isnull=True).first()
    return rows.filter(library__code=scope).first()


# --- checks ---------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def check_colour(field: str, value: str) -> str:
    """``value`` as stored (lower case), or :class:`InvalidInput` saying what to enter."""
    if value == "":
        return ""
    if not _COLOUR.fullmatch(value):
        raise InvalidInput(
            _("Màu “{value}” không hợp lệ; hãy nhập dạng #rrggbb, ví dụ #12325a.").format(
                value=value
            ),
            **{field: value},
        )
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise InvalidInput(
            _(
                "Màu {value} quá nhạt: chữ trắng trên màu này chỉ đạt độ tương phản "
                "{ratio}:1, cần ít nhất 4.5:1; hãy chọn màu đậm hơn."
            ).format(value=value, ratio=f"{ratio:.1f}"),
            **{field: value},
        )
    return value.lower()


def check_logo(name: str, data: bytes) -> str:
    """The logo's content type, or :class:`InvalidInput` saying what is wrong with the file."""
    if len(data) > LOGO_MAX_BYTES:
        raise InvalidInput(
            _("Biểu trưng {name} nặng {size} KB, quá giới hạn {limit} KB; hãy thu nhỏ ảnh.").format(
                name=name, size=(len(data) + 1023) // 1024, limit=LOGO_MAX_BYTES // 1024
            ),
            logo=name,
        )
    kind = next((k for sig, k in _SIGNATURES if data.startswith(sig)), "")
    if not kind and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = "image/webp"
    if not kind:
        raise InvalidInput(
            _("Tệp {name} không phải ảnh PNG, JPEG hay WebP; hãy tải lên một ảnh.").format(
                name=name
            ),
            logo=name,
        )
    import pyvips

    try:
        image = pyvips.Image.new_from_buffer(data, "")
        width, height = image.width, image.height
        image.avg()  # decodes the pixels: a truncated file fails here, not in a reader's browser
    except pyvips.Error:
        raise InvalidInput(
            _("Tệp {name} bị hỏng, không đọc được ảnh; hãy lưu lại ảnh rồi tải lên.").format(
                name=name
            ),
            logo=name,
        ) from None
    if max(width, height) > LOGO_MAX_SIDE:
        raise InvalidInput(
            _(
                "Biểu trưng {name} rộng {width}×{height} điểm ảnh, quá {limit} điểm một cạnh; "
                "hãy thu nhỏ ảnh."
            ).format(name=name, width=width, height=height, limit=LOGO_MAX_SIDE),
            logo=name,
        )
    return kind


# --- the one change -------------------------------------------------------------------------


def set_branding(
    actor: Actor,
    library: Library | None,
    *,
    logo: tuple[str, bytes] | None = None,
    remove_logo: bool = False,
    **values: str,
) -> Branding:
    """Set the province's (``library`` None) or a library's branding. ``values`` are any of
    the text and colour fields (empty: fall back); ``logo`` is (file name, bytes)."""
    check(actor, Action.SET_BRANDING, library)
    unknown = set(values) - set(TEXT_FIELDS) - set(COLOUR_FIELDS)
    if unknown:
        raise ValueError(f"Unknown branding fields: {sorted(unknown)}")  # a typo in code
    changes: dict[str, Any] = {}
    for field, raw in values.items():
        value = raw.strip()
        changes[field] = check_colour(field, value) if field in COLOUR_FIELDS else value
    if logo is not None:
        name, data = logo
        changes["logo_type"] = check_logo(name, data)
        changes["logo"] = data
        changes["logo_version"] = hashlib.sha256(data).hexdigest()[:12]
    elif remove_logo:
        changes.update(logo=b"", logo_type="", logo_version="")
    with transaction.atomic():
        lookup = {"library__isnull": True} if library is None else {"library": library}
        row = Branding.objects.select_for_update().filter(**lookup).first()
        created = row is None
        if row is None:
            row = Branding(library=library)
        before = _shown(row)
        for field, value in changes.items():
            setattr(row, field, value)
        after = _shown(row)
        if created or after != before:
            row.save()
            audit(
                actor,
                AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                "branding",
                row.pk,
                library_code=library.code if library is not None else "",
                summary=library.name_vi if library is not None else _("Toàn tỉnh"),
                before=None if created else before,
                after=after,
            )
    return row


def _shown(row: Branding) -> dict[str, str]:
    """The audit log's view of a branding: the logo by its version, not its bytes."""
    fields = (*TEXT_FIELDS, *COLOUR_FIELDS, "logo_type", "logo_version")
    return {field: str(getattr(row, field)) for field in fields}
