"""Staff pages of the union catalogue: the review queue (uncertain pairs side by side, link /
keep apart / never link), the decisions with undo and the proposals waiting for the lead
library, the libraries' participation (lead library, sharing levels), and the Decree 93
Art. 28 quality control of shared records."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import InvalidInput, ThuvienError
from thuvien.network.models import Library
from thuvien.network.permissions import Action, can, require
from thuvien.network.services import library_by_code
from thuvien.staff.toolkit import paginate, profile, query_without_page, staff_page
from thuvien.union import keys, quality, review
from thuvien.union.models import Decision, Participation, ReviewPair

FIELDS = quality.FIELDS
FAILING_SHOWN = 500
VERDICT_DONE = {
    Decision.Verdict.LINK: "Đã gom hai biểu ghi {a} và {b} thành một ấn bản.",
    Decision.Verdict.SPLIT: "Đã để riêng hai biểu ghi {a} và {b}.",
    Decision.Verdict.NEVER: "Hai biểu ghi {a} và {b} sẽ không bao giờ được gom.",
}


def _may_use_queue(request: HttpRequest) -> None:
    """The queue is for those who decide or propose; others get the 403 page saying why."""
    if not (review.may_decide(request.user) or review.may_propose(request.user)):
        require(request.user, Action.EDIT_CATALOGUE, profile(request).library)


def _side(record: Record) -> dict[str, Any]:
    marc = MarcRecord.from_stored(record.leader, record.marc)
    return {
        "record": record,
        "pages": keys.pages(" ".join(marc.values("300", "a"))) or "",
        "extent": " ".join(marc.values("300", "a")),
    }


@staff_page
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _may_use_queue(request)
    pairs = ReviewPair.objects.order_by("-score", "record_a_id", "record_b_id")
    page = paginate(request, pairs)
    ids = {i for p in page for i in (p.record_a_id, p.record_b_id)}
    records = {r.pk: r for r in Record.objects.filter(pk__in=ids).select_related("library")}
    proposed = {
        (d.record_a_id, d.record_b_id): d
        for d in Decision.objects.filter(
            status=Decision.Status.PROPOSED, record_a_id__in=ids, record_b_id__in=ids
        )
    }
    rows = []
    for pair in page:
        a, b = records[pair.record_a_id], records[pair.record_b_id]
        rows.append(
            {
                "pair": pair,
                "a": _side(a),
                "b": _side(b),
                "seen": review.fingerprint(a, b),
                "reasons": pair.evidence.get("reasons", []),
                "proposal": proposed.get((a.pk, b.pk)),
            }
        )
    lead = review.lead_library()
    context = {
        "rows": rows,
        "page": page,
        "query": query_without_page(request),
        "deciding": review.may_decide(request.user),
        "lead": lead,
        "verdicts": Decision.Verdict.choices,
        "waiting": Decision.objects.filter(status=Decision.Status.PROPOSED).count(),
    }
    return render(request, "staff/union/queue.html", context)


def _pair_ids(request: HttpRequest) -> tuple[int, int]:
    try:
        return int(request.POST.get("a", "")), int(request.POST.get("b", ""))
    except ValueError:
        raise InvalidInput("Thiếu số hiệu hai biểu ghi của cặp cần quyết định.") from None


@staff_page
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    try:
        a, b = _pair_ids(request)
        verdict = request.POST.get("verdict", "")
        made = review.decide(
            request.user,
            a,
            b,
            verdict,
            seen=request.POST.get("seen", ""),
            note=request.POST.get("note", "")[:1000],
        )
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        if made.status == Decision.Status.PROPOSED:
            messages.success(
                request,
                f"Đã gửi đề xuất «{made.get_verdict_display()}» cho cặp {made.record_a_id} – "
                f"{made.record_b_id}; chờ thư viện đầu mối duyệt.",
            )
        else:
            done = VERDICT_DONE[Decision.Verdict(made.verdict)]
            messages.success(request, done.format(a=made.record_a_id, b=made.record_b_id))
    return redirect("staff:union:queue")


@staff_page
@require_GET
def decisions(request: HttpRequest) -> HttpResponse:
    _may_use_queue(request)
    rows = Decision.objects.exclude(status=Decision.Status.PROPOSED).select_related(
        "record_a__library", "record_b__library"
    )
    page = paginate(request, rows.order_by("-proposed_at", "-pk"))
    proposals = (
        Decision.objects.filter(status=Decision.Status.PROPOSED)
        .select_related("record_a__library", "record_b__library")
        .order_by("proposed_at", "pk")
    )
    context = {
        "page": page,
        "proposals": list(proposals),
        "query": query_without_page(request),
        "deciding": review.may_decide(request.user),
        "lead": review.lead_library(),
    }
    return render(request, "staff/union/decisions.html", context)


MOVES = {
    "accept": (review.accept, "Đã duyệt đề xuất {id}: quyết định đang áp dụng."),
    "reject": (review.reject, "Đã từ chối đề xuất {id}."),
    "undo": (review.undo, "Đã hoàn tác quyết định {id}: hai biểu ghi được xếp lại theo quy tắc."),
}


@staff_page
@require_POST
def decision_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in MOVES:
        messages.error(request, f"Không có thao tác «{move}».")
        return redirect("staff:union:decisions")
    service, done = MOVES[move]
    try:
        service(request.user, pk)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done.format(id=pk))
    return redirect("staff:union:decisions")


@staff_page
def libraries(request: HttpRequest) -> HttpResponse:
    """Which library leads, and what each shares; each row is changed by its own form."""
    if request.method == "POST":
        try:
            library = library_by_code(request.POST.get("library", ""))
            if request.POST.get("action") == "lead":
                review.name_lead(request.user, library)
                messages.success(request, f"{library.name_vi} là thư viện đầu mối.")
            else:
                row = review.set_sharing(request.user, library, request.POST.get("sharing", ""))
                messages.success(
                    request, f"Mức chia sẻ của {library.code}: {row.get_sharing_display()}."
                )
        except ThuvienError as exc:
            messages.error(request, exc.message)
        return redirect("staff:union:libraries")
    rows = {p.library_id: p for p in Participation.objects.all()}
    listed = [
        {
            "library": library,
            "participation": rows.get(library.pk) or Participation(library=library),
            "may_share": can(request.user, Action.EDIT_LIBRARY, library),
        }
        for library in Library.objects.order_by("code")
    ]
    context = {
        "rows": listed,
        "may_name_lead": can(request.user, Action.NAME_LEAD_LIBRARY),
        "sharing": Participation.Sharing.choices,
    }
    return render(request, "staff/union/libraries.html", context)


@staff_page
@require_GET
def quality_page(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("library", "")
    library = library_by_code(code) if code else None
    failing = [
        {"record": f, "missing": [quality.label(key) for key in f.missing]}
        for f in quality.failing(library, limit=FAILING_SHOWN)
    ]
    figures = [
        {"figure": f, "percent": f"{f.share:.0%}", "missing": [f.missing[k] for k, _ in FIELDS]}
        for f in quality.by_library(library)
    ]
    context = {
        "library": library,
        "figures": figures,
        "fields": [str(label) for _, label in FIELDS],
        "page": paginate(request, failing),
        "query": query_without_page(request),
        "limit": FAILING_SHOWN,
    }
    return render(request, "staff/union/quality.html", context)
