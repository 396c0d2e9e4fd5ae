"""Filters of the portal's templates: codes to the words a reader reads, in their language."""

from __future__ import annotations

from django import template

from thuvien.network.models import Library
from thuvien.opac import labels, searching

register = template.Library()


@register.filter
def library_name(library: Library) -> str:
    return searching.library_name(library)


@register.filter
def material_type(code: str) -> str:
    return labels.material_type(code)


@register.filter
def language_name(code: str) -> str:
    return labels.language(code)


@register.filter
def lang_attr(code: str) -> str:
    """The BCP 47 tag for a ``lang`` attribute on text in the record's language ('' when
    the language is not a language: none, several, undetermined)."""
    tag = labels.bcp47(code)
    return "" if tag in ("zxx", "mul", "und") else tag
