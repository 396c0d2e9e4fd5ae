"""The demo's AI services: the diacritics model trained on the demo catalogue, and one record
as an old export left it (its title without marks) for the staff review list to show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thuvien.ai import diacritics
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.network.models import Library
from thuvien.vietnamese import fold

SOURCE = "demo: bản xuất cũ mất dấu"
CONTROL = "TVMATDAU01"
_DROPPED = {"001", "003", "035", "852", "952"}  # identifiers and copies stay with the original


def _without_marks(text: str) -> str:
    return "".join(fold(c).upper() if c.isupper() else fold(c) for c in text)


def _lost_record(provincial: Library, actor: str) -> bool:
    """One Vietnamese record imported again as an old export left it; False if there is one."""
    if Record.objects.filter(source=SOURCE).exists():
        return False
    original = (
        Record.objects.filter(library=provincial, language="vie", kind=Record.Kind.BIBLIOGRAPHIC)
        .exclude(subjects="")
        .order_by("pk")
        .first()
    )
    if original is None or original.title.isascii():
        return False
    marc = MarcRecord.from_stored(original.leader, original.marc)
    fields: list[Any] = [["001", CONTROL]]
    for f in marc.fields:
        if f[0] in _DROPPED:
            continue
        if len(f) == 4 and f[0] in diacritics.RESTORED:
            fields.append([f[0], f[1], f[2], [[c, _without_marks(str(v))] for c, v in f[3]]])
        else:
            fields.append(f)
    catalogue.create_record(actor, provincial, MarcRecord(marc.leader, fields), source=SOURCE)
    return True


def load(provincial: Library, actor: str) -> tuple[list[str], str]:
    added = [_("1 biểu ghi mất dấu")] if _lost_record(provincial, actor) else []
    figures = diacritics.train()
    proposed = diacritics.propose()
    if proposed:
        added.append(_("{count} đề xuất thêm dấu").format(count=proposed))
    waiting = diacritics.waiting(None).count()
    accuracy, baseline = figures["accuracy"], figures["baseline_accuracy"]
    return added, _(
        "thêm dấu đúng {accuracy} âm tiết để riêng (dạng hay gặp nhất: {baseline}); "
        "{waiting} đề xuất chờ duyệt"
    ).format(
        accuracy="-" if accuracy is None else f"{accuracy:.1%}",
        baseline="-" if baseline is None else f"{baseline:.1%}",
        waiting=waiting,
    )
