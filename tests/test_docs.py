"""Docs that cannot drift: the reference pages are what the code renders today.

The pages hold cog blocks (``docs/reference/*.md``); this runs the same cog as ``make docs``
on each one and fails when the page on disk differs, naming the command that fixes it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from cogapp import Cog

from thuvien.core import docs

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "reference"
PAGES = ("cli.md", "cli.en.md", "settings.md", "endpoints.md")


@pytest.mark.parametrize("page", PAGES)
def test_reference_page_is_what_the_code_renders(page: str) -> None:
    path = REFERENCE / page
    written = path.read_text(encoding="utf-8")
    rendered = Cog().process_string(written, fname=str(path))
    if rendered != written:
        diff = difflib.unified_diff(
            written.splitlines(), rendered.splitlines(), "on disk", "rendered", lineterm="", n=1
        )
        shown = "\n".join(list(diff)[:40])
        pytest.fail(f"docs/reference/{page} is out of date: run `make docs`.\n{shown}")


def test_every_command_and_setting_is_on_its_page() -> None:
    from thuvien import conf

    assert {"demo", "import", "export", "library", "serve"} <= set(docs.commands())
    for page in ("cli.md", "cli.en.md"):
        cli = (REFERENCE / page).read_text(encoding="utf-8")
        for name in docs.commands():
            assert f"\n## thuvien {name}\n" in cli
    settings = (REFERENCE / "settings.md").read_text(encoding="utf-8")
    for setting in conf.SETTINGS:
        assert f"| `{setting.env_name}` |" in settings


def test_every_named_url_is_on_the_endpoints_page() -> None:
    page = (REFERENCE / "endpoints.md").read_text(encoding="utf-8")
    named = [name for _, name, _ in docs.endpoints() if name]
    assert {"opac:home", "staff:home", "health", "interop:oai"} <= set(named)
    for name in named:
        assert f"| {name} |" in page


def test_the_pages_do_not_depend_on_the_machine() -> None:
    text = "".join((REFERENCE / p).read_text(encoding="utf-8") for p in PAGES)
    assert str(Path.home()) not in text
    assert str(docs.REPO) not in text
