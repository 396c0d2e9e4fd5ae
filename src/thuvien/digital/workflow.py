"""Theses and research papers: submit → review → publish, with an embargo date.

The moves are the :data:`~thuvien.digital.machines.WORKFLOW` table, made by the lifecycle
engine (race-safe, with its history row and audit entry). Around it this module keeps what is
the digital library's own: authors submit their own drafts; staff of the owning library
review, return, publish and withdraw; a move changes what readers see, so the cached pages are
forgotten and the text reindexed. An embargoed object is published but stays invisible to
readers until its date.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from thuvien.digital import discovery
from thuvien.digital.lookup import forget_pages
from thuvien.digital.machines import WORKFLOW
from thuvien.digital.models import DigitalObject
from thuvien.digital.tasks import reindex_record
from thuvien.lifecycle import services as lifecycle
from thuvien.network.permissions import Action, require

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

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
        obj = DigitalObject.objects.select_related("library").get(pk=obj.pk)
        lifecycle.check(WORKFLOW, obj, name)  # an illegal move is refused before permissions
        is_author = obj.submitted_by_id is not None and obj.submitted_by_id == actor.pk
        if not (name in AUTHOR_MOVES and is_author):
            require(actor, Action.EDIT_CATALOGUE, obj.library)
        changes: dict[str, Any] = {}
        if name == "publish" and embargo_until is not None:
            changes["embargo_until"] = embargo_until
        lifecycle.move(
            WORKFLOW, obj, name, actor=actor, library_code=obj.library.code, note=note, **changes
        )
        # The lifecycle writes with an UPDATE, which sends no post_save: tell the feed here.
        discovery.noted(obj)
    forget_pages()
    reindex_record(obj)  # its text is searchable only while it is published
    return obj
