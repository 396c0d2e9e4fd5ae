"""The reader's side of OCR corrections: a page's text to read and, signed in with a card (or
an account), a corrected text to propose; staff take it or refuse it on their page."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thuvien import actors
from thuvien.digital import access, corrections
from thuvien.digital.models import Page
from thuvien.errors import ThuvienError
from thuvien.http import signed_in_reader_card, signed_in_reader_id

if TYPE_CHECKING:
    from thuvien.actors import Actor


def _proposer(request: HttpRequest) -> Actor | None:
    if signed_in_reader_id(request) is not None:
        return actors.reader(signed_in_reader_card(request))
    return request.user if request.user.is_authenticated else None


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, identifier: str, sequence: int) -> HttpResponse:
    page = (
        Page.objects.select_related("digital_object__library")
        .filter(digital_object__identifier=identifier, sequence=sequence, ocr_done=True)
        .first()
    )
    if page is None:
        raise Http404
    try:
        access.check(request, page.digital_object, "text")
    except ThuvienError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    proposer = _proposer(request)
    sent, error = False, ""
    if request.method == "POST":
        if proposer is None:
            back = quote(request.get_full_path())
            return HttpResponseRedirect(f"{reverse('opac:account:sign_in')}?next={back}")
        try:
            corrections.propose(proposer, page, request.POST.get("text", ""))
        except ThuvienError as exc:
            error = exc.message
        else:
            sent = True
    count = page.digital_object.pages.count()
    return render(
        request,
        "digital/propose.html",
        {
            "page": page,
            "sent": sent,
            "error": error,
            "signed_in": proposer is not None,
            "previous": sequence - 1 if sequence > 1 else None,
            "next": sequence + 1 if sequence < count else None,
        },
    )
