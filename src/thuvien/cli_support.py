"""How every ``thuvien`` command behaves, in one place.

A command subclasses :class:`ThuvienCommand` and so: describes itself and each argument in
the operator's language (gettext, Vietnamese msgids); turns a domain error into one line on
stderr and exit status 2, as argparse does for a bad option; prints ``--json`` as one line,
last on stdout; and prints an import's :class:`~thuvien.reports.ImportSummary` the same way,
whatever it imported. A command acts as :func:`thuvien.actors.cli_operator`, the one label of
whoever runs it.

This module sits at the bottom of thuvien: it imports Django, :mod:`thuvien.errors` and
:mod:`thuvien.reports` only, so every app's commands may use it and
none imports another's.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as django_gettext_lazy

from thuvien.errors import ThuvienError
from thuvien.reports import ImportSummary

# Usage errors exit with 2, as argparse's own do, so scripts can tell them from crashes.
USAGE = 2


def gettext_lazy(message: str) -> str:
    """Django's ``gettext_lazy``, typed as the ``str`` that argparse and ``BaseCommand.help``
    expect: the text is translated when it is shown, in the operator's language."""
    return cast("str", django_gettext_lazy(message))


# ``thuvien --help`` lists the commands by domain, in this order; an app's commands all
# belong to its domain.
GROUPS: dict[str, str] = {
    "thuvien.network": gettext_lazy("Mạng lưới"),
    "thuvien.catalogue": gettext_lazy("Biên mục"),
    "thuvien.search": gettext_lazy("Tìm kiếm"),
    "thuvien.union": gettext_lazy("Mục lục liên hợp"),
    "thuvien.circulation": gettext_lazy("Lưu thông"),
    "thuvien.digital": gettext_lazy("Thư viện số"),
    "thuvien.acquisitions": gettext_lazy("Bổ sung và kiểm kê"),
    "thuvien.serials": gettext_lazy("Bổ sung và kiểm kê"),
    "thuvien.stock": gettext_lazy("Bổ sung và kiểm kê"),
    "thuvien.legacy": gettext_lazy("Liên thông"),
    "thuvien.ai": gettext_lazy("Trí tuệ nhân tạo"),
    "thuvien.interop": gettext_lazy("Liên thông"),
    "thuvien.oversight": gettext_lazy("Quản lý nhà nước"),
    "thuvien.reporting": gettext_lazy("Báo cáo thống kê"),
    "thuvien.operations": gettext_lazy("Hệ thống"),
    "thuvien.core": gettext_lazy("Hệ thống"),
    "thuvien.api": gettext_lazy("Hệ thống"),
    "thuvien.audit": gettext_lazy("Hệ thống"),
}


def fail(message: str) -> CommandError:
    """A usage error: one line on stderr, exit status 2."""
    return CommandError(message, returncode=USAGE)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a service's error into one clear line on stderr and exit status 2."""
    try:
        yield
    except ThuvienError as exc:
        raise fail(exc.message) from None


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(
            _('{option}: "{text}" không phải ngày dạng YYYY-MM-DD, ví dụ 2025-07-01.').format(
                option=option, text=text
            )
        ) from None


def summary_of(help_text: str) -> str:
    """The first sentence of a command's help: its line in ``thuvien --help``."""
    first = " ".join(str(help_text).split()).split(". ", 1)[0]
    return first.removesuffix(".")


def command_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """thuvien's own commands by domain, in :data:`GROUPS` order: (group, [(name, line)]).

    Django's commands (``migrate``, ``startproject`` …) are left out: ``thuvien help --all``
    lists them. An app missing from :data:`GROUPS` lands in the last group, "Hệ thống".
    """
    from django.core.management import get_commands, load_command_class

    titles = list(dict.fromkeys(str(title) for title in GROUPS.values()))
    grouped: dict[str, list[tuple[str, str]]] = {title: [] for title in titles}
    for name, app in sorted(get_commands().items()):
        if not app.startswith("thuvien."):
            continue
        title = str(GROUPS.get(app, titles[-1]))
        grouped[title].append((name, summary_of(load_command_class(app, name).help)))
    return [(title, commands) for title, commands in grouped.items() if commands]


# --- the command -----------------------------------------------------------------------------
class ThuvienCommand(BaseCommand):
    """The base of thuvien's commands (see the module's docstring)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # The help is lazy (translated when shown); argparse rewraps only real strings.
        parser.description = str(self.help) if self.help else None
        return parser

    def execute(self, *args: Any, **options: Any) -> str | None:
        with domain_errors():
            return super().execute(*args, **options)

    @staticmethod
    def subcommands(parser: CommandParser, **kwargs: Any) -> argparse._SubParsersAction[Any]:
        """The sub-command chooser, whose choices are added with :meth:`subcommand`."""
        kwargs.setdefault("dest", "action")
        kwargs.setdefault("required", True)
        kwargs.setdefault("title", _("lệnh con"))
        return parser.add_subparsers(**kwargs)

    @staticmethod
    def subcommand(chooser: argparse._SubParsersAction[Any], name: str, help: str) -> CommandParser:
        """A sub-command whose own ``--help`` opens with the line its parent lists."""
        parser: CommandParser = chooser.add_parser(name, help=help, description=str(help))
        return parser

    @staticmethod
    def add_json_option(parser: CommandParser) -> None:
        parser.add_argument(
            "--json",
            action="store_true",
            help=gettext_lazy("In kết quả dạng JSON: một dòng, dòng cuối của stdout."),
        )

    def print_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))

    def print_import(
        self, summary: ImportSummary, *, as_json: bool, extra: dict[str, Any] | None = None
    ) -> None:
        """Counts (or the JSON, with ``extra``) on stdout; each reject and warning on its own
        line on stderr."""
        for warning in summary.warnings:
            self.stderr.write(_("  cảnh báo: {warning}").format(warning=warning))
        for reject in summary.rejects:
            self.stderr.write(
                _("  bị loại: {where}: {reason}").format(
                    where=summary.where(reject), reason=reject.reason
                )
            )
        if summary.rejected > len(summary.rejects):
            self.stderr.write(
                _("  … và {more} mục bị loại khác, không liệt kê ở đây.").format(
                    more=summary.rejected - len(summary.rejects)
                )
            )
        if as_json:
            self.print_json({**summary.as_dict(), **(extra or {})})
            return
        self.stdout.write(
            _(
                "{source} → {library}: đọc {read}, mới {created}, cập nhật {updated}, "
                "không đổi {unchanged}, bị loại {rejected}."
            ).format(
                source=summary.source,
                library=summary.library,
                read=summary.read,
                created=summary.created,
                updated=summary.updated,
                unchanged=summary.unchanged,
                rejected=summary.rejected,
            )
        )
