"""The news libraries publish ("Tin tức", "Công tác thư viện"): a list, one page per item,
an RSS feed, and the portal's logos. Only published items are ever shown; drafts answer 404
as if absent. A library's item is shown in that library's branding."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from thuvien.errors import NotFound
from thuvien.http import vietnamese_first
from thuvien.network import branding, news
from thuvien.network.models import News
from thuvien.opac.feeds import Scope, library_from
from thuvien.opac.searching import library_name

PER_PAGE = 20


def latest(count: int = 3) -> list[News]:
    """The newest published items, for the home page."""
    return list(news.published()[:count])


@require_safe
@vietnamese_first
def news_list(request: HttpRequest) -> HttpResponse:
    library = library_from(request)
    kind = request.GET.get("kind", "")
    if kind not in News.Kind.values:
        kind = ""
    if library is not None:
        request.branding_library = library  # type: ignore[attr-defined]
    items = list(news.published(library, kind)[:PER_PAGE])
    context = {"items": items, "library": library, "kind": kind, "kinds": News.Kind.choices}
    return render(request, "opac/news_list.html", context)


@require_safe
@vietnamese_first
def news_item(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        item = news.published_item(slug)
    except NotFound as exc:
        problem = {"title": _("Không tìm thấy tin"), "message": exc.message}
        return render(request, "opac/problem.html", problem, status=404)
    request.branding_library = item.library  # type: ignore[attr-defined]
    context: dict[str, Any] = {"item": item, "body": news.render(item.body)}
    return render(request, "opac/news_item.html", context)


@require_safe
def logo(request: HttpRequest, scope: str) -> HttpResponse:
    """A logo set on the branding page; with ``?v=`` (its version) it is cached for good."""
    row = branding.logo(scope)
    if row is None:
        raise Http404(_("Chưa có biểu trưng."))
    response = HttpResponse(bytes(row.logo), content_type=row.logo_type)
    versioned = request.GET.get("v") == row.logo_version
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if versioned else "public, max-age=300"
    )
    response["ETag"] = f'"{row.logo_version}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class NewsRss(Feed[News, Scope]):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Scope:
        return Scope(library_from(request))

    def title(self, obj: Scope) -> str:
        if obj.library is None:
            return _("Tin tức của mạng lưới thư viện")
        return _("Tin tức: %(library)s") % {"library": library_name(obj.library)}

    def link(self, obj: Scope) -> str:
        url = reverse("opac:news")
        return url if obj.library is None else f"{url}?library={obj.library.code}"

    def description(self, obj: Scope) -> str:
        return _("Tin tức và công tác thư viện mới đăng.")

    def items(self, obj: Scope) -> list[News]:
        return list(news.published(obj.library)[:PER_PAGE])

    def item_title(self, item: News) -> str:
        return item.title

    def item_description(self, item: News) -> str:
        return item.summary or news.render(item.body)

    def item_link(self, item: News) -> str:
        return reverse("opac:news_item", args=[item.slug])

    def item_pubdate(self, item: News):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_categories(self, item: News) -> list[str]:
        return [str(item.get_kind_display())]
