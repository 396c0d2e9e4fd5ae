"""Fixtures of the portal's tests: the small catalogue of :mod:`thuvien.testing.portal`."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from lxml import etree, html

from thuvien.catalogue.models import Record
from thuvien.testing import factories
from thuvien.testing.portal import PortalData, copy, import_marc, portal_catalogue, record, sub
from thuvien.testing.search import use_index_in


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    """A request leaves its language active in the thread (LocaleMiddleware never resets
    it): an English page must not turn the next test, in this process, English too."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def catalogue() -> PortalData:
    return portal_catalogue()


@pytest.fixture
def indexed(catalogue: PortalData, settings: Any, tmp_path: Path) -> PortalData:
    """The catalogue, searchable: an index of its own, built by `thuvien reindex`."""
    use_index_in(settings, tmp_path)
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    return catalogue


@pytest.fixture
def plain_catalogue() -> int:
    """A library and a record whose own data is plain ASCII, so that any Vietnamese left on
    an English page can only come from the page itself."""
    library = factories.library("VN-EN0001", name_vi="Thu vien", name_en="Test Library")
    code = library.code
    import_marc(
        library,
        [
            record(
                70,
                [
                    ["008", "250101s2000    xxu           000 0 eng d"],
                    ["100", "1", " ", sub("a", "Arms, William Y.")],
                    ["245", "1", "0", sub("a", "Digital libraries /", "c", "William Y. Arms.")],
                    ["260", " ", " ", sub("a", "Cambridge :", "b", "MIT Press,", "c", "2000.")],
                    ["500", " ", " ", sub("a", "Includes index.")],
                    ["650", " ", "0", sub("a", "Digital libraries.")],
                    copy(code, "EN1", "025 ARM", "Stacks"),
                    copy(code, "EN2", "025 ARM", "Stacks", not_for_loan="1"),
                    copy(code, "EN3", "025 ARM", "Stacks", lost="1"),
                    copy(code, "EN4", "025 ARM", "Stacks", damaged="1"),
                ],
                org=code,
            )
        ],
    )
    return Record.objects.get(control_number="TEST0070").pk


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def english() -> Client:
    """A reader who chose English with the language switch."""
    reader = Client()
    reader.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return reader


def tree_of(content: bytes) -> Any:
    """The page as an lxml tree (typed Any: lxml's XPath results are unions of everything)."""
    return html.fromstring(content)


def xml_of(content: bytes) -> Any:
    return etree.fromstring(content)


def find(tree: Any, tag: str, cls: str) -> list[Any]:
    """Elements ``tag`` of class ``cls`` (lxml without the cssselect package)."""
    return list(tree.xpath(f".//{tag}[contains(concat(' ', @class, ' '), ' {cls} ')]"))


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


# Punctuation the English pages use; any other non-ASCII character is Vietnamese left over.
TYPOGRAPHY = set("“”–—·✓✕…")


def leftovers(page: str) -> set[str]:
    """Non-ASCII characters of an English page other than its typography and the switch
    back to Vietnamese, which is written in Vietnamese on purpose."""
    return {ch for ch in page.replace("Tiếng Việt", "") if ord(ch) > 127} - TYPOGRAPHY


def text_of(response: Any) -> str:
    """The page's text with its tags removed and white space collapsed."""
    import re
    from html import unescape

    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
