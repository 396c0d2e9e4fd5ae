"""Staff pages of the digital collections: the list, a new collection, and one collection's
page (its names, kind and description; its objects, added by identifier, removed one by one).
The services (:mod:`thuvien.digital.collections`) check permissions and audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.digital import collections, services
from thuvien.digital.models import Collection
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action
from thuvien.staff.toolkit import (
    LibraryForm,
    in_scope,
    library_choice,
    paginate,
    show_error,
    staff_page,
)


class CollectionForm(forms.Form):
    name_vi = forms.CharField(label="Tên (tiếng Việt)", max_length=255)
    name_en = forms.CharField(label="Tên (tiếng Anh)", max_length=255, required=False)
    kind = forms.ChoiceField(label="Loại", choices=Collection.Kind.choices)
    description = forms.CharField(
        label="Giới thiệu cho bạn đọc", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NewCollectionForm(LibraryForm, CollectionForm):
    code = forms.SlugField(label="Mã (chữ thường không dấu, số, gạch ngang)", max_length=40)

    field_order = ["library", "code", "name_vi", "name_en", "kind", "description"]


def _collections(request: HttpRequest) -> Any:
    return in_scope(request, Collection.objects.select_related("library"))


@staff_page
def collection_list(request: HttpRequest) -> HttpResponse:
    rows = _collections(request).annotate(objects=Count("digital_objects")).order_by("name_vi")
    return render(request, "staff/digital/collections.html", {"page": paginate(request, rows)})


@staff_page
@require_http_methods(["GET", "POST"])
def collection_new(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.EDIT_CATALOGUE)
    form = NewCollectionForm(
        request.POST or None, libraries=libraries, initial={"library": default.pk, "kind": "local"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.add_collection(
                request.user,
                form.libraries[data["library"]],
                code=data["code"],
                name_vi=data["name_vi"],
                name_en=data["name_en"],
                kind=data["kind"],
            )
            if data["description"]:
                collections.edit_collection(
                    request.user, made, name_vi=made.name_vi, name_en=made.name_en,
                    kind=made.kind, description=data["description"],
                )  # fmt: skip
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã tạo bộ sưu tập {made.code}.")
            return redirect("staff:digital:collection", code=made.code)
    return render(request, "staff/digital/collection_new.html", {"form": form})


@staff_page
@require_http_methods(["GET", "POST"])
def collection_detail(request: HttpRequest, code: str) -> HttpResponse:
    collection = get_object_or_404(_collections(request), code=code)
    form = CollectionForm(
        request.POST or None,
        initial={
            "name_vi": collection.name_vi,
            "name_en": collection.name_en,
            "kind": collection.kind,
            "description": collection.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            collections.edit_collection(request.user, collection, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã lưu bộ sưu tập {collection.code}.")
            return redirect("staff:digital:collection", code=collection.code)
    objects = collection.digital_objects.order_by("title", "pk")
    return render(
        request,
        "staff/digital/collection.html",
        {"collection": collection, "form": form, "page": paginate(request, objects)},
    )


@staff_page
@require_POST
def collection_add(request: HttpRequest, code: str) -> HttpResponse:
    collection = get_object_or_404(_collections(request), code=code)
    wanted = request.POST.get("identifiers", "").replace(",", " ").split()
    try:
        added = collections.add_objects(request.user, collection, wanted)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã thêm {added} tài liệu số vào {collection.code}.")
    return redirect("staff:digital:collection", code=collection.code)


@staff_page
@require_POST
def collection_remove(request: HttpRequest, code: str, identifier: str) -> HttpResponse:
    collection = get_object_or_404(_collections(request), code=code)
    try:
        collections.remove_object(request.user, collection, identifier)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã bỏ {identifier} khỏi {collection.code}.")
    return redirect("staff:digital:collection", code=collection.code)
