"""Staff review of the diacritics proposed for records that lost theirs (issue 17: the AI
suggests, a cataloguer decides). Each row shows what each subfield is and would become, with
the model's score; applying goes through the catalogue's editing service."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from thuvien.ai import diacritics
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action, libraries_for, require
from thuvien.staff.toolkit import paginate, profile, query_without_page, staff_page


def _libraries(request: HttpRequest) -> list[object]:
    """The libraries whose proposals this person decides; the 403 page if none."""
    libraries = libraries_for(request.user, Action.EDIT_CATALOGUE)
    if not libraries:
        require(request.user, Action.EDIT_CATALOGUE, profile(request).library)
    return list(libraries)


@staff_page
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    page = paginate(request, diacritics.waiting(_libraries(request)))
    context = {
        "page": page,
        "rows": list(page),
        "query": query_without_page(request),
        "quality": diacritics.model_quality(),
    }
    return render(request, "staff/ai/diacritics.html", context)


@staff_page
@require_POST
def decide(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    try:
        if move == "accept":
            record = diacritics.accept(request.user, pk)
            messages.success(request, f"Đã thêm dấu cho biểu ghi {record.pk}: «{record.title}».")
        elif move == "reject":
            proposal = diacritics.reject(request.user, pk)
            messages.success(
                request,
                f"Đã bỏ qua đề xuất cho biểu ghi {proposal.record_id}; biểu ghi giữ nguyên.",
            )
        else:
            messages.error(request, f"Không có thao tác «{move}»; chọn Áp dụng hoặc Bỏ qua.")
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:diacritics:proposals")
