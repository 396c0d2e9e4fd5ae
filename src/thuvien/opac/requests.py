"""What a signed-in reader asks for from a record page: a hold, an inter-library loan, a
loan by post, a copy of some pages. Each is one form and one service call
(:mod:`thuvien.circulation.services` and :mod:`thuvien.circulation.requests`); the reader
then sees it, with its state in words, in their account.

A reader who is not signed in is sent to sign in and brought back to the same form.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thuvien import actors
from thuvien.catalogue.models import Record
from thuvien.circulation import requests, services
from thuvien.circulation.models import FEE_WAIVER, CopyRequest, Hold, Patron
from thuvien.errors import InvalidInput, ThuvienError
from thuvien.network.models import Library
from thuvien.opac.account import signed_in_reader


@dataclass(frozen=True)
class Kind:
    title: object  # a lazy translation
    explanation: object


KINDS = {
    "hold": Kind(
        gettext_lazy("Đặt mượn"),
        gettext_lazy("Thư viện giữ bản đầu tiên được trả cho bạn và báo khi sách sẵn sàng."),
    ),
    "ill": Kind(
        gettext_lazy("Mượn liên thư viện"),
        gettext_lazy(
            "Thư viện của bạn mượn tài liệu này từ thư viện đang giữ nó; bạn nhận và trả "
            "sách tại thư viện của mình."
        ),
    ),
    "postal": Kind(
        gettext_lazy("Mượn qua bưu điện"),
        gettext_lazy("Thư viện gửi sách đến địa chỉ của bạn; bạn gửi trả qua bưu điện."),
    ),
    "copy": Kind(
        gettext_lazy("Yêu cầu sao chụp"),
        gettext_lazy(
            "Thư viện sao chụp các trang bạn cần, trong giới hạn luật sở hữu trí tuệ cho phép."
        ),
    ),
}


def _sign_in_first(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('opac:account:sign_in')}?{query}")


def _done(kind: str, record: Record, patron: Patron, created: object) -> str:
    if kind == "hold" and isinstance(created, Hold):
        return _(
            "Đã đặt mượn “{title}”. Bạn đứng thứ {position} trong hàng chờ; "
            "nhận sách tại {library}."
        ).format(
            title=record.title,
            position=services.queue_position(created),
            library=created.pickup_library.name_vi,
        )
    return _("Đã gửi yêu cầu “{what}” cho “{title}”. Theo dõi trong tài khoản của bạn.").format(
        what=KINDS[kind].title, title=record.title
    )


def _submit(kind: str, request: HttpRequest, record: Record, patron: Patron) -> object:
    actor = actors.reader(patron)
    post = request.POST
    if kind == "hold":
        pickup = get_object_or_404(Library, code=post.get("pickup", ""))
        return services.place_hold(actor, patron, record, pickup)
    if kind == "ill":
        return requests.request_ill(actor, patron, record, post.get("note", ""))
    if kind == "postal":
        return requests.request_postal_of(actor, patron, record, post.get("address", ""))
    if not post.get("copyright"):
        raise InvalidInput(
            _("Hãy xác nhận bạn dùng bản sao cho học tập, nghiên cứu cá nhân (ô cuối mẫu).")
        )
    pages, fmt = post.get("pages", ""), post.get("format", "pdf")
    return requests.request_copy(actor, patron, record, pages, fmt)


def ask(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404(kind)
    patron = signed_in_reader(request)
    if patron is None:
        return _sign_in_first(request)
    record = get_object_or_404(Record, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            created = _submit(kind, request, record, patron)
        except ThuvienError as exc:
            error = exc.message
        else:
            messages.success(request, _done(kind, record, patron, created))
            return redirect("opac:account:home")
    context = {
        "kind": kind,
        "about": KINDS[kind],
        "record": record,
        "reader": patron,
        "error": error,
        "libraries": Library.objects.filter(status=Library.Status.ACTIVE).order_by("name_vi"),
        "free_copy": requests.free_copy(record),
        "postal_fee": requests.postal_fee(patron),
        "fee_waived": patron.category in FEE_WAIVER,
        "formats": CopyRequest.Format.choices,
        "values": request.POST,
    }
    return render(request, "opac/account/ask.html", context, status=400 if error else 200)


def copy_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The reader's own delivered PDF copy, while it may still be downloaded."""
    patron = signed_in_reader(request)
    if patron is None:
        return _sign_in_first(request)
    copy = get_object_or_404(CopyRequest, pk=pk, patron=patron, state=CopyRequest.State.DELIVERED)
    if not copy.file or copy.available_until is None:
        raise Http404(pk)
    if copy.available_until < timezone.now():
        message = _(
            "Bản sao này chỉ tải được đến ngày {day}; hãy gửi yêu cầu sao chụp mới."
        ).format(day=f"{timezone.localtime(copy.available_until):%d/%m/%Y}")
        return HttpResponse(message, status=410, content_type="text/plain; charset=utf-8")
    path = requests.copies_dir() / copy.file
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ban-sao-{copy.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
