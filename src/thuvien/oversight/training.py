"""Training courses and who took part: the only code that writes them. A participant is a
staff account or, for a library without accounts, a named member of its staff; completing a
course counts the person once in the "staff trained" KPI."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import Conflict, InvalidInput
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check, profile_of
from thuvien.oversight.models import Participant, TrainingCourse
from thuvien.vietnamese.text import nfc

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from thuvien.actors import Actor


def add_course(
    actor: Actor,
    *,
    title: str,
    hours: Decimal | int | float,
    starts_on: date,
    ends_on: date,
    topics: str = "",
    digital_skills: bool = False,
    organiser: str = "",
) -> TrainingCourse:
    check(actor, Action.OVERSEE)
    if not title.strip():
        raise InvalidInput(_("Hãy ghi tên khoá tập huấn."), title="")
    if Decimal(str(hours)) <= 0:
        raise InvalidInput(
            _("Số giờ tập huấn phải lớn hơn 0 (đã nhập {hours}).").format(hours=hours),
            hours=hours,
        )
    if ends_on < starts_on:
        raise InvalidInput(
            _("Ngày kết thúc {end} trước ngày bắt đầu {start}.").format(
                end=ends_on.strftime("%d/%m/%Y"), start=starts_on.strftime("%d/%m/%Y")
            ),
            ends_on=ends_on,
        )
    with transaction.atomic():
        course = TrainingCourse.objects.create(
            title=nfc(title.strip()),
            hours=Decimal(str(hours)),
            starts_on=starts_on,
            ends_on=ends_on,
            topics=nfc(topics.strip()),
            digital_skills=digital_skills,
            organiser=nfc(organiser.strip()),
        )
        audit(actor, AuditEntry.Action.CREATE, "training-course", course.pk, summary=course.title)
    return course


def person_key(library: Library, user: User | None, name: str) -> str:
    if user is not None:
        return f"user:{user.pk}"
    return f"{library.code}:{' '.join(nfc(name).lower().split())}"


def add_participant(
    actor: Actor,
    course: TrainingCourse,
    *,
    library: Library | None = None,
    user: User | None = None,
    name: str = "",
    completed: bool = False,
    certificate: str = "",
) -> Participant:
    """A staff account (``user``: its library is the account's) or a named person of
    ``library``."""
    check(actor, Action.OVERSEE)
    if user is not None:
        profile = profile_of(user)
        if profile is None or profile.library is None:
            raise InvalidInput(
                _("Tài khoản {user} không thuộc thư viện nào; hãy ghi tên và thư viện.").format(
                    user=user.get_username()
                ),
                user=user.get_username(),
            )
        library = profile.library
        name = name.strip() or user.get_full_name() or user.get_username()
    if library is None or not name.strip():
        raise InvalidInput(
            _("Hãy chọn tài khoản cán bộ, hoặc ghi họ tên và thư viện của người tham gia."),
            name=name,
        )
    key = person_key(library, user, name)
    try:
        with transaction.atomic():
            row = Participant.objects.create(
                course=course,
                library=library,
                user=user,
                name=nfc(name.strip()),
                person=key,
                completed=completed,
                certificate=certificate.strip(),
            )
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "training-participant",
                row.pk,
                library_code=library.code,
                summary=f"{course.title}: {row.name}",
            )
    except IntegrityError:
        raise Conflict(
            _("{name} ({library}) đã có trong khoá “{course}”.").format(
                name=name.strip(), library=library.code, course=course.title
            ),
            name=name,
        ) from None
    return row


def complete(
    actor: Actor, participant: Participant, certificate: str = "", completed: bool = True
) -> Participant:
    check(actor, Action.OVERSEE)
    with transaction.atomic():
        participant.completed = completed
        participant.certificate = certificate.strip() or participant.certificate
        participant.save(update_fields=["completed", "certificate"])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "training-participant",
            participant.pk,
            library_code=participant.library.code,
            summary=f"{participant.name}: {'completed' if completed else 'not completed'}",
        )
    return participant
