"""Staff pages of the digitisation programme: heritage holdings and the share digitised, the
flagging rules (previewed, then applied), the digitisation queue with a button per allowed
move, and OCR text put right (a page corrected or read again, readers' proposals)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.catalogue.models import Record
from thuvien.digital import corrections, digitisation, heritage, storage
from thuvien.digital.machines import DIGITISATION
from thuvien.digital.models import (
    Collection,
    DigitisationJob,
    HeritageFlag,
    HeritageKind,
    HeritageRule,
    OcrProposal,
    Page,
)
from thuvien.errors import ThuvienError
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, libraries_for, require
from thuvien.staff.toolkit import (
    LibraryForm,
    in_scope,
    network_wide,
    paginate,
    profile,
    show_error,
    staff_page,
)
from thuvien.staff.views.digital import FilesField, MultipleFiles


def _library_ids(request: HttpRequest) -> list[int] | None:
    """The libraries whose figures the user sees: all (None) for network-wide roles."""
    if network_wide(request):
        return None
    own = profile(request).library_id
    return [own] if own is not None else []


def _editor(request: HttpRequest) -> None:
    """The queue, the rules and OCR text are for those who edit records (in some library);
    everyone on the staff sees the figures."""
    if not libraries_for(request.user, Action.EDIT_CATALOGUE):
        require(request.user, Action.EDIT_CATALOGUE, profile(request).library)


# --- heritage and the KPIs --------------------------------------------------------------------


class RuleForm(LibraryForm):
    kind = forms.ChoiceField(label="Loại tài liệu", choices=HeritageKind.choices)
    name = forms.CharField(label="Tên quy tắc", max_length=200, required=False)
    published_before = forms.IntegerField(
        label="Xuất bản trước năm", required=False, min_value=1, max_value=3000
    )
    call_number_from = forms.CharField(label="Ký hiệu xếp giá từ", required=False)
    call_number_to = forms.CharField(label="đến", required=False)
    location = forms.CharField(label="Kho, vị trí (đánh dấu từng bản)", required=False)
    collection = forms.ModelChoiceField(
        label="Bộ sưu tập số", queryset=Collection.objects.none(), required=False
    )

    def __init__(self, *args: Any, libraries: list[Library], **kwargs: Any) -> None:
        super().__init__(*args, libraries=libraries, **kwargs)
        collections: Any = self.fields["collection"]
        collections.queryset = Collection.objects.filter(library__in=libraries).order_by("code")


@staff_page
@require_http_methods(["GET", "POST"])
def heritage_home(request: HttpRequest) -> HttpResponse:
    # Every staff member sees the figures; those who edit records also make rules.
    libraries = libraries_for(request.user, Action.EDIT_CATALOGUE)
    own = profile(request).library
    default = own if own in libraries else (libraries[0] if libraries else None)
    form = (
        RuleForm(
            request.POST or None,
            libraries=libraries,
            initial={"library": default.pk if default else None},
        )
        if libraries
        else None
    )
    if request.method == "POST" and form is None:
        require(request.user, Action.EDIT_CATALOGUE, own)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            rule = heritage.make_rule(
                request.user,
                form.libraries[data["library"]],
                kind=data["kind"],
                name=data["name"],
                published_before=data["published_before"],
                call_number_from=data["call_number_from"],
                call_number_to=data["call_number_to"],
                location=data["location"],
                collection=data["collection"],
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            return redirect("staff:programme:rule", pk=rule.pk)
    ids = _library_ids(request)
    names = dict(Library.objects.values_list("pk", "code"))
    rows = [(names.get(k.library_id, ""), k) for k in heritage.kpis(ids)]
    totals = [
        (HeritageKind(kind).label, held, done, round(100 * done / held, 1) if held else 0.0)
        for kind, (held, done) in sorted(heritage.totals(k for _c, k in rows).items())
    ]
    rules = in_scope(request, HeritageRule.objects.select_related("library")).order_by("-pk")
    return render(
        request,
        "staff/programme/heritage.html",
        {"rows": rows, "totals": totals, "form": form, "rules": rules[:50]},
    )


@staff_page
@require_http_methods(["GET", "POST"])
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    rule = get_object_or_404(
        in_scope(request, HeritageRule.objects.select_related("library")), pk=pk
    )
    if request.method == "POST":
        try:
            added = heritage.apply_rule(request.user, rule)
        except ThuvienError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã đánh dấu {added} tài liệu theo quy tắc “{rule.name}”.")
        return redirect("staff:programme:rule", pk=rule.pk)
    return render(
        request,
        "staff/programme/rule.html",
        {"rule": rule, "preview": heritage.preview(rule)},
    )


@staff_page
@require_POST
def flag(request: HttpRequest, record_id: int) -> HttpResponse:
    _editor(request)
    record = get_object_or_404(
        in_scope(request, Record.objects.select_related("library")), pk=record_id
    )
    barcode = request.POST.get("barcode", "").strip()
    try:
        item = heritage.copy_of(record, barcode) if barcode else None
        heritage.flag(request.user, record, request.POST.get("kind", ""), item=item)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã đánh dấu tài liệu di sản.")
    return redirect("staff:catalogue:record", pk=record.pk)


@staff_page
@require_POST
def unflag(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    row = get_object_or_404(in_scope(request, HeritageFlag.objects.all()), pk=pk)
    try:
        heritage.unflag(request.user, row.pk)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:catalogue:record", pk=row.record_id)


# --- the queue --------------------------------------------------------------------------------


class ScansForm(forms.Form):
    scans = FilesField(label="Tệp ảnh quét hoặc PDF", widget=MultipleFiles)


@staff_page
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    _editor(request)
    if request.method == "POST":
        number = request.POST.get("record", "").strip().lstrip("#")
        record = get_object_or_404(
            in_scope(request, Record.objects.select_related("library")),
            pk=int(number) if number.isdigit() else 0,
        )
        try:
            job = digitisation.select(request.user, record, batch=request.POST.get("batch", ""))
        except ThuvienError as exc:
            messages.error(request, exc.message)
            return redirect("staff:programme:queue")
        return redirect("staff:programme:job", pk=job.pk)
    ids = _library_ids(request)
    state = request.GET.get("state", "")
    state = state if state in DigitisationJob.State.values else ""
    jobs = digitisation.queue(ids, state)
    batch = request.GET.get("batch", "").strip()
    if batch:
        jobs = jobs.filter(batch=batch)
    page = paginate(request, jobs)
    rows = [
        (job, [(m, DIGITISATION.label(m)) for m in DIGITISATION.allowed(job.state)]) for job in page
    ]
    progress = digitisation.progress(ids, batch)
    # What the queue published this calendar year, per library (the report reads the same).
    now = timezone.localtime()
    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    codes = dict(Library.objects.values_list("pk", "code"))
    output = [
        (codes.get(pk, ""), o)
        for pk, o in sorted(
            digitisation.figures(year_start, now + timedelta(seconds=1), ids).items()
        )
    ]
    return render(
        request,
        "staff/programme/queue.html",
        {
            "page": page,
            "rows": rows,
            "state": state,
            "batch": batch,
            "states": [(v, label, progress[v]) for v, label in digitisation.states()],
            "output": output,
            "year": now.year,
        },
    )


@staff_page
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    job = get_object_or_404(
        in_scope(
            request, DigitisationJob.objects.select_related("library", "record", "digital_object")
        ),
        pk=pk,
    )
    pages = job.digital_object.pages.all() if job.digital_object else []
    return render(
        request,
        "staff/programme/job.html",
        {
            "job": job,
            "state": DIGITISATION.state_label(job.state),
            "moves": [(m, DIGITISATION.label(m)) for m in DIGITISATION.allowed(job.state)],
            "history": [
                (row, DIGITISATION.label(row.action), DIGITISATION.state_label(row.to_state))
                for row in lifecycle.history(job)
            ],
            "pages": pages,
            "scans": ScansForm() if job.state == DigitisationJob.State.SCANNING else None,
        },
    )


@staff_page
@require_POST
def job_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    _editor(request)
    job = get_object_or_404(in_scope(request, DigitisationJob.objects.all()), pk=pk)
    try:
        digitisation.move(
            request.user,
            job,
            move,
            note=request.POST.get("note", ""),
            ocr=request.POST.get("ocr", "") or "vie",
        )
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"#{job.record_id}: {DIGITISATION.label(move)}.")
    if request.POST.get("back") == "queue":
        return redirect("staff:programme:queue")
    return redirect("staff:programme:job", pk=job.pk)


@staff_page
@require_POST
def job_scans(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    job = get_object_or_404(in_scope(request, DigitisationJob.objects.all()), pk=pk)
    form = ScansForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Chọn ít nhất một tệp ảnh quét.")
        return redirect("staff:programme:job", pk=job.pk)
    folder = Path(tempfile.mkdtemp(prefix="scans.", dir=storage.incoming()))
    try:
        paths = []
        for n, upload in enumerate(form.cleaned_data["scans"], start=1):
            name = get_valid_filename(Path(upload.name or "trang").name)[-80:] or "trang"
            path = folder / f"{n:04d}-{name}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(path)
        obj = digitisation.attach_scans(request.user, job, paths)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã nhận {obj.pages.count()} trang quét.")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return redirect("staff:programme:job", pk=job.pk)


# --- OCR text ---------------------------------------------------------------------------------


def _page(request: HttpRequest, identifier: str, sequence: int) -> Page:
    pages = in_scope(
        request,
        Page.objects.select_related("digital_object__library"),
        field="digital_object__library",
    )
    found: Page = get_object_or_404(pages, digital_object__identifier=identifier, sequence=sequence)
    return found


@staff_page
@require_http_methods(["GET", "POST"])
def page_text(request: HttpRequest, identifier: str, sequence: int) -> HttpResponse:
    _editor(request)
    page = _page(request, identifier, sequence)
    if request.method == "POST":
        try:
            if request.POST.get("languages"):
                corrections.reocr_page(request.user, page, request.POST["languages"])
                messages.success(request, f"Đã nhận dạng lại trang {sequence}.")
            else:
                corrections.correct(request.user, page, request.POST.get("text", ""))
                messages.success(request, f"Đã lưu văn bản sửa của trang {sequence}.")
        except ThuvienError as exc:
            messages.error(request, exc.message)
        return redirect("staff:programme:page", identifier=identifier, sequence=sequence)
    return render(
        request,
        "staff/programme/page.html",
        {"page": page, "proposals": page.proposals.filter(state=OcrProposal.State.PENDING)},
    )


@staff_page
def proposals(request: HttpRequest) -> HttpResponse:
    _editor(request)
    return render(
        request,
        "staff/programme/proposals.html",
        {"proposals": corrections.pending(_library_ids(request))[:200]},
    )


@staff_page
@require_POST
def proposal_decide(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    _editor(request)
    proposal = get_object_or_404(
        in_scope(request, OcrProposal.objects.all(), field="page__digital_object__library"), pk=pk
    )
    try:
        corrections.decide(request.user, proposal, move)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đề xuất {proposal.pk}: {proposal.get_state_display()}.")
    return redirect("staff:programme:proposals")
