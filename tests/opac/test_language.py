"""Vietnamese by default, English when the reader asks, and both complete."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.opac.conftest import leftovers, text, text_of, tree_of
from thuvien.opac import checks
from thuvien.testing.portal import PortalData

SOURCE = Path(__file__).resolve().parents[2] / "src" / "thuvien"
CATALOGUE = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"


def lang(response: object) -> str:
    return str(tree_of(response.content).get("lang"))  # type: ignore[attr-defined]


def test_the_portal_speaks_vietnamese_even_to_a_browser_that_prefers_english(
    client: Client, catalogue: PortalData
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert lang(response) == "vi"
    assert "Tìm tài liệu trong các thư viện của tỉnh" in text_of(response)


RECOMMENDED = {"Readers who borrowed this also borrowed", "Titles on the same subject"}


def test_the_english_switch_shows_the_same_page_in_english(
    client: Client, catalogue: PortalData
) -> None:
    page = f"/record/{catalogue.ids['digital']}"
    form = tree_of(client.get(page).content).xpath("//form[@class='language']")[0]
    assert (form.get("action"), form.xpath(".//input[@name='next']/@value")) == (
        "/i18n/setlang/",
        [page],
    )
    assert text(form.xpath(".//button")[0]) == "English"

    switched = client.post("/i18n/setlang/", {"language": "en", "next": page})
    assert (switched.status_code, switched["Location"]) == (302, page)
    response = client.get(page)
    assert lang(response) == "en"
    tree = tree_of(response.content)
    headings = [text(h) for h in tree.xpath("//h2")]
    always = ["Notes", "Where to find it", "Borrow, hold, request", "Download and cite"]
    assert [h for h in headings if h in always] == always
    # Shown only when the index or the loans have something to offer, in English too.
    assert set(headings) - set(always) <= {"More like this", *RECOMMENDED}
    rows = tree.xpath("//section[contains(@class, 'holding')][1]//tbody/tr/td[3]")
    assert [text(td) for td in rows] == ["Available", "Library use only"]
    assert text(tree.xpath("//section[contains(@class, 'holding')]/h3")[0]) == (
        "Thử Nghiệm Provincial Library"
    )
    assert text(tree.xpath("//form[@class='language']//button")[0]) == "Tiếng Việt"


def test_a_reader_can_switch_back_to_vietnamese(english: Client, catalogue: PortalData) -> None:
    assert lang(english.get("/new")) == "en"
    english.post("/i18n/setlang/", {"language": "vi", "next": "/new"})
    assert lang(english.get("/new")) == "vi"


def test_counts_of_copies_read_naturally_in_english(english: Client, catalogue: PortalData) -> None:
    cards = tree_of(english.get("/new?library=VN-TB0001").content)
    assert [text(p) for p in cards.xpath("//p[contains(@class, 'availability')]")] == [
        "1 of 1 copy available to borrow"
    ]
    province = tree_of(english.get(f"/record/{catalogue.ids['digital']}").content)
    assert text(province.xpath("//p[contains(@class, 'availability')]")[0]) == (
        "1 of 2 copies available to borrow"
    )


@pytest.mark.parametrize(
    "path",
    ["/", "/new", "/new?library=VN-EN0001", "/record/{id}", "/record/987654", "/search"],
)
def test_no_vietnamese_is_left_on_an_english_page(
    english: Client, plain_catalogue: int, path: str
) -> None:
    response = english.get(path.format(id=plain_catalogue))
    body = text_of(response)
    assert lang(response) == "en"
    assert leftovers(body) == set(), body


def test_the_english_catalogue_is_compiled() -> None:
    with translation.override("en"):
        assert translation.gettext("Nơi có tài liệu") == "Where to find it", (
            "the English catalogue is not compiled: run `make setup` (msgfmt, Debian gettext)"
        )


def test_start_up_checks_warn_when_the_english_catalogue_is_not_compiled(
    settings: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(CATALOGUE, folder / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    [warning] = checks.translations_compiled()
    assert warning.id == "thuvien.opac.W001"
    assert warning.hint == "Run `make setup` (it runs msgfmt; Debian package gettext)."


def test_start_up_checks_pass_with_the_catalogue_compiled() -> None:
    assert checks.translations_compiled() == []
