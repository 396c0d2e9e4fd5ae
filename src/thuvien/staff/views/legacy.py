"""Migration from another system: upload the export, read the dry run, then run it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.errors import Conflict, ThuvienError
from thuvien.legacy.models import Migration
from thuvien.legacy.tasks import queue_dry_run, queue_run
from thuvien.network.models import Library
from thuvien.network.permissions import Action
from thuvien.staff.toolkit import in_scope, library_choice, paginate, staff_page

PARTS = {
    "marc": "Tệp MARC (có trường 952 của Koha, hoặc 852 của Libol)",
    "patrons": "CSV bạn đọc (borrowers)",
    "issues": "CSV sách đang mượn (issues)",
    "old_issues": "CSV lịch sử mượn (old_issues)",
    "xlsx": "Bảng tính theo mẫu (XLSX)",
}


class MigrationForm(forms.Form):
    library = forms.TypedChoiceField(label="Chuyển vào thư viện", coerce=int)
    source = forms.ChoiceField(label="Hệ thống cũ", choices=Migration.Source.choices)
    number_prefix = forms.CharField(
        label="Tiền tố số thẻ, mã vạch",
        max_length=16,
        required=False,
        help_text="Khi hai hệ thống gộp vào một thư viện có số trùng nhau, ví dụ HT-.",
    )
    marc = forms.FileField(label=PARTS["marc"], required=False)
    patrons = forms.FileField(label=PARTS["patrons"], required=False)
    issues = forms.FileField(label=PARTS["issues"], required=False)
    old_issues = forms.FileField(label=PARTS["old_issues"], required=False)
    xlsx = forms.FileField(label=PARTS["xlsx"], required=False)

    def __init__(self, *args: Any, libraries: list[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.libraries = {lib.pk: lib for lib in libraries}
        field = cast(forms.ChoiceField, self.fields["library"])
        field.choices = [(lib.pk, str(lib)) for lib in libraries]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == Migration.Source.XLSX:
            if not data.get("xlsx"):
                self.add_error("xlsx", gettext_lazy("Chọn bảng tính đã điền theo mẫu."))
        elif not data.get("marc"):
            self.add_error("marc", gettext_lazy("Chọn tệp MARC xuất từ hệ thống cũ."))
        return data


def _migrations(request: HttpRequest) -> Any:
    return in_scope(request, Migration.objects.select_related("library", "created_by"))


@staff_page
@require_http_methods(["GET", "POST"])
def migration_new(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.EDIT_LIBRARY)
    form = MigrationForm(
        request.POST or None,
        request.FILES or None,
        libraries=libraries,
        initial={"library": default.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = ("xlsx",) if data["source"] == Migration.Source.XLSX else tuple(PARTS)[:4]
        uploads = {
            part: (data[part].name or part, data[part].chunks())
            for part in wanted
            if data.get(part)
        }
        try:
            migration = queue_dry_run(
                request.user,
                form.libraries[data["library"]],
                source=data["source"],
                uploads=uploads,
                prefix=data["number_prefix"].strip(),
            )
        except ThuvienError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("staff:legacy:migration", pk=migration.pk)
    return render(
        request,
        "staff/legacy/migration_new.html",
        {"form": form, "page": paginate(request, _migrations(request))},
    )


@staff_page
def migration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(_migrations(request), pk=pk))


def _detail(request: HttpRequest, migration: Migration, error: str = "") -> HttpResponse:
    report = migration.report if isinstance(migration.report, dict) else {}
    return render(
        request,
        "staff/legacy/migration_detail.html",
        {
            "migration": migration,
            "running": migration.status in (Migration.Status.QUEUED, Migration.Status.RUNNING),
            "files": report.get("files", []),
            "may_run": migration.dry_run and migration.status == Migration.Status.DONE,
            "error": error,
        },
        status=409 if error else 200,
    )


@staff_page
@require_POST
def migration_run(request: HttpRequest, pk: int) -> HttpResponse:
    tried = get_object_or_404(_migrations(request), pk=pk)
    try:
        migration = queue_run(request.user, tried)
    except Conflict as exc:
        return _detail(request, tried, exc.message)
    return redirect("staff:legacy:migration", pk=migration.pk)
