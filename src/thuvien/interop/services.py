"""Interoperability's writes: the partners harvested (add, change, remove a source; run a
harvest), records copied from a remote catalogue, and the open-data dumps published.

Commands and pages call these and nothing else that writes. The protocol work stays where
it was: :mod:`thuvien.interop.harvest` speaks OAI-PMH and keeps a source's progress after each
page (so a harvest cut short resumes), :mod:`thuvien.interop.copycat` searches Z39.50 and SRU,
:mod:`thuvien.interop.opendata` writes the files. Records always come in through the
catalogue's importer (:func:`thuvien.catalogue.services.run_import`), which checks the
permission, audits the import and feeds the search index.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.audit.services import snapshot
from thuvien.catalogue import formats
from thuvien.catalogue.importing import ImportReport
from thuvien.catalogue.services import run_import
from thuvien.errors import Conflict, InvalidInput
from thuvien.interop import harvest, opendata
from thuvien.interop.models import Dump, HarvestSource
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor
    from thuvien.catalogue.marc import MarcRecord
    from thuvien.network.models import Library

PREFIXES = ("marc21", "oai_dc")
EDITABLE = ("name", "base_url", "metadata_prefix", "set_spec", "interval_hours", "enabled")
# A source's progress: meaningless once it points somewhere else, so a change of where it
# harvests from starts the next harvest from the beginning.
PROGRESS = ("last_datestamp", "resumption_token", "harvest_started")
_NOT_LOGGED = ("last_report", *PROGRESS)


def _check(actor: Actor, library: Library) -> None:
    """A source brings records into ``library``: who may import there may manage it."""
    check(actor, Action.IMPORT_RECORDS, library)


def _validated(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` cleaned, or :class:`InvalidInput` naming the first bad one."""
    if "name" in values:
        values["name"] = " ".join(str(values["name"]).split())
        if not values["name"]:
            raise InvalidInput(_("Hãy đặt tên cho nguồn thu hoạch."))
    if "base_url" in values:
        url = values["base_url"] = str(values["base_url"]).strip()
        if not url.startswith(("http://", "https://")):
            raise InvalidInput(_("Địa chỉ OAI-PMH phải bắt đầu bằng http:// hoặc https://."))
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise InvalidInput(
                _("Địa chỉ OAI-PMH “{url}” không hợp lệ; xem lại địa chỉ đối tác đưa.").format(
                    url=url
                ),
                url=url,
            ) from None
    if "metadata_prefix" in values and values["metadata_prefix"] not in PREFIXES:
        raise InvalidInput(
            _("Định dạng “{prefix}” không dùng được; chọn marc21 hoặc oai_dc.").format(
                prefix=values["metadata_prefix"]
            ),
            prefix=values["metadata_prefix"],
        )
    if "set_spec" in values:
        values["set_spec"] = str(values["set_spec"]).strip()
    if "interval_hours" in values:
        values["interval_hours"] = max(1, int(values["interval_hours"]))
    for field in ("name", "base_url", "set_spec"):
        limit = getattr(HarvestSource._meta.get_field(field), "max_length", 0) or 0
        if field in values and len(values[field]) > limit:
            raise InvalidInput(
                _("“{start}…” dài quá {limit} ký tự.").format(
                    start=values[field][:40], limit=limit
                ),
                field=field,
            )
    return values


def _saved(source: HarvestSource) -> None:
    """Save ``source``; a second source for the same endpoint and set is a Conflict."""
    same = HarvestSource.objects.filter(
        library=source.library, base_url=source.base_url, set_spec=source.set_spec
    ).exclude(pk=source.pk)
    other = same.values_list("pk", flat=True).first()
    if other is None:
        try:
            with transaction.atomic():
                source.save()
        except IntegrityError:  # the same source added at the same moment
            other = same.values_list("pk", flat=True).first()
        else:
            return
    raise Conflict(
        _(
            "{library} đã thu hoạch {url} (tập “{set}”) qua nguồn số {other}; "
            "xem `thuvien harvest list`."
        ).format(
            library=source.library.code, url=source.base_url, set=source.set_spec, other=other
        ),
        library=source.library.code,
        source=other,
    )


def add_source(
    actor: Actor,
    library: Library,
    *,
    name: str,
    base_url: str,
    metadata_prefix: str = "marc21",
    set_spec: str = "",
    interval_hours: int = 24,
) -> HarvestSource:
    """Register a partner's OAI-PMH endpoint whose records flow into ``library``."""
    _check(actor, library)
    values = _validated(
        {
            "name": name,
            "base_url": base_url,
            "metadata_prefix": metadata_prefix,
            "set_spec": set_spec,
            "interval_hours": interval_hours,
        }
    )
    source = HarvestSource(library=library, **values)
    with transaction.atomic():
        _saved(source)
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "harvest_source",
            source.pk,
            library_code=library.code,
            summary=f"{source.name} ← {source.base_url}",
            after=snapshot(source, exclude=_NOT_LOGGED),
        )
    return source


def change_source(actor: Actor, source: HarvestSource, **changes: Any) -> HarvestSource:
    """Change what a source harvests (or how often, or whether at all). A new address, set
    or format forgets the progress: the next harvest takes everything again (the importer
    recognises the records it already has)."""
    _check(actor, source.library)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            _("Không sửa được {fields} của nguồn thu hoạch; sửa được: {editable}.").format(
                fields=", ".join(unknown), editable=", ".join(EDITABLE)
            ),
            fields=",".join(unknown),
        )
    changes = _validated(dict(changes))
    changes = {k: v for k, v in changes.items() if getattr(source, k) != v}
    if not changes:
        return source
    before = snapshot(source, exclude=_NOT_LOGGED)
    for field, value in changes.items():
        setattr(source, field, value)
    if {"base_url", "set_spec", "metadata_prefix"} & set(changes):
        for field in PROGRESS:
            setattr(source, field, "")
    with transaction.atomic():
        try:
            _saved(source)
        except Conflict:
            source.refresh_from_db()  # the caller's object as it stands, not as refused
            raise
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "harvest_source",
            source.pk,
            library_code=source.library.code,
            summary=f"{source.name}: {', '.join(sorted(changes))}",
            before=before,
            after=snapshot(source, exclude=_NOT_LOGGED),
        )
    return source


def remove_source(actor: Actor, source: HarvestSource) -> None:
    """Stop harvesting a partner for good. The records already harvested stay: they are
    the library's now, and removing one is a cataloguer's decision."""
    _check(actor, source.library)
    before = snapshot(source, exclude=_NOT_LOGGED)
    pk = source.pk
    with transaction.atomic():
        source.delete()
        audit(
            actor,
            AuditEntry.Action.DELETE,
            "harvest_source",
            pk,
            library_code=source.library.code,
            summary=f"{source.name} ← {source.base_url}",
            before=before,
        )


def run_harvest(source: HarvestSource, *, max_pages: int | None = None) -> harvest.HarvestReport:
    """Harvest ``source`` from where it stands (see :func:`thuvien.interop.harvest.harvest`:
    progress is kept after each page; each page's records are imported, and audited, by the
    catalogue's importer as ``harvest:<source id>``). Raises :class:`harvest.HarvestError`."""
    return harvest.harvest(source, max_pages=max_pages)


def import_found(
    actor: Actor,
    library: Library,
    records: Iterable[MarcRecord],
    *,
    provenance: str,
) -> ImportReport:
    """Import records found by copy cataloguing into ``library`` through the catalogue's
    importer; ``provenance`` (target and query) becomes their source."""
    records = list(records)
    if not records:
        return ImportReport()
    # MARCXML rather than ISO 2709: no field is too long for it.
    data = b"".join(
        [f'<collection xmlns="{formats.MARCXML_NS}">'.encode()]
        + [formats.to_marcxml(r) for r in records]
        + [b"</collection>"]
    )
    return run_import(
        library,
        io.BytesIO(data),
        actor=actor,
        source=provenance[:255],
        fmt="marcxml",
    )


def publish_open_data(
    url: Callable[[int], str], libraries: list[Library] | None = None, network: bool = True
) -> list[Dump]:
    """Write the open-data files (:func:`thuvien.interop.opendata.write_all`) and record
    each in one transaction, so the catalogue page never lists a file half described. The
    dumps are derived from the records, as the search index is: not audited."""
    written = opendata.write_all(url, libraries, network=network)
    digital = opendata.write_digital(url) if network else None  # with the network's files
    if digital is not None:
        written.append(digital)
    with transaction.atomic():
        dumps = [
            Dump.objects.update_or_create(file_name=file.file_name, defaults=file.described())[0]
            for file in written
        ]
    return sorted(dumps, key=lambda d: d.file_name)
