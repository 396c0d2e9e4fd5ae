"""Staff pages of interoperability: copy cataloguing (search a remote catalogue, preview the
records found, import the chosen ones into one's library)."""

from __future__ import annotations

import io
import json
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.catalogue import formats
from thuvien.catalogue.marc import MarcRecord
from thuvien.interop import config, copycat, services
from thuvien.network.models import Library
from thuvien.network.permissions import Action
from thuvien.staff.toolkit import library_choice, staff_page


class CopyForm(forms.Form):
    library = forms.TypedChoiceField(label="Nhập vào thư viện", coerce=int)
    target = forms.CharField(
        label="Máy chủ",
        max_length=300,
        widget=forms.TextInput(attrs={"list": "copycat-targets"}),
        help_text="z3950://máy:cổng/cơ-sở-dữ-liệu hoặc sru+http://máy:cổng/đường-dẫn",
    )
    query = forms.CharField(
        label="Tìm", max_length=500, help_text="Từ khoá, ISBN, hoặc truy vấn PQF / CQL."
    )
    limit = forms.IntegerField(label="Số bản ghi tối đa", min_value=1, max_value=50, initial=10)

    def __init__(self, *args: Any, libraries: list[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.libraries = {lib.pk: lib for lib in libraries}
        field = cast(forms.ChoiceField, self.fields["library"])
        field.choices = [(lib.pk, str(lib)) for lib in libraries]


def _preview(record: MarcRecord) -> dict[str, Any]:
    lines = [f"LDR {record.leader}"]
    for f in record.fields:
        if len(f) == 2:
            lines.append(f"{f[0]}    {f[1]}")
        else:
            lines.append(f"{f[0]} {f[1]}{f[2]} " + " ".join(f"${c} {v}" for c, v in f[3]))
    return {
        "title": " ".join(record.values("245", "abnp")) or "(không nhan đề)",
        "author": record.first("100", "a") or record.first("110", "a"),
        "publication": " ".join(record.values("260", "abc"))
        or " ".join(record.values("264", "abc")),
        "isbn": record.first("020", "a"),
        "marc": "\n".join(lines),
        "json": json.dumps(formats.to_marc_in_json(record), ensure_ascii=False),
    }


def _picked(request: HttpRequest) -> list[MarcRecord]:
    lines = [request.POST.get(f"record-{i}", "") for i in request.POST.getlist("pick")]
    data = "\n".join(line for line in lines if line).encode()
    if not data:
        return []
    return [i.record for i in formats.read(io.BytesIO(data), "json") if i.record is not None]


@staff_page
@require_http_methods(["GET", "POST"])
def copy_cataloguing(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.IMPORT_RECORDS)
    form = CopyForm(request.POST or None, libraries=libraries, initial={"library": default.pk})
    context: dict[str, Any] = {
        "form": form,
        "targets": [t for t in config.get_str("COPYCAT_TARGETS").split(",") if t.strip()],
    }
    if request.method == "POST" and form.is_valid():
        library = form.libraries[form.cleaned_data["library"]]
        if request.POST.get("action") == "import":
            chosen = _picked(request)
            if not chosen:
                form.add_error(None, _("Hãy chọn ít nhất một bản ghi để nhập."))
            else:
                provenance = f"copycat {form.cleaned_data['target']} {form.cleaned_data['query']}"
                user = request.user
                assert isinstance(user, AbstractBaseUser)  # noqa: S101 - staff_page logged in
                report = services.import_found(user, library, chosen, provenance=provenance)
                messages.success(
                    request,
                    f"Đã nhập vào {library.code}: {report.imported} mới, {report.updated} cập "
                    f"nhật, {report.unchanged} không đổi, {report.rejected} bị loại.",
                )
                return redirect("staff:catalogue:records")
        try:
            found = copycat.search(
                form.cleaned_data["target"], form.cleaned_data["query"], form.cleaned_data["limit"]
            )
        except copycat.RemoteError as exc:
            form.add_error(None, exc.message)
        else:
            context["found"] = found
            context["previews"] = [_preview(r) for r in found.records]
    return render(request, "staff/interop/copycat.html", context)
