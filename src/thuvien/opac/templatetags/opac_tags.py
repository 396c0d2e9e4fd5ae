"""Filters of the portal's templates: codes to the words a reader reads, in their language."""

from __future__ import annotations

from django import template

from thuvien.catalogue import vocabulary
from thuvien.network.models import Library
from thuvien.opac import searching

register = template.Library()


@register.filter
def library_name(library: Library) -> str:
    return searching.library_name(library)


@register.filter
def material_type(code: str) -> str:
    return vocabulary.material_type(code)


@register.filter
def language_name(code: str) -> str:
    return vocabulary.language(code)


@register.filter
def lang_attr(code: str) -> str:
    """The BCP 47 tag for a ``lang`` attribute on text in the record's language ('' when
    the language is not a language: none, several, undetermined)."""
    tag = vocabulary.bcp47(code)
    return "" if tag in ("zxx", "mul", "und") else tag
