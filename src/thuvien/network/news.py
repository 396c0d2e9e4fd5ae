"""News and pages a library publishes on the portal ("Tin tức", "Công tác thư viện").

A library admin (or, for the province's own news, the network admin or a Department officer)
writes an item as a draft, publishes it and may take it back; both moves go through the
:data:`NEWS` lifecycle, so each leaves a history row and an audit entry. The body is Markdown
without raw HTML; :func:`render` turns it into HTML that keeps only a short list of harmless
tags and attributes (markdown-it, then nh3 as a second fence), so a pasted ``<script>`` or a
``javascript:`` link never reaches a reader.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import nh3
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markdown_it import MarkdownIt

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.audit.services import snapshot
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.lifecycle.machine import Machine, Move
from thuvien.network.models import Library, News
from thuvien.network.permissions import Action, check
from thuvien.vietnamese.text import fold, nfc

if TYPE_CHECKING:
    from thuvien.actors import Actor

_S = News.State
NEWS = Machine(
    "news",
    News,
    noun=gettext_lazy("tin"),
    key=lambda item: item.slug,
    audit_as="news",
    moves={
        "publish": Move(gettext_lazy("đăng"), {_S.DRAFT}, _S.PUBLISHED),
        "unpublish": Move(gettext_lazy("gỡ xuống"), {_S.PUBLISHED}, _S.DRAFT),
    },
)

EDITABLE = ("title", "slug", "summary", "body", "kind")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def render(body: str) -> str:
    """The body as safe HTML: Markdown without raw HTML, then sanitised."""
    html = _markdown.render(body)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )


def slug_for(title: str) -> str:
    """A web address from a Vietnamese title: folded, lower case, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold(nfc(title)).lower())
    return "-".join(words)[:80].strip("-") or "tin"


# --- reading ----------------------------------------------------------------------------------


def published(library: Library | None = None, kind: str = "") -> QuerySet[News]:
    """What readers see, newest first; ``library`` narrows to one library's items."""
    rows = News.objects.filter(state=_S.PUBLISHED, published_at__lte=timezone.now())
    if library is not None:
        rows = rows.filter(library=library)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.select_related("library").order_by("-published_at", "-pk")


def published_item(slug: str) -> News:
    item = published().filter(slug=slug).first()
    if item is None:
        raise NotFound(_("Không có tin {slug}.").format(slug=slug), slug=slug)
    return item


def for_staff(libraries: list[Library] | None) -> QuerySet[News]:
    """Every item a staff member may edit (None: the whole network), drafts first."""
    rows = News.objects.select_related("library")
    if libraries is not None:
        rows = rows.filter(library__in=libraries)
    return rows.order_by("state", "-published_at", "-updated_at")


# --- changes ----------------------------------------------------------------------------------


def _checked(values: dict[str, Any], current: News | None) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in EDITABLE:
        if field in values:
            value = values[field]
            changes[field] = nfc(value.strip()) if isinstance(value, str) else value
    if "title" in changes and not changes["title"]:
        raise InvalidInput(_("Hãy nhập tiêu đề của tin."), title="")
    if "body" in changes and not changes["body"]:
        raise InvalidInput(_("Hãy nhập nội dung của tin."), body="")
    if "kind" in changes and changes["kind"] not in News.Kind.values:
        raise InvalidInput(
            _("Loại tin “{kind}” không có; hãy chọn Tin tức hoặc Công tác thư viện.").format(
                kind=changes["kind"]
            ),
            kind=changes["kind"],
        )
    if "slug" in changes:
        slug = changes["slug"] or slug_for(
            changes.get("title") or (current and current.title) or ""
        )
        if not _SLUG.fullmatch(slug) or len(slug) > 120:
            raise InvalidInput(
                _(
                    "Địa chỉ “{slug}” không hợp lệ; chỉ dùng chữ thường không dấu, số và "
                    "dấu gạch ngang, ví dụ ngay-hoi-doc-sach-2026."
                ).format(slug=slug),
                slug=slug,
            )
        taken = News.objects.filter(slug=slug)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            raise Conflict(
                _("Địa chỉ “{slug}” đã có tin khác dùng; hãy chọn địa chỉ khác.").format(slug=slug),
                slug=slug,
            )
        changes["slug"] = slug
    return changes


def write_draft(actor: Actor, library: Library | None, **values: Any) -> News:
    """Write a draft for ``library`` (None: the province's news)."""
    check(actor, Action.PUBLISH_NEWS, library)
    values.setdefault("slug", "")
    values.setdefault("title", "")
    values.setdefault("body", "")
    changes = _checked(values, None)
    with transaction.atomic():
        author = actors.user_of(actor)
        item = News(library=library, created_by_id=getattr(author, "pk", None), **changes)
        item.save()
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "news",
            item.pk,
            library_code=library.code if library is not None else "",
            summary=item.title,
            after=snapshot(item, exclude=("created_at", "updated_at")),
        )
    return item


def update(actor: Actor, item: News, **values: Any) -> News:
    check(actor, Action.PUBLISH_NEWS, item.library)
    changes = _checked(values, item)
    with transaction.atomic():
        exclude = ("created_at", "updated_at")
        before = snapshot(item, exclude=exclude)
        for field, value in changes.items():
            setattr(item, field, value)
        after = snapshot(item, exclude=exclude)
        if after != before:
            item.save()
            audit(
                actor,
                AuditEntry.Action.UPDATE,
                "news",
                item.pk,
                library_code=item.library.code if item.library is not None else "",
                summary=item.title,
                before=before,
                after=after,
            )
    return item


def move(actor: Actor, item: News, action: str, *, at: datetime.datetime | None = None) -> News:
    """Publish or take back an item. Published again, an item keeps its first date; ``at``
    dates a publication (an item brought over from an older site)."""
    check(actor, Action.PUBLISH_NEWS, item.library)
    changes: dict[str, Any] = {}
    if action == "publish":
        changes["published_at"] = at or item.published_at or timezone.now()
    with transaction.atomic():
        lifecycle.move(
            NEWS,
            item,
            action,
            actor=actor,
            library_code=item.library.code if item.library is not None else "",
            summary=item.title,
            **changes,
        )
    return item
