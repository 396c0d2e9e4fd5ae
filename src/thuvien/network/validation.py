"""The rules of the network registry, checked before anything is written.

Pure checks: each returns the cleaned value or raises a :class:`~thuvien.errors.ThuvienError`
whose message says what is wrong, with which value, and what to do. The services call them;
so do forms, so that a page refuses exactly what the services would.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.network.models import (
    NETWORK_WIDE_ROLES,
    Facility,
    Library,
    LibraryEvent,
    LibraryLevel,
    LibraryType,
    Role,
)
from thuvien.network.permissions import Action, profile_of, require
from thuvien.vietnamese.text import nfc

if TYPE_CHECKING:
    from thuvien.actors import Actor

Kind = LibraryEvent.Kind
Status = Library.Status
CLOSED = frozenset({Status.MERGED, Status.DISSOLVED})
CODE_EXAMPLE = "VN-HN0001"
_CODE_RE = re.compile(r"VN-[A-Z0-9]+(?:-[A-Z0-9]+)*")
TEXT_FIELDS = ("name_vi", "name_en", "host_organisation", "address", "phone", "email", "website")
# Fields a library admin may change on its own library; the rest need a network admin.
OWN_FIELDS = frozenset(TEXT_FIELDS) | {"admin_unit"}
REGISTRY_FIELDS = frozenset({"library_type", "is_public", "level", "parent", "facility"})
EDITABLE = OWN_FIELDS | REGISTRY_FIELDS


class IllegalEvent(Conflict):
    """An event that cannot happen to this library (now, or at this date)."""

    code = "library.illegal_event"


# --- library details -------------------------------------------------------------------------


def validate_code(code: str) -> str:
    """The code, stripped, if it is ISIL-style (``VN-`` + A–Z, 0–9, hyphens, ≤ 32)."""
    code = code.strip()
    upper = code.upper()
    bad = sorted({c for c in code[3:] if not (c.isascii() and (c.isalnum() or c == "-"))})
    if not code:
        reason = _("mã trống")
    elif len(code) > 32:
        reason = _("dài {length} ký tự, tối đa 32").format(length=len(code))
    elif not upper.startswith("VN-"):
        reason = _('phải bắt đầu bằng "VN-"')
    elif bad:
        reason = _("có ký tự không dùng được ({shown}); chỉ dùng A–Z, 0–9 và dấu gạch nối").format(
            shown=" ".join(bad)
        )
    elif not _CODE_RE.fullmatch(upper):
        reason = _('sau "VN-" phải có chữ hoặc số, không có hai dấu gạch nối liền nhau hay ở cuối')
    elif code != upper:
        reason = _("phải viết hoa: {upper}").format(upper=upper)
    else:
        return code
    raise InvalidInput(
        _('Mã thư viện "{code}" không hợp lệ: {reason}. Ví dụ: {example}.').format(
            code=code, reason=reason, example=CODE_EXAMPLE
        ),
        code=code,
    )


def validate_type(value: str) -> str:
    if value in LibraryType.values:
        return value
    codes = ", ".join(LibraryType.values)
    raise InvalidInput(
        _('Loại thư viện "{value}" không hợp lệ; hãy chọn một trong: {codes}.').format(
            value=value, codes=codes
        ),
        library_type=value,
    )


def validate_level(value: str) -> str:
    if value == "" or value in LibraryLevel.values:
        return value
    codes = ", ".join(LibraryLevel.values)
    raise InvalidInput(
        _(
            'Cấp thư viện "{value}" không hợp lệ; hãy chọn một trong: {codes} (hoặc để trống).'
        ).format(value=value, codes=codes),
        level=value,
    )


def validate_facility(value: str) -> str:
    if value in Facility.values:
        return value
    raise InvalidInput(
        _('Loại cơ sở "{value}" không hợp lệ; hãy chọn một trong: {codes}.').format(
            value=value, codes=", ".join(Facility.values)
        ),
        facility=value,
    )


def validate_contacts(email: str, website: str) -> None:
    try:
        if email:
            validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _('Địa chỉ email "{email}" không hợp lệ, ví dụ đúng: thuvien@example.vn.').format(
                email=email
            ),
            email=email,
        ) from None
    try:
        if website:
            URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        raise InvalidInput(
            _(
                'Trang web "{website}" không hợp lệ; ghi đầy đủ, ví dụ https://thuvien.example.vn.'
            ).format(website=website),
            website=website,
        ) from None


def check_parent(library: Library | None, parent: Library | None) -> None:
    if parent is None:
        return
    if parent.status in CLOSED:
        raise Conflict(
            _("Thư viện cấp trên {parent} {status}; hãy chọn thư viện đang hoạt động.").format(
                parent=parent.code, status=parent.get_status_display().lower()
            ),
            parent=parent.code,
        )
    step: Library | None = parent
    while library is not None and step is not None:
        if step.pk == library.pk:
            raise Conflict(
                _(
                    "{parent} không thể là cấp trên của {library} vì nó trực thuộc {library}."
                ).format(parent=parent.code, library=library.code),
                parent=parent.code,
            )
        step = step.parent


def clean_text(library: Library) -> None:
    """Model-level checks (lengths) as one clear error instead of a database failure."""
    for name in TEXT_FIELDS:
        setattr(library, name, nfc(getattr(library, name).strip()))
    if not library.name_vi:
        raise InvalidInput(_("Tên tiếng Việt của thư viện là bắt buộc."))
    validate_contacts(library.email, library.website)
    try:
        library.full_clean(exclude=["parent", "admin_unit"], validate_unique=False)
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise InvalidInput(
            _("Thông tin thư viện chưa hợp lệ: {problems}").format(problems=problems),
            code=library.code,
        ) from None


def code_taken(code: str) -> Conflict:
    return Conflict(
        _("Mã {code} đã được dùng.").format(code=code),
        code=code,
    )


def validate_library(library: Library) -> None:
    """Every check of a library's details (a new one when it has no pk), without saving;
    text is stripped and put in NFC. Forms call this too, so they refuse what the services
    would."""
    if library.pk is None:
        library.code = validate_code(library.code)
        if Library.objects.filter(code=library.code).exists():
            raise code_taken(library.code)
    validate_type(library.library_type)
    validate_level(library.level)
    validate_facility(library.facility)
    clean_text(library)
    check_parent(library if library.pk is not None else None, library.parent)


# --- history and staff ----------------------------------------------------------------------


def closed_error(library: Library, message: str) -> IllegalEvent:
    """``message`` names what cannot be done, with ``{code}`` and ``{status}`` to fill."""
    return IllegalEvent(
        message.format(code=library.code, status=library.get_status_display().lower()),
        library=library.code,
    )


def not_future(when: date, code: str) -> None:
    if when > timezone.localdate():
        raise IllegalEvent(
            _("Ngày {when} ở tương lai; chỉ ghi sự kiện đã xảy ra.").format(when=when),
            library=code,
        )


def check_event(
    library: Library, kind: str, when: date, related: list[Library], previous_name: str
) -> None:
    code = library.code
    if library.status in CLOSED:
        raise closed_error(
            library,
            _("Thư viện {code} {status}; không thể ghi thêm sự kiện."),
        )
    not_future(when, code)
    founded = library.events.filter(kind=Kind.FOUNDED).first()
    if kind == Kind.FOUNDED:
        first = library.events.order_by("date").first()
        if founded is not None:
            raise IllegalEvent(
                _("{code} đã có sự kiện thành lập ngày {founded}.").format(
                    code=code, founded=founded.date
                ),
                library=code,
            )
        if first is not None and first.date < when:
            raise IllegalEvent(
                _("Ngày thành lập {when} muộn hơn sự kiện {kind} ngày {date} của {code}.").format(
                    when=when, kind=first.get_kind_display().lower(), date=first.date, code=code
                ),
                library=code,
            )
    elif founded is not None and when < founded.date:
        raise IllegalEvent(
            _("Ngày {when} sớm hơn ngày thành lập {founded} của {code}.").format(
                when=when, founded=founded.date, code=code
            ),
            library=code,
        )
    if kind == Kind.RENAMED and not previous_name.strip():
        raise InvalidInput(
            _("Sự kiện đổi tên cần tên cũ."),
            library=code,
        )
    if kind in (Kind.MERGED, Kind.SPLIT):
        check_related(library, kind, related)
    elif related:
        raise InvalidInput(
            _(
                "Sự kiện {kind} không có thư viện liên quan; chỉ sáp nhập (merged) và chia tách "
                "(split) mới có."
            ).format(kind=kind),
            library=code,
        )


def check_related(library: Library, kind: str, related: list[Library]) -> None:
    code = library.code
    if kind == Kind.MERGED and len(related) != 1:
        raise InvalidInput(
            _("Sáp nhập cần đúng một thư viện mà {code} nhập vào (có {count}).").format(
                code=code, count=len(related)
            ),
            library=code,
        )
    if kind == Kind.SPLIT and not related:
        raise InvalidInput(
            _("Chia tách cần ít nhất một thư viện được tách ra từ {code}.").format(code=code),
            library=code,
        )
    for other in related:
        if other.pk == library.pk:
            itself = (
                _("{code} không thể sáp nhập vào chính nó.")
                if kind == Kind.MERGED
                else _("{code} không thể tách thành chính nó.")
            )
            raise IllegalEvent(itself.format(code=code), library=code)
        if other.status in CLOSED:
            raise IllegalEvent(
                _("{other} {status}, không thể tham gia sự kiện {kind} của {code}.").format(
                    other=other.code,
                    status=other.get_status_display().lower(),
                    kind=kind,
                    code=code,
                ),
                library=code,
                related=other.code,
            )


def role_of(value: str) -> Role:
    if value in Role.values:
        return Role(value)
    roles = ", ".join(Role.values)
    raise InvalidInput(
        _('Vai trò "{value}" không hợp lệ; hãy chọn một trong: {roles}.').format(
            value=value, roles=roles
        ),
        role=value,
    )


def check_staff_scope(actor: Actor, role: Role, library: Library | None) -> None:
    if role in NETWORK_WIDE_ROLES and library is not None:
        raise InvalidInput(
            _(
                "Vai trò {role} làm việc trên toàn mạng lưới, không gắn với thư viện nào; "
                "hãy bỏ thư viện."
            ).format(role=role.value),
            role=role.value,
        )
    if role not in NETWORK_WIDE_ROLES and library is None:
        raise InvalidInput(
            _(
                "Vai trò {role} làm việc trong một thư viện; hãy chọn thư viện (--library MÃ)."
            ).format(role=role.value),
            role=role.value,
        )
    if actors.is_program(actor):
        return
    profile = profile_of(actor)
    if role in NETWORK_WIDE_ROLES and profile is not None and profile.role != Role.NETWORK_ADMIN:
        raise NotPermitted(
            _("Chỉ quản trị mạng lưới mới tạo được tài khoản {role}.").format(role=role.value),
            user=actor.get_username(),
            role=role.value,
        )
    require(actor, Action.MANAGE_STAFF, library)
