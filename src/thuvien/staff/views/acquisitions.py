"""Acquisitions' staff pages: orders (drafting, sending, receiving, claiming), suppliers and
funds, material without an order, and the two registers with their PDF and XLSX."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.acquisitions import printing, receiving, registers, services
from thuvien.acquisitions.machines import ORDER
from thuvien.acquisitions.models import Fund, Order, Receipt, Source, Supplier
from thuvien.catalogue.models import Record
from thuvien.errors import ThuvienError
from thuvien.lifecycle.services import history
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require
from thuvien.staff.toolkit import library_asked, paginate, query_without_page, staff_page


def _back(name: str, library: Library, *args: Any) -> HttpResponse:
    return redirect(f"{reverse(f'staff:acquisitions:{name}', args=args)}?library={library.code}")


def _order(request: HttpRequest, pk: int) -> Order:
    order = get_object_or_404(Order.objects.select_related("library", "supplier", "fund"), pk=pk)
    require(request.user, Action.ACQUIRE, order.library)
    return order


class OrderForm(forms.Form):
    supplier = forms.ModelChoiceField(Supplier.objects.none(), label=gettext_lazy("Nhà cung cấp"))
    fund = forms.ModelChoiceField(
        Fund.objects.none(), label=gettext_lazy("Nguồn kinh phí"), required=False
    )
    expected_by = forms.DateField(
        label=gettext_lazy("Hẹn giao trước ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@staff_page
@require_http_methods(["GET", "POST"])
def orders(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.ACQUIRE)
    form = OrderForm(request.POST or None)
    form.fields["supplier"].queryset = Supplier.objects.filter(library=library)  # type: ignore[attr-defined]
    form.fields["fund"].queryset = Fund.objects.filter(library=library)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.create_order(
                request.user,
                library,
                data["supplier"],
                fund=data["fund"],
                expected_by=data["expected_by"],
            )
        except ThuvienError as exc:
            form.add_error(None, exc.message)
        else:
            return _back("order", library, order.pk)
    page = paginate(request, Order.objects.filter(library=library).select_related("supplier"))
    return render(
        request,
        "staff/acquisitions/orders.html",
        {
            "library": library,
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "late": services.late_orders(library),
        },
    )


class LineForm(forms.Form):
    record = forms.IntegerField(label=gettext_lazy("Số hiệu biểu ghi của thư viện"), required=False)
    union_record = forms.IntegerField(
        label=gettext_lazy("hoặc số hiệu biểu ghi trong mục lục liên hợp"), required=False
    )
    title = forms.CharField(
        label=gettext_lazy("hoặc nhan đề (biểu ghi tóm tắt)"), required=False, max_length=500
    )
    author = forms.CharField(label=gettext_lazy("Tác giả"), required=False, max_length=255)
    publisher = forms.CharField(label=gettext_lazy("Nhà xuất bản"), required=False, max_length=255)
    quantity = forms.IntegerField(label=gettext_lazy("Số bản"), min_value=1, initial=1)
    unit_price = forms.DecimalField(
        label=gettext_lazy("Đơn giá (đồng)"), min_value=Decimal(0), decimal_places=0
    )


def _add_line(request: HttpRequest, order: Order, form: LineForm) -> None:
    data = form.cleaned_data
    record = union_source = None
    brief = None
    if data["record"]:
        record = Record.objects.filter(pk=data["record"], library=order.library).first()
    elif data["union_record"]:
        union_source = Record.objects.filter(pk=data["union_record"]).first()
    elif data["title"]:
        brief = {k: data[k] for k in ("title", "author", "publisher")}
    services.add_line(
        request.user,
        order,
        quantity=data["quantity"],
        unit_price=data["unit_price"],
        record=record,
        union_source=union_source,
        brief=brief,
    )


@staff_page
@require_http_methods(["GET", "POST"])
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    form = LineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _add_line(request, order, form)
        except ThuvienError as exc:
            form.add_error(None, exc.message)
        else:
            return _back("order", order.library, order.pk)
    lines = list(order.lines.select_related("record"))
    late = order in services.late_orders(order.library)
    received = sum(line.received for line in lines)
    spent = sum((line.received * line.unit_price for line in lines), start=Decimal(0))
    return render(
        request,
        "staff/acquisitions/order.html",
        {
            "library": order.library,
            "order": order,
            "lines": lines,
            "form": form if order.state == Order.State.DRAFT else None,
            "moves": [(m, ORDER.label(m)) for m in ORDER.allowed(order.state) if m in MOVES],
            "receivable": order.state in (Order.State.ORDERED, Order.State.PARTLY_RECEIVED),
            "late": late,
            "claims": list(order.claims.all()),
            "receipts": list(order.receipts.all()),
            "history": history(order),
            "total": sum((line.quantity * line.unit_price for line in lines), start=Decimal(0)),
            "received": received,
            "cost_per_copy": round(spent / received) if received else None,
        },
    )


MOVES = {"place", "cancel", "close"}


@staff_page
@require_POST
def order_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    order = _order(request, pk)
    if move not in MOVES:
        raise Http404(move)
    reason = request.POST.get("reason", "").strip() or _("Cán bộ huỷ trên trang đơn")
    try:
        if move == "place":
            services.place(request.user, order)
        elif move == "cancel":
            services.cancel(request.user, order, reason=reason)
        else:
            services.close(request.user, order, reason=reason)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return _back("order", order.library, order.pk)


@staff_page
@require_POST
def order_receive(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    quantities: dict[int, int] = {}
    for line in order.lines.all():
        text = request.POST.get(f"line-{line.pk}", "").strip() or "0"
        if not text.isdigit():
            messages.error(request, _("Số bản nhận “{text}” không phải số.").format(text=text))
            return _back("order", order.library, order.pk)
        quantities[line.pk] = int(text)
    try:
        receipt = receiving.receive(
            request.user,
            order,
            {k: v for k, v in quantities.items() if v},
            document=request.POST.get("document", ""),
        )
    except ThuvienError as exc:
        messages.error(request, exc.message)
        return _back("order", order.library, order.pk)
    codes = list(receipt.accessions.values_list("code", flat=True))
    messages.success(
        request,
        _("Đã nhận {count} bản, số ĐKCB {first} – {last} (phiếu nhập số {number}).").format(
            count=len(codes), first=codes[0], last=codes[-1], number=receipt.number
        ),
    )
    return _back("registers", order.library)


@staff_page
@require_POST
def order_claim(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    try:
        services.claim(request.user, order)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã ghi thư khiếu nại đơn {number}.").format(number=order.number)
        )
    return _back("order", order.library, order.pk)


class SupplierForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên nhà cung cấp"), max_length=255)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=255, required=False)


class FundForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã nguồn kinh phí"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Tên"), max_length=255, required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=gettext_lazy("Số tiền (đồng)"), min_value=Decimal(0), decimal_places=0
    )


@staff_page
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.ACQUIRE)
    which = request.POST.get("form")
    supplier_form = SupplierForm(request.POST if which == "supplier" else None, prefix="s")
    fund_form = FundForm(
        request.POST if which == "fund" else None,
        prefix="f",
        initial={"year": timezone.localdate().year},
    )
    try:
        if which == "supplier" and supplier_form.is_valid():
            data = supplier_form.cleaned_data
            services.add_supplier(request.user, library, data["name"], address=data["address"])
            return _back("setup", library)
        if which == "fund" and fund_form.is_valid():
            data = fund_form.cleaned_data
            services.add_fund(
                request.user,
                library,
                data["code"],
                name=data["name"],
                year=data["year"],
                amount=data["amount"],
            )
            return _back("setup", library)
    except ThuvienError as exc:
        (supplier_form if which == "supplier" else fund_form).add_error(None, exc.message)
    funds = [(fund, services.position(fund)) for fund in Fund.objects.filter(library=library)]
    return render(
        request,
        "staff/acquisitions/setup.html",
        {
            "library": library,
            "suppliers": Supplier.objects.filter(library=library),
            "funds": funds,
            "supplier_form": supplier_form,
            "fund_form": fund_form,
        },
    )


class TakeInForm(forms.Form):
    source = forms.ChoiceField(
        label=gettext_lazy("Nguồn"),
        choices=[c for c in Source.choices if c[0] != Source.PURCHASE],
    )
    provider = forms.CharField(label=gettext_lazy("Người tặng / nơi gửi"), max_length=255)
    document = forms.CharField(
        label=gettext_lazy("Số biên bản, chứng từ"), max_length=255, required=False
    )
    record = forms.IntegerField(label=gettext_lazy("Số hiệu biểu ghi của thư viện"))
    quantity = forms.IntegerField(label=gettext_lazy("Số bản"), min_value=1, initial=1)
    unit_price = forms.DecimalField(
        label=gettext_lazy("Giá mỗi bản (đồng)"), min_value=Decimal(0), decimal_places=0
    )


@staff_page
@require_http_methods(["GET", "POST"])
def take_in(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.ACQUIRE)
    form = TakeInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = Record.objects.filter(pk=data["record"], library=library).first()
        try:
            if record is None:
                form.add_error(
                    "record",
                    _("Thư viện {library} không có biểu ghi số {id}.").format(
                        library=library.code, id=data["record"]
                    ),
                )
                raise _Invalid
            receiving.take_in(
                request.user,
                library,
                source=data["source"],
                provider=data["provider"],
                document=data["document"],
                entries=[receiving.Entry(record, data["quantity"], data["unit_price"])],
            )
        except _Invalid:
            pass
        except ThuvienError as exc:
            form.add_error(None, exc.message)
        else:
            return _back("registers", library)
    return render(request, "staff/acquisitions/take_in.html", {"library": library, "form": form})


class _Invalid(Exception):
    """The form already says what is wrong."""


@staff_page
@require_http_methods(["GET"])
def registers_page(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.ACQUIRE)
    year = _year(request)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # One page of the individual register read, not the year's.
    page = paginate(request, registers.rows_of(library, first, last))
    page.object_list = registers.lines_of(list(page.object_list))
    return render(
        request,
        "staff/acquisitions/registers.html",
        {
            "library": library,
            "year": year,
            "general": registers.general(library, first, last),
            "page": page,
            "query": query_without_page(request),
        },
    )


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


FILES = {
    ("general", "pdf"): (printing.general_pdf, "application/pdf"),
    ("individual", "pdf"): (printing.individual_pdf, "application/pdf"),
    ("general", "xlsx"): (
        printing.general_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("individual", "xlsx"): (
        printing.individual_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@staff_page
@require_http_methods(["GET"])
def register_file(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    library = library_asked(request, Action.ACQUIRE)
    if (kind, fmt) not in FILES:
        raise Http404(kind)
    make, content_type = FILES[(kind, fmt)]
    year = _year(request)
    body = make(library, dt.date(year, 1, 1), dt.date(year, 12, 31))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{library.code}-{kind}-{year}.{fmt}"'
    return response


@staff_page
@require_POST
def receipt_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = get_object_or_404(Receipt.objects.select_related("library"), pk=pk)
    require(request.user, Action.ACQUIRE, receipt.library)
    try:
        receiving.cancel_receipt(request.user, receipt, reason=request.POST.get("reason", ""))
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return _back("registers", receipt.library)
