"""Copies (items) of a record: add, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.catalogue import services
from thuvien.catalogue.models import Item, Record
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action, require
from thuvien.staff.forms import ItemForm
from thuvien.staff.toolkit import show_error, staff_page


@staff_page
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record.objects.select_related("library"), pk=pk)
    require(request.user, Action.EDIT_ITEMS, record.library)
    form = ItemForm(request.POST or None, initial={"call_number": record.call_number})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_item(request.user, record, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã thêm bản sao {item}.").format(item=item))
            return redirect("staff:catalogue:record", pk=record.pk)
    return render(
        request, "staff/catalogue/item_form.html", {"form": form, "record": record, "item": None}
    )


@staff_page
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("library", "record"), pk=pk)
    require(request.user, Action.EDIT_ITEMS, item.library)
    form = ItemForm(request.POST) if request.method == "POST" else ItemForm.for_item(item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(request.user, item, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã lưu bản sao {item}.").format(item=item))
            return redirect("staff:catalogue:record", pk=item.record_id)
    return render(
        request,
        "staff/catalogue/item_form.html",
        {"form": form, "record": item.record, "item": item},
    )


@staff_page
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("library", "record"), pk=pk)
    require(request.user, Action.EDIT_ITEMS, item.library)
    if request.method == "POST":
        try:
            services.delete_item(request.user, item)
        except ThuvienError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã xoá bản sao {item}.").format(item=item))
        return redirect("staff:catalogue:record", pk=item.record_id)
    return render(request, "staff/catalogue/item_delete.html", {"item": item})
