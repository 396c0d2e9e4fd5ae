"""The cataloguer's panel of machine suggestions (classes and subject headings) beside the
MARC editor, a record's page and the union preview: accept adds the field through the
record-editing service, reject only logs; nothing changes a record without that click."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.ai import cataloguing, features, services
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import InvalidInput, ThuvienError
from thuvien.staff import marc_editor
from thuvien.staff.toolkit import staff_page

BACK = {"edit": "staff:catalogue:record_edit", "record": "staff:catalogue:record"}


def panel(record: Record) -> dict[str, Any]:
    """Context for ``staff/catalogue/_suggestions.html``: the suggestions not yet turned
    down for this record, and the measured quality of the models behind them."""
    summary = cataloguing.summary()
    if summary is None:
        return {"suggestions": [], "ai_summary": None}
    marc = MarcRecord.from_stored(record.leader, record.marc)
    rejected = services.rejected_keys(record)
    found = [
        s
        for s in cataloguing.suggest_for(marc, cataloguing.ocr_of(record.pk))
        if (s.label.family, s.label.key) not in rejected
    ]
    return {"suggestions": found, "ai_summary": summary, "ai_decisions": services.acceptance()}


def _score(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(
            _("Điểm gợi ý «{score}» không phải là số: hãy mở lại trang gợi ý.").format(
                score=text[:20]
            )
        ) from None


@staff_page
@require_http_methods(["POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record.objects.select_related("library"), pk=pk)
    data = request.POST
    back = BACK.get(data.get("back", ""), BACK["record"])
    family, key, version = data.get("family", ""), data.get("key", ""), data.get("version", "")
    try:
        score = _score(data.get("score", ""))
        if data.get("decision") == "accept":
            services.accept(request.user, record, family, key, score=score, version=version)
            messages.success(request, _("Đã thêm {value} vào bản ghi.").format(value=key))
        else:
            services.reject(request.user, record, family, key, score=score, version=version)
            messages.success(request, _("Đã bỏ gợi ý {value}.").format(value=key))
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect(back, pk=record.pk)


# --- a new record, before it is saved -------------------------------------------------------
# The suggestions are drawn from what the cataloguer has typed so far; "add" puts the field in
# an empty row of the editor (nothing is saved), and the choice travels with the form so that,
# once the record is saved, the decision is logged against it.


def _parse_choice(text: str) -> tuple[str, str, float, str] | None:
    family, _sep, rest = text.partition("|")
    key, _sep, rest = rest.partition("|")
    score, _sep, version = rest.partition("|")
    try:
        return family, key, float(score), version
    except ValueError:
        return None


def add_to_editor(editor: marc_editor.Editor, choice: str) -> None:
    parsed = _parse_choice(choice)
    if parsed is None or parsed[0] not in features.FAMILIES:
        return
    field = features.field_for(features.label_from_key(parsed[0], parsed[1]))
    row = marc_editor.field_row(field)
    # The blank row of that tag the new-record form offers, else the first empty row.
    for wanted in (row.tag, ""):
        for n, existing in enumerate(editor.rows):
            if existing.tag == wanted and not existing.value.strip():
                editor.rows[n] = row
                return
    editor.rows.append(row)


def new_panel(marc: MarcRecord, chosen: list[str]) -> dict[str, Any]:
    if cataloguing.summary() is None or not features.text_of(marc):
        return {"new_suggestions": [], "added_suggestions": chosen, "asked": True}
    return {
        "new_suggestions": cataloguing.suggest_for(marc),
        "added_suggestions": chosen,
        "asked": True,
    }


def log_chosen(user: Any, record: Record, chosen: list[str]) -> None:
    """After the save: log the suggestions the cataloguer added that the record kept."""
    for text in dict.fromkeys(chosen):
        parsed = _parse_choice(text)
        if parsed is not None:
            services.log_added(
                user, record, parsed[0], parsed[1], score=parsed[2], version=parsed[3]
            )
