"""Issue 14, item 4: catalogue text in the feeds is text, never markup a feed reader runs.

A feed reader reads the XML, then renders RSS descriptions (and, by habit, titles) and Atom
summaries of ``type="html"`` as HTML. So the test does the same: parse the XML, parse the
element's text as HTML, and look for elements. Before the fix a 100$a of
``"><img src=x onerror=alert(1)>`` came out as an ``<img>`` in both feeds.
"""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client
from lxml import etree

from thuvien.catalogue.marc import MarcRecord
from thuvien.testing import factories
from thuvien.testing.portal import PROVINCE, copy, fixed, import_marc, record, sub

ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOAD = '"><img src=x onerror=alert(1)>'
TITLE = "<script>alert(2)</script><b>đậm</b>"


@pytest.fixture
def hostile() -> None:
    library = factories.library(PROVINCE, name_vi="Thư viện tỉnh Thử Nghiệm")
    marc: MarcRecord = record(
        9,
        [
            ["008", fixed("2024")],
            ["100", "1", " ", sub("a", PAYLOAD)],
            ["245", "1", "0", sub("a", TITLE)],
            ["260", " ", " ", sub("a", "Hà Nội :", "b", "<i>Nxb</i>,", "c", "2024.")],
            copy(PROVINCE, "TA000009", "005 XSS"),
        ],
    )
    import_marc(library, [marc])


def elements_when_rendered(html_text: str) -> list[str]:
    """The element tags a reader would build from this text rendered as HTML."""
    fragment = lxml.html.fragment_fromstring(html_text, create_parent="div")
    return [e.tag for e in fragment.iterdescendants()]


@pytest.mark.usefixtures("hostile")
def test_rss_description_and_title_are_shown_not_run(client: Client) -> None:
    [item] = etree.fromstring(client.get("/new/rss").content).find("channel").findall("item")
    description = item.findtext("description")
    assert elements_when_rendered(description) == []
    assert lxml.html.fragment_fromstring(description, create_parent="div").text_content() == (
        f"{PAYLOAD} · <i>Nxb</i> · 2024 · Sách · Thư viện tỉnh Thử Nghiệm"
    )
    title = item.findtext("title")
    assert elements_when_rendered(title) == []
    assert lxml.html.fragment_fromstring(title, create_parent="div").text_content() == TITLE


@pytest.mark.usefixtures("hostile")
def test_atom_summary_is_escaped_html_and_the_title_plain_text(client: Client) -> None:
    [entry] = etree.fromstring(client.get("/new/atom").content).findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert elements_when_rendered(summary.text) == []
    assert (
        PAYLOAD in lxml.html.fragment_fromstring(summary.text, create_parent="div").text_content()
    )
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text"  # Atom's default: shown as it is, never parsed
    assert title.text == TITLE
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == PAYLOAD  # a text construct
