"""Imports: the upload form, the list of batches, a batch's progress and its reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.catalogue import formats
from thuvien.catalogue.models import ImportBatch
from thuvien.catalogue.tasks import queue_import
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action
from thuvien.staff.forms import ImportForm
from thuvien.staff.toolkit import in_scope, library_choice, paginate, staff_page

HEAD_BYTES = 64


@staff_page
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.IMPORT_RECORDS)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        libraries=libraries,
        initial={"library": default.pk},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        head = upload.read(HEAD_BYTES)
        try:
            batch = queue_import(
                request.user,
                form.libraries[form.cleaned_data["library"]],
                file_name=upload.name or "upload",
                head=head,
                chunks=upload.chunks(),
                fmt=form.cleaned_data["format"],
            )
        except formats.NotMarc as exc:
            form.add_error("file", str(exc))
        except ThuvienError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("staff:catalogue:import", pk=batch.pk)
    return render(request, "staff/catalogue/import_new.html", {"form": form})


def _batches(request: HttpRequest) -> QuerySet[ImportBatch]:
    return in_scope(request, ImportBatch.objects.select_related("library", "created_by"))


@staff_page
def import_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "staff/catalogue/import_list.html", {"page": paginate(request, _batches(request))}
    )


@staff_page
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    report = batch.report if isinstance(batch.report, dict) else {}
    errors = report.get("errors", [])
    return render(
        request,
        "staff/catalogue/import_detail.html",
        {
            "batch": batch,
            "running": batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING),
            "warnings": report.get("warnings", []),
            "errors": errors,
            "unlisted": max(0, batch.rejected - len(errors)),
        },
    )


def _cell(value: object) -> str:
    # A cell starting like a formula would be run by a spreadsheet: make it plain text.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@staff_page
def import_errors_csv(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    report = batch.report if isinstance(batch.report, dict) else {}
    out = io.StringIO()
    out.write("\ufeff")  # the BOM makes Excel read the file as UTF-8 (Vietnamese intact)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["index", "offset", "reason"])
    for error in report.get("errors", []):
        writer.writerow([error.get("index"), error.get("offset"), _cell(error.get("reason", ""))])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-errors.csv"'
    return response


@staff_page
def import_rejects(request: HttpRequest, pk: int) -> FileResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    path = Path(batch.rejects_path)
    files = Path(settings.FILES_DIR).resolve()
    if not batch.rejects_path or files not in path.resolve().parents or not path.is_file():
        raise Http404(_("Lần nhập này không có tệp bản ghi bị loại."))
    original = Path(batch.file_name)
    name = f"{original.stem}-rejects{original.suffix or '.mrc'}"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type="application/octet-stream"
    )
