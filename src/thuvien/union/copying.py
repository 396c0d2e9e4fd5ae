"""Copy cataloguing from the union: take a member library's record as one's own, and put
the copy straight into its source's cluster (the applier would place it too, a moment later;
placing here lets the cataloguer see the cluster at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thuvien.actors import SYSTEM
from thuvien.catalogue import copying
from thuvien.catalogue.models import Record
from thuvien.errors import NotFound
from thuvien.network.models import Library
from thuvien.union import clusters, services

if TYPE_CHECKING:
    from thuvien.actors import Actor


def source_record(record_id: int) -> Record:
    """A record of the union to copy from, with its library."""
    found = (
        Record.objects.filter(pk=record_id, kind=Record.Kind.BIBLIOGRAPHIC)
        .select_related("library")
        .first()
    )
    if found is None:
        raise NotFound(
            _("Không có biểu ghi số {id} trong mục lục liên hợp; hãy tìm lại.").format(
                id=record_id
            ),
            record=record_id,
        )
    return found


def copy_into(actor: Actor, source: Record, library: Library) -> tuple[Record, int | None]:
    """Copy ``source`` into ``library`` (permissions and audit: catalogue.copying) and place
    the copy; returns the copy and the cluster it joined (None if it stands alone)."""
    copy = copying.copy_record(actor, source, library)
    # Placing follows from the copy as the applier's placing does: the system's work, not a
    # decision of the cataloguer's (who may catalogue for her library only).
    services.place(SYSTEM, [copy.pk])
    return copy, clusters.of_record(copy.pk)
