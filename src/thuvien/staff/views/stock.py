"""Staff pages of stock-taking (kiểm kê) and weeding (thanh lọc, thanh lý).

The scanning page is one input field that keeps the focus: a USB scanner types the barcode and
Enter, a phone's keyboard or camera app does the same. Its script keeps every scan in the
browser (IndexedDB) and sends them in batches to :func:`scans`, which answers JSON; a batch
re-sent after a lost connection counts once (each scan carries its own id).
"""

from __future__ import annotations

import datetime as dt
import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.errors import InvalidInput, ThuvienError
from thuvien.lifecycle import services as lifecycle
from thuvien.network.permissions import Action, can, require
from thuvien.staff.toolkit import (
    LibraryForm,
    in_scope,
    library_choice,
    paginate,
    show_error,
    staff_page,
)
from thuvien.stock import stocktake, weeding
from thuvien.stock.models import StockTake, WeedingList


class OpenForm(LibraryForm):
    name = forms.CharField(label="Tên đợt kiểm kê", max_length=200)
    locations = forms.CharField(
        label="Kho, phòng cần kiểm (mỗi dòng một nơi; để trống: cả thư viện)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@staff_page
@require_http_methods(["GET", "POST"])
def take_list(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.TAKE_STOCK)
    form = OpenForm(
        request.POST or None,
        libraries=libraries,
        initial={"library": default.pk, "name": f"Kiểm kê năm {timezone.localdate().year}"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            take = stocktake.open_stock_take(
                request.user,
                form.libraries[data["library"]],
                name=data["name"],
                locations=data["locations"].splitlines(),
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã mở đợt kiểm kê {take.name}.")
            return redirect("staff:stock:take", pk=take.pk)
    takes = in_scope(request, StockTake.objects.select_related("library"))
    return render(
        request, "staff/stock/takes.html", {"form": form, "page": paginate(request, takes)}
    )


def _take(request: HttpRequest, pk: int) -> StockTake:
    take = stocktake.get(pk)
    require(request.user, Action.TAKE_STOCK, take.library)
    return take


ON_PAGE = 500  # missing copies listed on the page; the printable report lists them all


@staff_page
def take_detail(request: HttpRequest, pk: int) -> HttpResponse:
    take = _take(request, pk)
    return render(
        request,
        "staff/stock/take.html",
        {
            "take": take,
            "found": stocktake.findings(take, limit=ON_PAGE),
            "history": lifecycle.history(take),
            "may_mark_lost": can(request.user, Action.WITHDRAW_ITEMS, take.library),
        },
    )


@staff_page
def take_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable report (biên bản kiểm kê): the browser prints it, or saves it as PDF."""
    take = _take(request, pk)
    return render(
        request, "staff/stock/report.html", {"take": take, "found": stocktake.findings(take)}
    )


@staff_page
def scan_page(request: HttpRequest, pk: int) -> HttpResponse:
    take = _take(request, pk)
    return render(
        request, "staff/stock/scan.html", {"take": take, "worker": reverse("staff:stock:worker")}
    )


# Bump when the scanning page's shell changes: the worker then drops the old cache.
WORKER_VERSION = "1"


def worker(request: HttpRequest) -> HttpResponse:
    """The service worker of the scanning pages: plain script, the same for everyone (what it
    keeps are the pages a signed-in librarian already opened)."""
    shell = [static("staff/stocktake.js"), static("staff/staff.css")]
    response = render(
        request,
        "staff/stock/worker.js",
        {"version": WORKER_VERSION, "shell": json.dumps(shell)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


@staff_page
@require_POST
def scans(request: HttpRequest, pk: int) -> HttpResponse:
    take = _take(request, pk)
    try:
        try:
            body = json.loads(request.body)
            batch = body["scans"]
            if not isinstance(batch, list) or not all(isinstance(s, dict) for s in batch):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise InvalidInput(
                'Nội dung gửi lên phải là JSON {"scans": [{"id", "barcode", …}]}.'
            ) from None
        result = stocktake.record_scans(request.user, take, batch)
    except ThuvienError as exc:
        return JsonResponse({"detail": exc.message, "code": exc.code}, status=exc.status)
    return JsonResponse({**result, "total": take.scan_count})


@staff_page
@require_POST
def take_close(request: HttpRequest, pk: int) -> HttpResponse:
    take = _take(request, pk)
    mark_lost = request.POST.get("mark_lost") == "yes"
    try:
        found = stocktake.close(
            request.user, take, mark_lost=mark_lost, note=request.POST.get("note", "")[:500]
        )
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        lost = f", {take.marked_lost} bản được ghi là mất" if mark_lost else ""
        messages.success(request, f"Đã đóng đợt kiểm kê: thiếu {found.missing_count} bản{lost}.")
    return redirect("staff:stock:take", pk=take.pk)


# Weeding.


class ProposeForm(LibraryForm):
    name = forms.CharField(label="Tên danh sách", max_length=200)
    published_before = forms.IntegerField(
        label="Xuất bản trước năm", required=False, min_value=1500, max_value=2200
    )
    idle_years = forms.IntegerField(
        label="Không được mượn trong (năm)", required=False, min_value=1, max_value=50
    )
    damaged = forms.BooleanField(label="Bản hư hỏng", required=False)


@staff_page
@require_http_methods(["GET", "POST"])
def weeding_list(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.TAKE_STOCK)
    form = ProposeForm(
        request.POST or None,
        libraries=libraries,
        initial={"library": default.pk, "name": f"Thanh lọc năm {timezone.localdate().year}"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            listing = weeding.propose(
                request.user,
                form.libraries[data["library"]],
                name=data["name"],
                published_before=data["published_before"],
                idle_years=data["idle_years"],
                damaged=data["damaged"],
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã đề xuất {listing.candidates.count()} bản.")
            return redirect("staff:stock:weeding", pk=listing.pk)
    lists = in_scope(request, WeedingList.objects.select_related("library"))
    return render(
        request, "staff/stock/weedings.html", {"form": form, "page": paginate(request, lists)}
    )


def _weeding(request: HttpRequest, pk: int) -> WeedingList:
    listing = weeding.get(pk)
    require(request.user, Action.TAKE_STOCK, listing.library)
    return listing


@staff_page
def weeding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _weeding(request, pk)
    candidates = listing.candidates.select_related("item__record").order_by(
        "item__location", "item__call_number", "item__pk"
    )
    return render(
        request,
        "staff/stock/weeding.html",
        {
            "listing": listing,
            "candidates": candidates,
            "history": lifecycle.history(listing),
            "may_decide": can(request.user, Action.WITHDRAW_ITEMS, listing.library),
            "today": timezone.localdate().isoformat(),
        },
    )


@staff_page
@require_POST
def weeding_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    listing = _weeding(request, pk)
    try:
        if move == "review":
            kept = weeding.review(
                request.user, listing, [int(x) for x in request.POST.getlist("keep") if x.isdigit()]
            )
            messages.success(request, f"Đã lưu: giữ lại {kept} bản.")
        elif move == "decide":
            try:
                day = dt.date.fromisoformat(request.POST.get("date", ""))
            except ValueError:
                raise InvalidInput("Ngày quyết định phải có dạng năm-tháng-ngày.") from None
            count = weeding.decide(
                request.user, listing, number=request.POST.get("number", ""), date=day
            )
            messages.success(
                request, f"Đã thanh lý {count} bản theo quyết định {listing.decision_number}."
            )
        elif move == "cancel":
            weeding.cancel(request.user, listing)
            messages.success(request, "Đã huỷ danh sách.")
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:stock:weeding", pk=listing.pk)
