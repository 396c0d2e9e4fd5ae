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

from thuvien.ai import cataloguing, services
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import InvalidInput, ThuvienError
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
