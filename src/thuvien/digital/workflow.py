"""Theses and research papers: submit → review → publish, with an embargo date.

A state machine like the rest of thuvien's lifecycles: one table of legal moves, one entry
point (:func:`move`), a typed error for an illegal move, a history row for every move.
Authors submit their own drafts; staff of the owning library review, return, publish and
withdraw. An embargoed object is published but stays invisible to readers until its date.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.digital.errors import IllegalTransition
from thuvien.digital.lookup import forget_pages
from thuvien.digital.models import DigitalObject, StatusChange
from thuvien.digital.tasks import reindex_record
from thuvien.network.permissions import Action, require

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

S = DigitalObject.Status

# (from, move) → to
MOVES: dict[tuple[str, str], str] = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "return"): S.DRAFT,
    (S.SUBMITTED, "publish"): S.PUBLISHED,
    (S.PUBLISHED, "withdraw"): S.WITHDRAWN,
    (S.WITHDRAWN, "publish"): S.PUBLISHED,
}
# Moves an author may make on their own submission; the rest are the library staff's.
AUTHOR_MOVES = {"submit"}


def move(
    actor: AbstractBaseUser | AnonymousUser,
    obj: DigitalObject,
    name: str,
    *,
    note: str = "",
    embargo_until: datetime.date | None = None,
) -> DigitalObject:
    with transaction.atomic():
        obj = DigitalObject.objects.select_for_update().select_related("library").get(pk=obj.pk)
        target = MOVES.get((obj.status, name))
        if target is None:
            raise IllegalTransition(
                f"Không thể '{name}' khi tài liệu đang ở trạng thái {obj.status}. / "
                f"Cannot {name} an object that is {obj.status}.",
                identifier=obj.identifier,
                status=obj.status,
                move=name,
            )
        is_author = obj.submitted_by_id is not None and obj.submitted_by_id == actor.pk
        if not (name in AUTHOR_MOVES and is_author):
            require(actor, Action.EDIT_CATALOGUE, obj.library)
        before = obj.status
        obj.status = target
        if name == "publish" and embargo_until is not None:
            obj.embargo_until = embargo_until
        obj.save(update_fields=["status", "embargo_until", "updated_at"])
        StatusChange.objects.create(
            digital_object=obj,
            move=name,
            from_status=before,
            to_status=target,
            actor_id=actor.pk,
            actor_label=actor.get_username(),
            note=note,
        )
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "digital object",
            obj.identifier,
            library_code=obj.library.code,
            summary=f"{obj.identifier}: {name} ({before} → {target})",
            before={"status": before},
            after={"status": target, "embargo_until": str(obj.embargo_until or "")},
        )
    forget_pages()
    reindex_record(obj)  # its text is searchable only while it is published
    return obj
