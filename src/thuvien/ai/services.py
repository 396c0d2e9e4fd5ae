"""A cataloguer's decision on a suggestion: the only way a suggestion reaches a record.

Accepting adds the field through :func:`thuvien.catalogue.services.update_record` (checked,
audited, noted in the change feed like any edit); rejecting changes nothing. Both are logged
in :class:`SuggestionDecision` with the score and model version shown, in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.ai import features
from thuvien.ai.features import FAMILIES, Label
from thuvien.ai.models import SuggestionDecision
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import Field, MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import Conflict, InvalidInput
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor


def _label(family: str, key: str) -> Label:
    if family not in FAMILIES:
        raise InvalidInput(
            _("Loại gợi ý “{family}” không có; chọn một trong: {known}.").format(
                family=family, known=", ".join(FAMILIES)
            )
        )
    label = features.label_from_key(family, key.strip())
    if not label.value or len(key) > 255:
        raise InvalidInput(_("Gợi ý trống hoặc dài quá 255 ký tự: hãy mở lại trang gợi ý."))
    return label


def _score(score: float) -> float:
    if not 0.0 <= score <= 1.0:
        raise InvalidInput(
            _("Điểm gợi ý {score} phải nằm trong khoảng 0 đến 1.").format(score=score)
        )
    return score


def _insert_in_tag_order(fields: list[Field], new: Field) -> None:
    for i, f in enumerate(fields):
        if f[0] > new[0] and f[0] != "LDR":
            fields.insert(i, new)
            return
    fields.append(new)


def _log(
    actor: Actor, record: Record, label: Label, *, score: float, version: str, decision: str
) -> SuggestionDecision:
    return SuggestionDecision.objects.create(
        record=record,
        family=label.family,
        value=label.key,
        score=score,
        model_version=version[:40],
        decision=decision,
        decided_by=actors.label(actor)[:150],
    )


def accept(
    actor: Actor, record: Record, family: str, key: str, *, score: float, version: str
) -> Record:
    """Add the suggested class or heading to the record, and log the decision."""
    check(actor, Action.EDIT_CATALOGUE, record.library)
    label = _label(family, key)
    score = _score(score)
    marc = MarcRecord.from_stored(record.leader, record.marc)
    if any(lab == label for lab in features.labels_of(marc)):
        raise Conflict(
            _("Bản ghi {id} đã có {value}; không thêm lần nữa.").format(
                id=record.pk, value=label.value
            ),
            record=record.pk,
        )
    fields = list(marc.fields)
    _insert_in_tag_order(fields, features.field_for(label))
    marc = MarcRecord(marc.leader, fields)  # a fresh record: the old one cached its tags
    with transaction.atomic():
        updated = catalogue.update_record(actor, record, marc)
        _log(
            actor,
            updated,
            label,
            score=score,
            version=version,
            decision=SuggestionDecision.Decision.ACCEPTED,
        )
    return updated


def reject(
    actor: Actor, record: Record, family: str, key: str, *, score: float, version: str
) -> SuggestionDecision:
    """Log that a person turned the suggestion down; the record is not touched."""
    check(actor, Action.EDIT_CATALOGUE, record.library)
    label = _label(family, key)
    with transaction.atomic():
        return _log(
            actor,
            record,
            label,
            score=_score(score),
            version=version,
            decision=SuggestionDecision.Decision.REJECTED,
        )


def log_added(
    actor: Actor, record: Record, family: str, key: str, *, score: float, version: str
) -> SuggestionDecision | None:
    """A suggestion the cataloguer added in the editor of a new record, logged once the
    record is saved (by :func:`thuvien.catalogue.services.create_record`, audited) and only if
    the record kept it."""
    check(actor, Action.EDIT_CATALOGUE, record.library)
    if family not in FAMILIES or not 0.0 <= score <= 1.0:
        return None
    label = features.label_from_key(family, key.strip())
    marc = MarcRecord.from_stored(record.leader, record.marc)
    if label not in set(features.labels_of(marc)):
        return None
    with transaction.atomic():
        return _log(
            actor,
            record,
            label,
            score=score,
            version=version,
            decision=SuggestionDecision.Decision.ACCEPTED,
        )


def rejected_keys(record: Record) -> set[tuple[str, str]]:
    """What a person already turned down for this record: not shown again."""
    rows = SuggestionDecision.objects.filter(
        record=record, decision=SuggestionDecision.Decision.REJECTED
    ).values_list("family", "value")
    return set(rows)


def acceptance() -> dict[str, dict[str, int]]:
    """Decisions so far by family: the measure of the suggesters in use."""
    out: dict[str, dict[str, int]] = {}
    rows = SuggestionDecision.objects.values("family", "decision").annotate(n=Count("id"))
    for row in rows:
        out.setdefault(row["family"], {})[row["decision"]] = row["n"]
    return out
