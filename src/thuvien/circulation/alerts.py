"""Saved searches and their alerts: a reader keeps a search from the portal and hears of new
matching titles by e-mail (``thuvien circulation alerts``, daily) or from a feed.

"New" means arrived since the reader last heard: records are numbered in arrival order, so
each saved search remembers the highest record number it has told of.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit import services as audit
from thuvien.audit.models import AuditEntry
from thuvien.catalogue.models import Record
from thuvien.circulation.models import Patron, SavedSearch
from thuvien.errors import InvalidInput
from thuvien.search import services as search
from thuvien.search.types import FACETS, SearchRequest

# How far down the matches an alert looks for new titles (search pages of 100).
PAGES = 5
PER_PAGE = 100
MAX_SAVED = 20


def request_of(query: str, page: int = 1) -> SearchRequest:
    params = parse_qs(query)
    filters = {name: tuple(params[name]) for name in FACETS if params.get(name)}
    return SearchRequest(q=params.get("q", [""])[0], filters=filters, page=page, per_page=PER_PAGE)


def save_search(patron: Patron, query: str, name: str = "") -> SavedSearch:
    query = query.lstrip("?")
    asked = request_of(query)
    if not asked.q.strip() and not asked.filters:
        raise InvalidInput(_("Hãy tìm gì đó trước khi lưu: tìm kiếm này trống."))
    if patron.saved_searches.count() >= MAX_SAVED:
        raise InvalidInput(
            _("Mỗi bạn đọc lưu được tối đa {count} tìm kiếm; hãy xoá bớt.").format(count=MAX_SAVED)
        )
    newest = Record.objects.aggregate(top=Max("id"))["top"] or 0
    with transaction.atomic():
        saved = SavedSearch.objects.create(
            patron=patron,
            name=(name.strip() or asked.q.strip() or _("Tìm kiếm đã lưu"))[:120],
            query=query[:1000],
            feed_token=secrets.token_urlsafe(32),
            last_record_id=newest,  # only what arrives from now on is news
        )
        audit.record(
            actors.reader(patron),
            AuditEntry.Action.CREATE,
            "saved search",
            saved.pk,
            library_code=patron.home_library.code,
            after={"name": saved.name, "query": saved.query},
        )
    return saved


def forget_search(patron: Patron, saved: SavedSearch) -> None:
    with transaction.atomic():
        audit.record(
            actors.reader(patron),
            AuditEntry.Action.DELETE,
            "saved search",
            saved.pk,
            library_code=patron.home_library.code,
            before={"name": saved.name, "query": saved.query},
        )
        saved.delete()


def matches(saved: SavedSearch, since: int = 0) -> list[Record]:
    """Matching records numbered above ``since``, newest first."""
    ids: list[int] = []
    for page in range(1, PAGES + 1):
        result = search.search(request_of(saved.query, page))
        ids += [hit.id for hit in result.hits if hit.id > since]
        if page * PER_PAGE >= result.total:
            break
    return list(Record.objects.filter(id__in=ids).order_by("-id"))


def send(saved: SavedSearch) -> int:
    """E-mail the reader the titles new since the last alert; returns how many."""
    fresh = matches(saved, saved.last_record_id)
    if not fresh:
        return 0
    lines = [f"- {r.title} ({r.year or '—'})" for r in fresh]
    subject = _("Tài liệu mới cho “{name}”: {count}").format(name=saved.name, count=len(fresh))
    body = _("Thư viện có tài liệu mới khớp tìm kiếm bạn đã lưu:\n\n{lines}\n").format(
        lines="\n".join(lines)
    )
    # Remembered before sending: a failure to send loses one alert, never repeats one.
    SavedSearch.objects.filter(pk=saved.pk).update(last_record_id=fresh[0].id)
    send_mail(subject, body, None, [saved.patron.email])
    return len(fresh)


def send_all() -> dict[str, int]:
    searches = SavedSearch.objects.filter(by_email=True).exclude(patron__email="")
    sent = titles = 0
    for saved in searches.select_related("patron"):
        count = send(saved)
        sent += bool(count)
        titles += count
    return {"emails": sent, "titles": titles}
