"""The reference pages that cannot drift: rendered from the code, checked by a test.

``docs/reference/{cli,settings,endpoints}.md`` each hold a cog block that calls one function
here; ``make docs`` rewrites them and ``tests/test_docs.py`` runs ``cog --check``, so a
command, setting or URL added without its page fails the tests with "run make docs".

The text depends on the code only, never on the machine: argparse wraps help at
:data:`WIDTH` columns whatever the terminal, and defaults that depend on the machine
(:data:`MACHINE_DEFAULTS`) are described rather than printed.
"""

from __future__ import annotations

import argparse
import inspect
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

WIDTH = 100
REPO = Path(__file__).resolve().parents[3]
# Settings whose default is computed on the machine that reads it.
MACHINE_DEFAULTS = {
    "DATA_DIR": "`~/.local/share/thuvien` (`$XDG_DATA_HOME/thuvien` when that is set)",
    "IMPORT_WORKERS": "2 (1 on a one-core machine)",
}


def _setup() -> None:
    """Django, set up once (cog runs outside it; the tests are already inside)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


# --- CLI ------------------------------------------------------------------------------------
def commands() -> dict[str, str]:
    """thuvien's own commands (name → app), from Django's registry of management commands."""
    _setup()
    from django.core.management import get_commands

    return {name: app for name, app in sorted(get_commands().items()) if app.startswith("thuvien.")}


def _parsers(name: str, app: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The command's parser, then each sub-command's (``library add``, ``library list`` …)."""
    from django.core.management import load_command_class

    parser = load_command_class(app, name).create_parser("thuvien", name)
    for action in [a for a in parser._actions if a.dest in DJANGO_OPTIONS]:
        parser._remove_action(action)
        for group in parser._action_groups:
            if action in group._group_actions:
                group._group_actions.remove(action)
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, subparser in action.choices.items():
                yield f"{name} {sub}", subparser


# Options Django gives every command: said once at the top of the page, not in each help.
DJANGO_OPTIONS = {
    "version", "verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color",
    "skip_checks",
}  # fmt: skip


def _help(parser: argparse.ArgumentParser) -> str:
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(WIDTH)  # argparse reads the width from here
    try:
        text = parser.format_help().rstrip()
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    # Defaults that are paths on this machine are shown relative to the repository or home.
    return text.replace(f"{REPO}/", "").replace(str(Path.home()), "~")


def cli_reference(language: str = "vi") -> str:
    """Every thuvien command with its ``--help`` in ``language``, sub-commands included,
    after an index of the commands by domain (the one ``thuvien --help`` prints)."""
    _setup()
    from django.utils import translation

    from thuvien.cli_support import command_groups

    with translation.override(language):
        found = commands()
        english = language == "en"
        out = ["Commands by domain:" if english else "Các lệnh theo lĩnh vực:"]
        out.append("")
        for title, listed in command_groups():
            links = ", ".join(f"[`{name}`](#thuvien-{name})" for name, _line in listed)
            out.append(f"- {title}: {links}")
        options = ", ".join(f"`--{o.replace('_', '-')}`" for o in sorted(DJANGO_OPTIONS))
        out += [
            "",
            (
                f"Every command also takes Django's options: {options}."
                if english
                else f"Mọi lệnh còn nhận các tùy chọn chung của Django: {options}."
            ),
            "",
        ]
        for name, app in found.items():
            for title, parser in _parsers(name, app):
                out += [f"## thuvien {title}", ""]
                out += [f"App: `{app}`", ""] if title == name else []
                out += ["```text", _help(parser), "```", ""]
    return _clean("\n".join(out))


# --- settings -------------------------------------------------------------------------------
def settings_reference() -> str:
    """Every THUVIEN_* setting of :mod:`thuvien.conf` with its default and meaning."""
    from thuvien import conf

    for name in MACHINE_DEFAULTS:  # a renamed setting must not leave a stale line here
        if name not in {s.name for s in conf.SETTINGS}:
            raise KeyError(f"MACHINE_DEFAULTS names {name}, which thuvien.conf no longer has")
    out = ["| Biến / variable | Mặc định / default | Ý nghĩa / meaning |", "| --- | --- | --- |"]
    for setting in conf.SETTINGS:
        default = MACHINE_DEFAULTS.get(setting.name) or _default(setting.default)
        out.append(f"| `{setting.env_name}` | {default} | {_cell(setting.help)} |")
    return "\n".join(out) + "\n"


def _default(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return f"`{text}`" if text and text != "." else "(trống / empty)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# --- endpoints ------------------------------------------------------------------------------
# Included URL sets shown as one line: Django's own, with many URLs of no interest here.
COLLAPSED = {"admin": "Django admin (superusers)", "django.conf.urls.i18n": "set_language"}


def endpoints() -> list[tuple[str, str, str]]:
    """(URL pattern, name, view) for every URL of the site, in the order they are matched."""
    _setup()
    from django.urls import get_resolver

    return list(_walk(get_resolver().url_patterns, "", ""))


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str, str]]:
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            collapsed = COLLAPSED.get(entry.app_name or "") or COLLAPSED.get(module)
            if collapsed:
                yield route + "…", entry.namespace or "", collapsed
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield route, name, _view(entry.callback)


def _view(callback: Any) -> str:
    """The view's dotted name, past decorators; django-ninja's operations are one kind."""
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    module = getattr(view, "__module__", "") or ""
    if module.startswith(("ninja.", "functools")) or "PathView" in repr(view):
        return "django-ninja (API operation)"
    return f"{module}.{getattr(view, '__qualname__', type(view).__name__)}"


def endpoints_reference() -> str:
    """Every URL pattern as a table: path, name for ``reverse()``, view."""
    out = ["| Đường dẫn / path | Tên / name | View |", "| --- | --- | --- |"]
    for route, name, view in endpoints():
        shown = name or "—"
        out.append(f"| `/{_cell(route)}` | {shown} | {view if ' ' in view else f'`{view}`'} |")
    return "\n".join(out) + "\n"


def _clean(text: str) -> str:
    """No trailing spaces (the pages are checked by linters), one newline at the end."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
