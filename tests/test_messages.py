"""Every message the code and the templates can show has its English, checked against a
fresh extraction of the source as it is now (not against a list someone has to keep)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "thuvien"
CATALOGUE = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"
HOW = f"""
Add each one at the end of {CATALOGUE.relative_to(SOURCE.parents[1])}, under a comment that
says where they come from, with the English as msgstr and the same {{placeholders}} (an
English whose placeholders differ from its msgid's counts as none):

    # --- <branch>: <files> ---
    msgid "Không có thư viện mã {{code}}."
    msgstr "No library has code {{code}}."

A msgid must appear only once (reuse an existing one). Then `make setup` compiles the catalogue.
Do not run makemessages on the real tree: it rewrites the whole file."""


def gettext_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


def entries(po: str) -> list[tuple[str, str]]:
    """(msgid, where it is used) for each entry of a .po file, header left out."""
    found = []
    for block in po.split("\n\n"):
        places = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                found.append((msgid, places))
    return found


def listing(found: list[tuple[str, str]]) -> str:
    return "\n".join(f'  msgid "{msgid}"   ({places})' for msgid, places in found)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue after a fresh makemessages over a copy of the source: every msgid the
    code and templates use, with the English the real catalogue has for it (or none)."""
    tools = [shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgattrib", "msgfmt")]
    assert all(tools), "GNU gettext is missing: run `make setup` (Debian package gettext)"
    copy_of_source = tmp_path_factory.mktemp("source") / "thuvien"
    shutil.copytree(SOURCE, copy_of_source, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-wrap", "--no-obsolete"],
        cwd=copy_of_source,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return copy_of_source / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_in_the_code_and_templates_has_its_english(extracted: Path) -> None:
    """A new or changed msgid comes out of the merge without English, or with a fuzzy guess
    msgmerge borrowed from a similar message: neither is shown to a reader."""
    untranslated = gettext_tool("msgattrib", "--untranslated", "--no-wrap", str(extracted))
    fuzzy = gettext_tool("msgattrib", "--only-fuzzy", "--no-wrap", str(extracted))
    missing = entries(untranslated.stdout) + entries(fuzzy.stdout)
    assert missing == [], f"{len(missing)} messages have no English:\n{listing(missing)}\n{HOW}"


def test_the_english_keeps_the_placeholders_of_each_message(extracted: Path) -> None:
    """The extraction flags `{name}` messages python-brace-format, so msgfmt compares them
    (msgmerge has marked such a mismatch fuzzy: --use-fuzzy checks it all the same)."""
    checked = gettext_tool("msgfmt", "--check", "--use-fuzzy", "-o", "/dev/null", str(extracted))
    assert checked.returncode == 0, (
        f"{checked.stderr}(a line of a fresh extraction: fix that msgstr in {CATALOGUE})"
    )


def test_the_catalogue_compiles_cleanly() -> None:
    checked = gettext_tool("msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE))
    assert checked.returncode == 0, f"{checked.stderr}\n(a msgid may appear only once)"
