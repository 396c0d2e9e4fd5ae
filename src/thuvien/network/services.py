"""Network registry operations: the only code that changes libraries, their history, staff.

``actor`` is a Django user, checked with :func:`~thuvien.network.permissions.require`, or a
label such as ``"cli:root"`` for the operator of the machine (the command line), who is
trusted. Every change writes the audit log in the same transaction.

Rules beyond the role table: a library admin edits its own library's names and contact
details, but type, public status, level and parent body are registry facts that only a
network admin changes; merging, splitting and dissolving are the network admin's too, while
a library admin may record its own library's founding and renaming. A merged or dissolved
library is history: it is neither edited nor given new events or staff. The checks
themselves (codes, types, event legality, staff scope) are in :mod:`.validation`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.audit.services import snapshot
from thuvien.errors import Conflict, InvalidInput, NotFound, NotPermitted
from thuvien.network.models import AdministrativeUnit, Library, LibraryEvent, Role, StaffProfile
from thuvien.network.permissions import Action, can, check, profile_of, require
from thuvien.network.validation import (
    CLOSED,
    EDITABLE,
    REGISTRY_FIELDS,
    IllegalEvent,
    check_event,
    check_staff_scope,
    closed_error,
    code_taken,
    not_future,
    role_of,
    validate_contacts,
    validate_library,
    validate_type,
)
from thuvien.vietnamese.text import nfc

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from thuvien.actors import Actor

__all__ = [
    "EDITABLE",
    "IllegalEvent",
    "create_staff",
    "history",
    "library_by_code",
    "list_libraries",
    "list_staff",
    "record_event",
    "register_library",
    "update_library",
    "validate_library",
]

Kind = LibraryEvent.Kind
Status = Library.Status


def _network_admin_only(actor: Actor, refusal: str) -> None:
    """Registry decisions (a library's type, its end) are the network admin's, whose role
    may act anywhere; the refusal names the decision rather than "register a library"
    (``{user}`` and ``{role}`` to fill)."""
    if actors.is_program(actor) or can(actor, Action.REGISTER_LIBRARY):
        return
    profile = profile_of(actor)
    if profile is None:
        require(actor, Action.REGISTER_LIBRARY)  # raises: "Only staff may …"
        return
    name = actor.get_username()
    raise NotPermitted(refusal.format(user=name, role=Role(profile.role).label), user=name)


# --- libraries -------------------------------------------------------------------------------


def library_by_code(code: str) -> Library:
    """The library with this code: the one lookup by code of every command, page and API.

    Raises :class:`NotFound`; a page that answers 404, or a caller for which no library is
    an answer, adapts there.
    """
    try:
        # No joins: most callers (every loan at the desk) need the library itself only.
        return Library.objects.get(code=code.strip())
    except Library.DoesNotExist:
        raise NotFound(
            _(
                "Không có thư viện mã {code}. Xem `thuvien library list`, hoặc thêm bằng "
                "`thuvien library add`."
            ).format(code=code),
            code=code,
        ) from None


def list_libraries(
    *, library_type: str | None = None, status: str | None = None
) -> QuerySet[Library]:
    libraries = Library.objects.select_related("parent", "admin_unit").order_by("code")
    if library_type:
        libraries = libraries.filter(library_type=validate_type(library_type))
    if status:
        libraries = libraries.filter(status=status)
    return libraries


def history(library: Library) -> list[LibraryEvent]:
    """The library's own events and those of others that name it (merged into it, split)."""
    events = LibraryEvent.objects.filter(library=library) | LibraryEvent.objects.filter(
        related=library
    )
    return list(
        events.distinct()
        .select_related("library")
        .prefetch_related("related")
        .order_by("date", "id")
    )


def register_library(
    actor: Actor,
    *,
    code: str,
    name_vi: str,
    library_type: str,
    name_en: str = "",
    is_public: bool = True,
    level: str = "",
    parent: Library | None = None,
    host_organisation: str = "",
    address: str = "",
    admin_unit: AdministrativeUnit | None = None,
    phone: str = "",
    email: str = "",
    website: str = "",
    founded_on: date | None = None,
    facility: str = "library",
) -> Library:
    check(actor, Action.REGISTER_LIBRARY)
    library = Library(
        facility=facility,
        code=code,
        name_vi=name_vi,
        name_en=name_en,
        library_type=library_type,
        is_public=is_public,
        level=level,
        parent=parent,
        host_organisation=host_organisation,
        address=address,
        admin_unit=admin_unit,
        phone=phone,
        email=email,
        website=website,
    )
    validate_library(library)
    if founded_on is not None:
        not_future(founded_on, library.code)
    try:
        with transaction.atomic():
            library.save()
            if founded_on is not None:
                _add_event(library, Kind.FOUNDED, founded_on, note="", related=[], previous="")
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "library",
                library.pk,
                library_code=library.code,
                summary=library.name_vi,
                after=snapshot(library),
            )
    except IntegrityError:
        raise code_taken(library.code) from None  # registered by someone else just now
    return library


def update_library(actor: Actor, library: Library, **changes: Any) -> Library:
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise InvalidInput(
            _("Không sửa được trường {fields}; các trường sửa được: {editable}.").format(
                fields=", ".join(unknown), editable=", ".join(sorted(EDITABLE))
            ),
            fields=",".join(unknown),
        )
    check(actor, Action.EDIT_LIBRARY, library)
    if REGISTRY_FIELDS & set(changes):
        _network_admin_only(
            actor,
            _(
                "Tài khoản {user} ({role}) không được đổi loại, tính công lập, cấp hay cơ quan "
                "cấp trên của thư viện; việc này do quản trị mạng lưới làm."
            ),
        )
    with transaction.atomic():
        locked = Library.objects.select_for_update().get(pk=library.pk)
        if locked.status in CLOSED:
            raise closed_error(
                locked,
                _("Thư viện {code} {status}; không thể sửa hồ sơ."),
            )
        before = snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        validate_library(locked)
        after = snapshot(locked)
        if after == before:
            return locked
        locked.save()
        if after["name_vi"] != before["name_vi"]:
            _add_event(
                locked,
                Kind.RENAMED,
                timezone.localdate(),
                note="",
                related=[],
                previous=before["name_vi"],
            )
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "library",
            locked.pk,
            library_code=locked.code,
            summary=locked.name_vi,
            before=before,
            after=after,
        )
    return locked


# --- history ---------------------------------------------------------------------------------


def _add_event(
    library: Library, kind: str, when: date, *, note: str, related: list[Library], previous: str
) -> LibraryEvent:
    event = LibraryEvent.objects.create(
        library=library, kind=kind, date=when, note=note, previous_name=previous
    )
    event.related.set(related)
    return event


def record_event(
    actor: Actor,
    library: Library,
    kind: str,
    date: date,
    *,
    note: str = "",
    related: Iterable[Library] = (),
    previous_name: str = "",
) -> LibraryEvent:
    if kind not in Kind.values:
        kinds = ", ".join(Kind.values)
        raise InvalidInput(
            _('Loại sự kiện "{kind}" không hợp lệ; hãy chọn một trong: {kinds}.').format(
                kind=kind, kinds=kinds
            ),
            kind=kind,
        )
    if kind in (Kind.MERGED, Kind.SPLIT, Kind.DISSOLVED):
        _network_admin_only(
            actor,
            _(
                "Tài khoản {user} ({role}) không được ghi việc sáp nhập, chia tách hay giải thể "
                "thư viện; việc này do quản trị mạng lưới làm."
            ),
        )
    else:
        check(actor, Action.EDIT_LIBRARY, library)
    others = list(related)
    with transaction.atomic():
        locked = Library.objects.select_for_update().get(pk=library.pk)
        others = (
            list(
                Library.objects.select_for_update()
                .filter(pk__in=[o.pk for o in others])
                .order_by("code")
            )
            if others
            else []
        )
        check_event(locked, kind, date, others, previous_name)
        event = _add_event(
            locked,
            kind,
            date,
            note=nfc(note.strip()),
            related=others,
            previous=nfc(previous_name.strip()),
        )
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "library-event",
            event.pk,
            library_code=locked.code,
            summary=f"{kind} {date} {' '.join(o.code for o in others)}".strip(),
            after={
                "kind": kind,
                "date": str(date),
                "note": event.note,
                "related": [o.code for o in others],
                "previous_name": event.previous_name,
            },
        )
        status = {Kind.MERGED: Status.MERGED, Kind.DISSOLVED: Status.DISSOLVED}.get(Kind(kind))
        if status is not None:
            before = snapshot(locked)
            locked.status = status
            locked.save(update_fields=["status", "updated_at"])
            audit(
                actor,
                AuditEntry.Action.UPDATE,
                "library",
                locked.pk,
                library_code=locked.code,
                summary=f"{kind} {date}",
                before=before,
                after=snapshot(locked),
            )
    library.status = locked.status
    return event


# --- staff -----------------------------------------------------------------------------------


def create_staff(
    actor: Actor,
    *,
    username: str,
    password: str,
    role: str,
    library: Library | None = None,
    full_name: str = "",
    email: str = "",
) -> User:
    """A staff account with its role. ``full_name`` is kept whole, family name first, as
    Vietnamese names are written (in ``first_name``, so ``get_full_name()`` returns it)."""
    checked = role_of(role)
    check_staff_scope(actor, checked, library)
    if library is not None and library.status in CLOSED:
        raise closed_error(
            library,
            _("Thư viện {code} {status}; không thể thêm cán bộ."),
        )
    username = username.strip()
    try:
        if not username:
            raise ValidationError("empty")
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise InvalidInput(
            _(
                'Tên đăng nhập "{username}" không hợp lệ; dùng chữ, số và . @ + - _ (tối đa 150).'
            ).format(username=username),
            username=username,
        ) from None
    user_model = get_user_model()
    taken = Conflict(
        _("Tên đăng nhập {username} đã có người dùng.").format(username=username),
        username=username,
    )
    if user_model.objects.filter(username__iexact=username).exists():
        raise taken
    validate_contacts(email.strip(), "")
    user = user_model(username=username, email=email.strip(), first_name=nfc(full_name.strip()))
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        reasons = " ".join(exc.messages)
        raise InvalidInput(
            _("Mật khẩu chưa đạt yêu cầu: {reasons}").format(reasons=reasons),
            username=username,
        ) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            profile = StaffProfile.objects.create(user=user, role=checked, library=library)
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "staff",
                user.pk,
                library_code=library.code if library else "",
                summary=f"{username} ({checked.value}) by {actors.label(actor)}",
                after={
                    "username": username,
                    "role": checked.value,
                    "library": library.code if library else None,
                    "full_name": user.first_name,
                    "email": user.email,
                },
            )
    except IntegrityError:
        raise taken from None
    user.staff = profile
    return user


def list_staff(library: Library | None = None) -> QuerySet[StaffProfile]:
    """Network-wide accounts first, then each library's, by username (same on both databases,
    which otherwise disagree on where NULL sorts)."""
    profiles = StaffProfile.objects.select_related("user", "library").order_by(
        F("library__code").asc(nulls_first=True), "user__username"
    )
    return profiles.filter(library=library) if library is not None else profiles
