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

from thuvien import actors
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.network.models import (
    NETWORK_WIDE_ROLES,
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
REGISTRY_FIELDS = frozenset({"library_type", "is_public", "level", "parent"})
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
        vi, en = "mã trống", "it is empty"
    elif len(code) > 32:
        vi, en = (
            f"dài {len(code)} ký tự, tối đa 32",
            f"it is {len(code)} characters long, at most 32",
        )
    elif not upper.startswith("VN-"):
        vi, en = 'phải bắt đầu bằng "VN-"', 'it must start with "VN-"'
    elif bad:
        shown = " ".join(bad)
        vi = f"có ký tự không dùng được ({shown}); chỉ dùng A–Z, 0–9 và dấu gạch nối"
        en = f"it contains characters that cannot be used ({shown}); use A–Z, 0–9 and hyphens"
    elif not _CODE_RE.fullmatch(upper):
        vi = 'sau "VN-" phải có chữ hoặc số, không có hai dấu gạch nối liền nhau hay ở cuối'
        en = 'letters or digits must follow "VN-", with no doubled or trailing hyphen'
    elif code != upper:
        vi, en = f"phải viết hoa: {upper}", f"it must be upper-case: {upper}"
    else:
        return code
    raise InvalidInput(
        f'Mã thư viện "{code}" không hợp lệ: {vi}. Ví dụ: {CODE_EXAMPLE}. '
        f'/ Library code "{code}" is not valid: {en}. Example: {CODE_EXAMPLE}.',
        code=code,
    )


def validate_type(value: str) -> str:
    if value in LibraryType.values:
        return value
    codes = ", ".join(LibraryType.values)
    raise InvalidInput(
        f'Loại thư viện "{value}" không hợp lệ; hãy chọn một trong: {codes}. '
        f'/ Library type "{value}" is not valid; choose one of: {codes}.',
        library_type=value,
    )


def validate_level(value: str) -> str:
    if value == "" or value in LibraryLevel.values:
        return value
    codes = ", ".join(LibraryLevel.values)
    raise InvalidInput(
        f'Cấp thư viện "{value}" không hợp lệ; hãy chọn một trong: {codes} (hoặc để trống). '
        f'/ Library level "{value}" is not valid; choose one of: {codes} (or leave it empty).',
        level=value,
    )


def validate_contacts(email: str, website: str) -> None:
    try:
        if email:
            validate_email(email)
    except ValidationError:
        raise InvalidInput(
            f'Địa chỉ email "{email}" không hợp lệ, ví dụ đúng: thuvien@example.vn. '
            f'/ "{email}" is not an email address, e.g. thuvien@example.vn.',
            email=email,
        ) from None
    try:
        if website:
            URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        raise InvalidInput(
            f'Trang web "{website}" không hợp lệ; ghi đầy đủ, ví dụ https://thuvien.example.vn. '
            f'/ "{website}" is not a web address; write it in full, e.g. https://thuvien.example.vn.',
            website=website,
        ) from None


def check_parent(library: Library | None, parent: Library | None) -> None:
    if parent is None:
        return
    if parent.status in CLOSED:
        raise Conflict(
            f"Thư viện cấp trên {parent.code} {parent.get_status_display().lower()}; hãy chọn "
            f"thư viện đang hoạt động. / The parent library {parent.code} is {parent.status}; "
            "choose one that is active.",
            parent=parent.code,
        )
    step: Library | None = parent
    while library is not None and step is not None:
        if step.pk == library.pk:
            raise Conflict(
                f"{parent.code} không thể là cấp trên của {library.code} vì nó trực thuộc "
                f"{library.code}. / {parent.code} cannot be the parent of {library.code}: it "
                f"reports to {library.code} itself.",
                parent=parent.code,
            )
        step = step.parent


def clean_text(library: Library) -> None:
    """Model-level checks (lengths) as one clear error instead of a database failure."""
    for name in TEXT_FIELDS:
        setattr(library, name, nfc(getattr(library, name).strip()))
    if not library.name_vi:
        raise InvalidInput(
            "Tên tiếng Việt của thư viện là bắt buộc. / The Vietnamese name is required."
        )
    validate_contacts(library.email, library.website)
    try:
        library.full_clean(exclude=["parent", "admin_unit"], validate_unique=False)
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise InvalidInput(
            f"Thông tin thư viện chưa hợp lệ: {problems} / The library's details are not valid: "
            f"{problems}",
            code=library.code,
        ) from None


def code_taken(code: str) -> Conflict:
    return Conflict(
        f"Mã {code} đã được dùng. / The code {code} is already registered; see "
        f"`thuvien library show {code}`, or choose another code.",
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
    clean_text(library)
    check_parent(library if library.pk is not None else None, library.parent)


# --- history and staff ----------------------------------------------------------------------


def closed_error(library: Library, doing: str) -> IllegalEvent:
    return IllegalEvent(
        f"Thư viện {library.code} {library.get_status_display().lower()}; không thể {doing}. "
        f"/ Library {library.code} is {library.status}: it is kept as history and cannot be "
        "changed.",
        library=library.code,
    )


def not_future(when: date, code: str) -> None:
    if when > timezone.localdate():
        raise IllegalEvent(
            f"Ngày {when} ở tương lai; chỉ ghi sự kiện đã xảy ra. / {when} is in the future; "
            "record an event once it has happened.",
            library=code,
        )


def check_event(
    library: Library, kind: str, when: date, related: list[Library], previous_name: str
) -> None:
    code = library.code
    if library.status in CLOSED:
        raise closed_error(library, "ghi thêm sự kiện")
    not_future(when, code)
    founded = library.events.filter(kind=Kind.FOUNDED).first()
    if kind == Kind.FOUNDED:
        first = library.events.order_by("date").first()
        if founded is not None:
            raise IllegalEvent(
                f"{code} đã có sự kiện thành lập ngày {founded.date}. / {code} already has a "
                f"founding event on {founded.date}.",
                library=code,
            )
        if first is not None and first.date < when:
            raise IllegalEvent(
                f"Ngày thành lập {when} muộn hơn sự kiện {first.kind} ngày {first.date} của "
                f"{code}. / The founding date {when} is after {code}'s {first.kind} event of "
                f"{first.date}.",
                library=code,
            )
    elif founded is not None and when < founded.date:
        raise IllegalEvent(
            f"Ngày {when} sớm hơn ngày thành lập {founded.date} của {code}. / {when} is before "
            f"{code} was founded ({founded.date}).",
            library=code,
        )
    if kind == Kind.RENAMED and not previous_name.strip():
        raise InvalidInput(
            "Sự kiện đổi tên cần tên cũ. / A renaming needs the previous name.", library=code
        )
    if kind in (Kind.MERGED, Kind.SPLIT):
        check_related(library, kind, related)
    elif related:
        raise InvalidInput(
            f"Sự kiện {kind} không có thư viện liên quan; chỉ sáp nhập (merged) và chia tách "
            f"(split) mới có. / A {kind} event names no other library; only merged and split do.",
            library=code,
        )


def check_related(library: Library, kind: str, related: list[Library]) -> None:
    code = library.code
    if kind == Kind.MERGED and len(related) != 1:
        raise InvalidInput(
            f"Sáp nhập cần đúng một thư viện mà {code} nhập vào (có {len(related)}). / A merger "
            f"needs exactly one library that {code} merges into ({len(related)} given).",
            library=code,
        )
    if kind == Kind.SPLIT and not related:
        raise InvalidInput(
            f"Chia tách cần ít nhất một thư viện được tách ra từ {code}. / A split needs at "
            f"least one library formed from {code}.",
            library=code,
        )
    for other in related:
        if other.pk == library.pk:
            raise IllegalEvent(
                f"{code} không thể {'sáp nhập vào' if kind == Kind.MERGED else 'tách thành'} "
                f"chính nó. / {code} cannot be {kind} into itself.",
                library=code,
            )
        if other.status in CLOSED:
            raise IllegalEvent(
                f"{other.code} {other.get_status_display().lower()}, không thể tham gia sự kiện "
                f"{kind} của {code}. / {other.code} is {other.status}; it cannot take part in "
                f"{code}'s {kind} event.",
                library=code,
                related=other.code,
            )


def role_of(value: str) -> Role:
    if value in Role.values:
        return Role(value)
    roles = ", ".join(Role.values)
    raise InvalidInput(
        f'Vai trò "{value}" không hợp lệ; hãy chọn một trong: {roles}. '
        f'/ Role "{value}" is not valid; choose one of: {roles}.',
        role=value,
    )


def check_staff_scope(actor: Actor, role: Role, library: Library | None) -> None:
    if role in NETWORK_WIDE_ROLES and library is not None:
        raise InvalidInput(
            f"Vai trò {role.value} làm việc trên toàn mạng lưới, không gắn với thư viện nào; "
            f"hãy bỏ thư viện. / The {role.value} role acts on the whole network and belongs to "
            "no library; leave the library out.",
            role=role.value,
        )
    if role not in NETWORK_WIDE_ROLES and library is None:
        raise InvalidInput(
            f"Vai trò {role.value} làm việc trong một thư viện; hãy chọn thư viện (--library "
            f"MÃ). / The {role.value} role works in one library; name it (--library CODE).",
            role=role.value,
        )
    if actors.is_program(actor):
        return
    profile = profile_of(actor)
    if role in NETWORK_WIDE_ROLES and profile is not None and profile.role != Role.NETWORK_ADMIN:
        raise NotPermitted(
            f"Chỉ quản trị mạng lưới mới tạo được tài khoản {role.value}. / Only a network admin "
            f"may create {role.value} accounts, which act on every library.",
            user=actor.get_username(),
            role=role.value,
        )
    require(actor, Action.MANAGE_STAFF, library)
