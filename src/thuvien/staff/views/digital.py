"""Staff pages of the digital library: the objects, an upload, reviews and access requests.

An upload is ingested while the page waits (screening, checksums and tiles): fine for the
handful of pages a desk scanner produces; batches of hundreds go through `thuvien ingest`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.digital import services, storage, workflow
from thuvien.digital.machines import WORKFLOW
from thuvien.digital.models import AccessRequest, DigitalObject
from thuvien.digital.preservation import audit_fixity
from thuvien.errors import ThuvienError
from thuvien.lifecycle import services as lifecycle
from thuvien.network.permissions import Action, require
from thuvien.staff.toolkit import (
    LibraryForm,
    in_scope,
    library_choice,
    paginate,
    show_error,
    staff_page,
)


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(FilesField, self).clean(f, initial) for f in files if f] or [
            super().clean(None, initial)
        ]


class UploadForm(LibraryForm):
    identifier = forms.CharField(label="Mã đối tượng", max_length=100)
    title = forms.CharField(label="Nhan đề", max_length=1000)
    access = forms.ChoiceField(label="Mức truy cập", choices=DigitalObject.Access.choices)
    rights = forms.ChoiceField(label="Bản quyền", choices=DigitalObject.Rights.choices)
    status = forms.ChoiceField(
        label="Trạng thái",
        choices=[
            (DigitalObject.Status.PUBLISHED, "Công bố ngay"),
            (DigitalObject.Status.DRAFT, "Bản nháp (luận văn, chờ duyệt)"),
        ],
    )
    ocr = forms.CharField(label="Nhận dạng chữ (OCR)", required=False, initial="vie")
    scans = FilesField(label="Tệp ảnh quét hoặc PDF", widget=MultipleFiles)


def _objects(request: HttpRequest) -> Any:
    return in_scope(request, DigitalObject.objects.select_related("library"))


@staff_page
def object_list(request: HttpRequest) -> HttpResponse:
    objects = _objects(request).order_by("-created_at")
    status = request.GET.get("status", "")
    if status in DigitalObject.Status.values:
        objects = objects.filter(status=status)
    return render(
        request, "staff/digital/list.html", {"page": paginate(request, objects), "status": status}
    )


@staff_page
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.EDIT_CATALOGUE)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        libraries=libraries,
        initial={"library": default.pk, "access": "open", "rights": "unknown"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        folder = Path(tempfile.mkdtemp(prefix="upload.", dir=storage.incoming()))
        try:
            paths = []
            for n, upload in enumerate(data["scans"], start=1):
                name = get_valid_filename(Path(upload.name or "trang").name)[-80:] or "trang"
                path = folder / f"{n:04d}-{name}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                paths.append(path)
            obj = services.ingest(
                paths,
                library=form.libraries[data["library"]],
                identifier=data["identifier"],
                title=data["title"],
                access=data["access"],
                rights=data["rights"],
                status=data["status"],
                ocr=data["ocr"] or None,
                actor=request.user,
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã nhận {obj.pages.count()} trang vào {obj.identifier}.")
            return redirect("staff:digital:object", identifier=obj.identifier)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return render(request, "staff/digital/upload.html", {"form": form})


@staff_page
def object_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    obj = get_object_or_404(_objects(request), identifier=identifier)
    moves = [(name, WORKFLOW.label(name)) for name in WORKFLOW.allowed(obj.status)]
    return render(
        request,
        "staff/digital/detail.html",
        {
            "object": obj,
            "pages": obj.pages.all(),
            "moves": moves,
            # Each move in the librarians' words: (row, action, state before, state after).
            "history": [
                (
                    row,
                    WORKFLOW.label(row.action),
                    WORKFLOW.state_label(row.from_state),
                    WORKFLOW.state_label(row.to_state),
                )
                for row in lifecycle.history(obj)
            ],
            "fixity": obj.fixity_checks.first(),
            "log": obj.access_log.all()[:50],
            "requests": obj.access_requests.select_related("reader").order_by("-created_at")[:50],
        },
    )


@staff_page
@require_POST
def object_move(request: HttpRequest, identifier: str, move: str) -> HttpResponse:
    obj = get_object_or_404(_objects(request), identifier=identifier)
    try:
        if move == "fixity":
            require(request.user, Action.EDIT_CATALOGUE, obj.library)
            check = audit_fixity(obj)
            text = f"Kiểm tra {check.files_checked} tệp: {len(check.mismatches)} sai lệch."
            (messages.error if check.mismatches else messages.success)(request, text)
        else:
            workflow.move(request.user, obj, move, note=request.POST.get("note", ""))
            messages.success(request, f"{obj.identifier}: {WORKFLOW.label(move)}.")
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:digital:object", identifier=obj.identifier)


@staff_page
def request_list(request: HttpRequest) -> HttpResponse:
    pending = in_scope(
        request,
        AccessRequest.objects.select_related("digital_object__library", "reader"),
        field="digital_object__library",
    ).filter(state=AccessRequest.State.PENDING)
    return render(request, "staff/digital/requests.html", {"requests": pending[:200]})


@staff_page
@require_POST
def request_decide(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    asked = get_object_or_404(
        in_scope(request, AccessRequest.objects.all(), field="digital_object__library"), pk=pk
    )
    try:
        services.decide_request(request.user, asked, move)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Yêu cầu {asked.pk}: {asked.get_state_display()}.")
    return redirect("staff:digital:requests")
