"""RSS 2.0 and Atom feeds of the new acquisitions, of the network or of one library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import gettext as _

from thuvien.catalogue.models import Record
from thuvien.catalogue.vocabulary import material_type
from thuvien.errors import NotFound
from thuvien.network.models import Library
from thuvien.network.services import library_by_code
from thuvien.opac import acquisitions
from thuvien.opac.searching import library_name


def library_from(request: HttpRequest) -> Library | None:
    """The library asked for with ?library=CODE (None: the whole network); 404 if unknown."""
    code = request.GET.get("library", "").strip()
    if not code:
        return None
    try:
        return library_by_code(code)
    except NotFound:
        raise Http404(
            _("Không có thư viện mã %(code)s; hãy chọn một thư viện trong danh sách.")
            % {"code": code}
        ) from None


@dataclass(frozen=True)
class Scope:
    """What one feed request is about (the feed object itself is shared by all requests)."""

    library: Library | None


def _scoped(url: str, obj: Scope) -> str:
    return url if obj.library is None else f"{url}?{urlencode({'library': obj.library.code})}"


class NewAcquisitionsRss(Feed[Record, Scope]):
    """Catalogue text is text: an RSS description (and, by readers' habit, title) and an Atom
    summary (``type="html"``) are HTML once the XML is read, so their text is HTML-escaped
    first; a 100$a of ``"><img onerror=…>`` is shown, never run (issue 14)."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    url_name = "opac:new_rss"

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Scope:
        return Scope(library_from(request))

    def title(self, obj: Scope) -> str:
        if obj.library is None:
            return _("Tài liệu mới của mạng lưới thư viện")
        return _("Tài liệu mới: %(library)s") % {"library": library_name(obj.library)}

    def link(self, obj: Scope) -> str:
        return _scoped(reverse("opac:new"), obj)

    def feed_url(self, obj: Scope) -> str:
        return _scoped(reverse(self.url_name), obj)

    def description(self, obj: Scope) -> str:
        return _("Những tài liệu vừa được biên mục và có bản để mượn.")

    def items(self, obj: Scope) -> list[Record]:
        return acquisitions.for_feed(obj.library)

    def item_title(self, item: Record) -> str:
        return escape(item.title or _("(không có nhan đề)"))

    def item_description(self, item: Record) -> str:
        parts = [
            item.authors,
            item.publisher,
            str(item.year or ""),
            material_type(item.material_type),
        ]
        held = library_name(item.library)
        return escape(" · ".join([p for p in parts if p] + [held]))

    def item_link(self, item: Record) -> str:
        return reverse("opac:record", args=[item.pk])

    def item_pubdate(self, item: Record) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Record) -> datetime:
        return item.created_at

    def item_author_name(self, item: Record) -> str:
        return item.authors.split(" ; ")[0] if item.authors else ""


class NewAcquisitionsAtom(NewAcquisitionsRss):
    feed_type: type[SyndicationFeed] = Atom1Feed
    url_name = "opac:new_atom"

    def subtitle(self, obj: Scope) -> str:
        return self.description(obj)

    def item_title(self, item: Record) -> str:
        """An Atom title is ``type="text"``: written as it is (escaping would show ``&lt;``)."""
        return item.title or _("(không có nhan đề)")
