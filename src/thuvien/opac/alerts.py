"""The reader's saved searches in the portal: keep the search on screen, list and delete them
in the account, and read each one's new titles as a feed (:mod:`thuvien.circulation.alerts`
sends the e-mails)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thuvien.catalogue.models import Record
from thuvien.circulation import alerts
from thuvien.circulation.models import SavedSearch
from thuvien.errors import ThuvienError
from thuvien.opac.account import signed_in_reader


@require_POST
def save(request: HttpRequest) -> HttpResponse:
    patron = signed_in_reader(request)
    query = request.POST.get("query", "")
    back = f"{reverse('opac:search')}?{query}"
    if patron is None:
        return redirect(f"{reverse('opac:account:sign_in')}?next={back}")
    try:
        saved = alerts.save_search(patron, query, request.POST.get("name", ""))
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã lưu tìm kiếm “{name}”: thư viện sẽ báo khi có tài liệu mới.").format(
                name=saved.name
            ),
        )
    return redirect(back)


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    saved = get_object_or_404(SavedSearch, pk=pk, patron=patron)
    alerts.forget_search(patron, saved)
    messages.success(request, _("Đã xoá tìm kiếm “{name}”.").format(name=saved.name))
    return redirect("opac:account:home")


class SavedSearchFeed(Feed):  # type: ignore[type-arg]
    """The newest matches of one saved search; the address's token stands for the reader."""

    def get_object(self, request: HttpRequest, token: str) -> SavedSearch:
        return get_object_or_404(SavedSearch, feed_token=token)

    def title(self, obj: SavedSearch) -> str:
        return _("Tài liệu mới: {name}").format(name=obj.name)

    def link(self, obj: SavedSearch) -> str:
        return f"{reverse('opac:search')}?{obj.query}"

    def description(self, obj: SavedSearch) -> str:
        return _("Tài liệu khớp tìm kiếm đã lưu, mới nhất trước.")

    def items(self, obj: SavedSearch) -> list[Record]:
        return alerts.matches(obj)[:50]

    def item_title(self, item: Record) -> str:
        return item.title or _("(không có nhan đề)")

    def item_description(self, item: Record) -> str:
        return " · ".join(str(v) for v in (item.authors, item.publisher, item.year) if v)

    def item_link(self, item: Record) -> str:
        return reverse("opac:record", args=[item.pk])

    def item_pubdate(self, item: Record) -> Any:
        return item.created_at
