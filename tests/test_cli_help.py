"""Every ``thuvien`` command explains itself and each argument, in Vietnamese and in English.

The help is gettext (Vietnamese msgids, English in the catalogue), so a command or an
argument added without help, or with help left out of the catalogue, fails here by name.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

from thuvien import cli
from thuvien.cli_support import GROUPS
from thuvien.core.docs import DJANGO_OPTIONS

THUVIEN = Path(sys.executable).parent / "thuvien"
GROUP_NAMES = {
    "vi": [
        "Mạng lưới",
        "Biên mục",
        "Tìm kiếm",
        "Mục lục liên hợp",
        "Lưu thông",
        "Thư viện số",
        "Bổ sung và kiểm kê",
        "Liên thông",
        "Quản lý nhà nước",
        "Báo cáo thống kê",
        "Hệ thống",
    ],
    "en": [
        "Network",
        "Catalogue",
        "Search",
        "Union catalogue",
        "Circulation",
        "Digital library",
        "Acquisitions and stock",
        "Interoperability",
        "Oversight",
        "Statistical reports",
        "System",
    ],
}


def _thuvien_commands() -> dict[str, str]:
    return {name: app for name, app in get_commands().items() if app.startswith("thuvien.")}


def _walk(
    prog: str, parser: argparse.ArgumentParser
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(f"{prog} {name}", sub)


def _helps(language: str) -> dict[str, str]:
    """Every help text of every thuvien parser, keyed by where it is shown."""
    texts: dict[str, str] = {}
    with translation.override(language):
        for name, app in sorted(_thuvien_commands().items()):
            top = load_command_class(app, name).create_parser("thuvien", name)
            for prog, parser in _walk(name, top):
                texts[prog] = str(parser.description or "")
                for action in parser._actions:
                    if isinstance(action, argparse._HelpAction) or action.dest in DJANGO_OPTIONS:
                        continue
                    if isinstance(action, argparse._SubParsersAction):
                        for choice in action._choices_actions:
                            texts[f"{prog} {choice.dest} (sub-command)"] = str(choice.help or "")
                        continue
                    where = "/".join(action.option_strings) or action.dest
                    texts[f"{prog} {where}"] = str(action.help or "")
    return texts


def test_every_command_and_argument_has_help_in_vietnamese_and_english() -> None:
    vietnamese, english = _helps("vi"), _helps("en")
    assert {"import", "import file", "import --library", "library add --type"} <= set(vietnamese)
    assert set(vietnamese) == set(english)
    assert [where for where, text in vietnamese.items() if not text.strip()] == []
    assert [where for where, text in english.items() if not text.strip()] == []
    untranslated = [
        where
        for where, text in vietnamese.items()
        if " " in text.strip() and english[where] == text
    ]
    assert untranslated == []
    assert vietnamese["import --library"] == "Mã thư viện nhận các biểu ghi."
    assert english["import --library"] == "Code of the library the records go into."


def test_every_app_with_commands_has_its_domain_in_the_main_help() -> None:
    assert set(_thuvien_commands().values()) <= set(GROUPS)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_main_help_lists_thuvien_commands_by_domain_and_hides_djangos(language: str) -> None:
    with translation.override(language):
        text = cli.main_help()
    titles = [line.removesuffix(":") for line in text.splitlines() if line.endswith(":")]
    assert titles == GROUP_NAMES[language]
    listed = {line.split()[0] for line in text.splitlines() if line.startswith("  ")}
    assert listed == set(_thuvien_commands())
    for hidden in ("startproject", "squashmigrations", "runserver", "makemigrations"):
        assert f"  {hidden} " not in text
    assert "`thuvien help --all`" in text
    import_line = next(line for line in text.splitlines() if line.startswith("  import "))
    expected = {
        "vi": "Nhập biểu ghi MARC vào một thư viện",
        "en": "Import MARC records into a library",
    }
    assert import_line.split(None, 1)[1] == expected[language]


def test_help_all_still_lists_djangos_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["help", "--all"]) == 0
    out = capsys.readouterr().out
    assert "startproject" in out
    assert "\n[catalogue]\n    export\n    import\n" in out


@pytest.mark.parametrize(
    ("language", "usage", "network"),
    [("vi", "Cách dùng: thuvien LỆNH [TUỲ CHỌN]", "Mạng lưới:"), ("en", "Usage:", "Network:")],
)
def test_the_installed_script_speaks_thuvien_language(
    tmp_path: Path, language: str, usage: str, network: str
) -> None:
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path), "THUVIEN_LANGUAGE": language}
    done = subprocess.run(
        [str(THUVIEN), "--help"], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.startswith(usage)
    assert f"\n{network}\n" in done.stdout
    assert "startproject" not in done.stdout
    imported = subprocess.run(
        [str(THUVIEN), "import", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    library = {"vi": "Mã thư viện nhận các biểu ghi.", "en": "Code of the library the records go"}
    assert library[language] in imported.stdout
