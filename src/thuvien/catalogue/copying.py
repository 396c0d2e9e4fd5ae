"""Copy cataloguing inside the network: a library takes another member's record as its own.

The copy is a new record of the taking library, with the source's description kept whole
(leader, control fields, every bibliographic field) and its provenance recorded twice:
``copied_from`` names the source record and ``source`` says where it came from. The
source library's copies stay with it: holdings fields (852, 876-878, Koha's 952) are left
out, the taking library adds its own copies afterwards. The source record is never changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue.extract import extract
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.changes import feed
from thuvien.errors import Conflict, InvalidInput
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor

HOLDINGS_TAGS = frozenset({"852", "876", "877", "878", "952"})


def provenance(source: Record) -> str:
    """What ``Record.source`` says of a copy: the union, the library and the record."""
    return f"union:{source.library.code}#{source.pk}"


def copied_marc(source: Record) -> MarcRecord:
    """The source's description without its library's copies."""
    marc = MarcRecord.from_stored(source.leader, source.marc)
    return MarcRecord(marc.leader, [f for f in marc.fields if f[0] not in HOLDINGS_TAGS])


def copy_record(actor: Actor, source: Record, library: Library) -> Record:
    """A copy of ``source`` in ``library`` (the actor must be allowed to catalogue there)."""
    check(actor, Action.EDIT_CATALOGUE, library)
    if source.kind != Record.Kind.BIBLIOGRAPHIC:
        raise InvalidInput(
            _("Chỉ sao chép được bản ghi thư mục (biểu ghi số {id} không phải)").format(
                id=source.pk
            ),
            record=source.pk,
        )
    if source.library_id == library.pk:
        raise InvalidInput(
            _("Biểu ghi số {id} đã thuộc thư viện {library}; không cần sao chép.").format(
                id=source.pk, library=library.code
            ),
            record=source.pk,
        )
    already = Record.objects.filter(library=library, copied_from=source).first()
    if already is not None:
        raise Conflict(
            _(
                "Thư viện {library} đã sao chép biểu ghi này (biểu ghi số {copy}); hãy thêm "
                "bản sao vào biểu ghi đó."
            ).format(library=library.code, copy=already.pk),
            record=already.pk,
        )
    marc = copied_marc(source)
    content_hash = marc.content_hash()
    try:
        with transaction.atomic():
            copy = Record.objects.create(
                library=library,
                leader=marc.leader,
                marc=marc.to_json(),
                match_key=f"h:{content_hash}",
                content_hash=content_hash,
                source=provenance(source),
                source_encoding="utf-8",
                copied_from=source,
                **extract(marc),
            )
            feed.record_changed([copy.pk])
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "record",
                copy.pk,
                library_code=library.code,
                summary=f"{copy.title[:150]} ← {provenance(source)}",
                after={"copied_from": source.pk, "source": copy.source, "title": copy.title},
            )
    except IntegrityError:
        raise Conflict(
            _(
                "Thư viện {library} đã có một biểu ghi giống hệt biểu ghi số {id}; hãy tìm "
                "biểu ghi đó trong mục Biên mục."
            ).format(library=library.code, id=source.pk),
            record=source.pk,
        ) from None
    return copy
