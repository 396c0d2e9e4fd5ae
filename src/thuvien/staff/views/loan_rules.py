"""The loan-rule editor: the matrix library × reader category × item type, each cell's terms
in words, and a preview answering "which rule applies if I lend this copy to this reader"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thuvien.circulation import patrons, rules, services
from thuvien.circulation.models import Category, LoanRule
from thuvien.errors import ThuvienError
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require
from thuvien.staff.toolkit import library_asked, network_wide, show_error, staff_page


class TermsForm(forms.Form):
    loan_days = forms.IntegerField(
        label=gettext_lazy("Số ngày mượn (0: chỉ đọc tại chỗ)"), min_value=0, max_value=365
    )
    renewals = forms.IntegerField(label=gettext_lazy("Số lần gia hạn"), min_value=0, max_value=20)
    max_items = forms.IntegerField(
        label=gettext_lazy("Số cuốn mượn tối đa"), min_value=1, max_value=500
    )


class RuleForm(TermsForm):
    scope = forms.ChoiceField(label=gettext_lazy("Áp dụng cho"))
    category = forms.ChoiceField(
        label=gettext_lazy("Đối tượng bạn đọc"),
        choices=[("", gettext_lazy("Mọi bạn đọc")), *Category.choices],
        required=False,
    )
    item_type = forms.CharField(
        label=gettext_lazy("Loại tài liệu (để trống: mọi loại)"), max_length=40, required=False
    )
    field_order = ["scope", "category", "item_type", "loan_days", "renewals", "max_items"]


def _scopes(request: HttpRequest, library: Library) -> list[tuple[str, str]]:
    scopes = [(library.code, library.name_vi)]
    if network_wide(request):
        scopes.insert(0, ("", _("Toàn mạng lưới")))
    return scopes


def _rows(library: Library) -> list[dict[str, Any]]:
    return [
        {
            "rule": rule,
            "scope": rules.scope_words(rule.library, rule.category, rule.item_type),
            "terms": rules.terms_words(rule.loan_days, rule.renewals, rule.max_items),
            "mine": rule.library_id == library.pk,
        }
        for rule in rules.rules_seen_by(library)
    ]


def _preview(request: HttpRequest, library: Library) -> dict[str, Any] | None:
    """Which rule a loan of ``barcode`` to ``card`` would fall under, without lending."""
    card = request.GET.get("card", "").strip()
    barcode = request.GET.get("barcode", "").strip()
    if not card and not barcode:
        return None
    try:
        reader = patrons.find(library, card)
        item = services.find_item(library, barcode)
    except ThuvienError as exc:
        return {"card": card, "barcode": barcode, "error": exc.message}
    applied = rules.rule_for(library, reader.category, item.item_type)
    return {
        "card": card,
        "barcode": barcode,
        "reader": reader,
        "item": item,
        "applied": applied,
        "terms": rules.terms_words(applied.loan_days, applied.renewals, applied.max_items),
    }


@staff_page
@require_http_methods(["GET", "POST"])
def rule_list(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.CIRCULATE)
    may_edit = True
    try:
        require(request.user, Action.EDIT_LIBRARY, library)
    except ThuvienError:
        may_edit = False
    form = RuleForm(request.POST or None, initial={"scope": library.code, **_defaults()})
    scope = form.fields["scope"]
    assert isinstance(scope, forms.ChoiceField)  # noqa: S101 - declared so on RuleForm
    scope.choices = _scopes(request, library)
    if request.method == "POST" and not may_edit:
        require(request.user, Action.EDIT_LIBRARY, library)  # the 403 page, saying why
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rules.add_rule(
                request.user,
                library=library if data["scope"] else None,
                category=data["category"],
                item_type=data["item_type"].strip(),
                loan_days=data["loan_days"],
                renewals=data["renewals"],
                max_items=data["max_items"],
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã thêm quy tắc mượn."))
            return redirect(f"{reverse('staff:circulation:rules')}?library={library.code}")
    context = {
        "library": library,
        "rows": _rows(library),
        "form": form,
        "may_edit": may_edit,
        "preview": _preview(request, library),
    }
    return render(request, "staff/circulation/rules.html", context)


def _defaults() -> dict[str, int]:
    return {"loan_days": 14, "renewals": 2, "max_items": 5}


@staff_page
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(LoanRule.objects.select_related("library"), pk=pk)
    require(request.user, Action.EDIT_LIBRARY, rule.library)
    library = rule.library or library_asked(request, Action.CIRCULATE)
    back = f"{reverse('staff:circulation:rules')}?library={library.code}"
    if request.method == "POST" and "remove" in request.POST:
        rules.remove_rule(request.user, rule)
        messages.success(request, _("Đã xoá quy tắc mượn."))
        return redirect(back)
    initial = {"loan_days": rule.loan_days, "renewals": rule.renewals, "max_items": rule.max_items}
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rules.edit_rule(request.user, rule, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã sửa quy tắc mượn."))
            return redirect(back)
    scope = rules.scope_words(rule.library, rule.category, rule.item_type)
    return render(
        request,
        "staff/circulation/rule_edit.html",
        {"rule": rule, "scope": scope, "form": form, "back": back, "library": library},
    )
