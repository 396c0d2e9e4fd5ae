"""Template helpers: permission checks for buttons, and MARC display."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from thuvien.network.models import NETWORK_WIDE_ROLES, Library, Role
from thuvien.network.permissions import Action, can, profile_of

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: dict[str, Any], action: str, library: Library | None = None) -> bool:
    """Whether the user may take ``action`` (an :class:`Action` name) on ``library``;
    without a library, on their own library (or anywhere, for network-wide roles).

    Buttons use the same rule the services enforce, so a button is shown exactly when the
    operation would be allowed."""
    user = context["request"].user
    if library is None:
        profile = profile_of(user)
        if profile is not None and Role(profile.role) not in NETWORK_WIDE_ROLES:
            library = profile.library
    return can(user, Action[action], library)


@register.simple_tag(takes_context=True)
def nav_link(context: dict[str, Any], name: str, text: str) -> str:
    """A menu link, marked as the current section for screen readers and the eye."""
    url = reverse(name)
    current = context["request"].path.startswith(url)
    if current:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, text)
    return format_html('<a href="{}">{}</a>', url, text)
