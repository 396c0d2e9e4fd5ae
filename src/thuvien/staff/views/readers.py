"""Readers at the desk: find one (card, name or phone), register one in person, and the
money the library takes from them (charge, take, waive, print the receipt)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thuvien.circulation import fees, patrons
from thuvien.circulation.models import Category, Fee, Patron
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action, require
from thuvien.staff.toolkit import library_asked, show_error, staff_page


@staff_page
def find(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.CIRCULATE)
    text = request.GET.get("q", "").strip()
    found = patrons.search(library, text) if text else []
    if len(found) == 1 and request.GET.get("go") != "0":
        return redirect("staff:circulation:reader", pk=found[0].pk)
    return render(
        request,
        "staff/circulation/find.html",
        {"library": library, "q": text, "found": found},
    )


class RegisterForm(forms.Form):
    card_number = forms.CharField(label=gettext_lazy("Số thẻ"), max_length=32)
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=255)
    category = forms.ChoiceField(label=gettext_lazy("Đối tượng"), choices=Category.choices)
    birth_year = forms.IntegerField(
        label=gettext_lazy("Năm sinh"), required=False, min_value=1900, max_value=2100
    )
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=32, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=255, required=False)
    evidence_reference = forms.CharField(
        label=gettext_lazy("Số giấy tờ miễn phí đã xem"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("Cho nhóm được miễn phí: chỉ ghi số, không lưu bản sao."),
    )
    guardian_card = forms.CharField(
        label=gettext_lazy("Thẻ người giám hộ"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Bắt buộc với bạn đọc trẻ em."),
    )
    pin = forms.RegexField(
        label=gettext_lazy("Mã PIN (6–8 chữ số)"),
        regex=r"^\d{6,8}$",
        required=False,
        error_messages={"invalid": gettext_lazy("Mã PIN gồm 6 đến 8 chữ số.")},
    )
    keep_history = forms.BooleanField(
        label=gettext_lazy("Bạn đọc đồng ý cho lưu lịch sử mượn"), required=False
    )
    card_fee = forms.CharField(
        label=gettext_lazy("Lệ phí làm thẻ (đồng, để trống nếu không thu)"),
        max_length=20,
        required=False,
    )


@staff_page
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.MANAGE_PATRONS)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            patron = patrons.register_at_desk(request.user, library, **data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã cấp thẻ {card} cho {name}.").format(
                    card=patron.card_number, name=patron.full_name
                ),
            )
            return redirect("staff:circulation:reader", pk=patron.pk)
    return render(request, "staff/circulation/register.html", {"library": library, "form": form})


@staff_page
@require_http_methods(["POST"])
def charge(request: HttpRequest, pk: int) -> HttpResponse:
    patron = get_object_or_404(Patron.objects.select_related("home_library"), pk=pk)
    library = library_asked(request, Action.CIRCULATE)
    try:
        fees.charge(
            request.user,
            library,
            patron,
            request.POST.get("kind", ""),
            request.POST.get("amount", ""),
            note=request.POST.get("note", "").strip(),
        )
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi khoản thu cho {name}.").format(name=patron.full_name))
    return redirect("staff:circulation:reader", pk=patron.pk)


@staff_page
@require_http_methods(["POST"])
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the money (then show the receipt to print) or waive the fee with a reason."""
    fee = get_object_or_404(Fee.objects.select_related("library", "patron"), pk=pk)
    try:
        if "waive" in request.POST:
            fees.waive(request.user, fee, request.POST.get("reason", ""))
        else:
            fees.pay(request.user, fee)
            return redirect("staff:circulation:receipt", pk=fee.pk)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã miễn khoản thu."))
    if fee.patron_id is None:
        return redirect("staff:circulation:desk")
    return redirect("staff:circulation:reader", pk=fee.patron_id)


@staff_page
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    fee = get_object_or_404(Fee.objects.select_related("library", "patron"), pk=pk)
    require(request.user, Action.CIRCULATE, fee.library)
    if fee.state != Fee.State.PAID:
        messages.error(request, _("Khoản thu này chưa thu tiền nên chưa có biên lai."))
        if fee.patron_id is None:
            return redirect("staff:circulation:desk")
        return redirect("staff:circulation:reader", pk=fee.patron_id)
    amount = f"{fee.amount:,.0f}".replace(",", ".")  # 20.000 đồng, as Vietnamese write it
    return render(request, "staff/circulation/receipt.html", {"fee": fee, "amount": amount})
