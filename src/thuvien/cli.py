"""The ``thuvien`` console script.

Every Django management command is a ``thuvien`` command (``thuvien import``, ``thuvien
library add`` …). ``thuvien --help`` lists thuvien's own, by domain; ``thuvien help --all``
lists Django's too. Before running a command, the embedded default database (SQLite in
THUVIEN_DATA_DIR) is brought up to date, so a fresh machine needs no separate set-up step.
Everything the script says is in THUVIEN_LANGUAGE (Vietnamese unless set to ``en``).
"""

from __future__ import annotations

import os
import sys

# Commands that must run before, or without, the database being migrated.
_NO_BOOTSTRAP = {
    "makemigrations",
    "migrate",
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "check",
    "sqlmigrate",
    "showmigrations",
    "settings",
    "api",  # the schema commands need no database
    "compilemessages",
    "restore",  # it needs the database empty: it migrates after bringing the backup back
    "upgrade",  # it migrates itself, and says which steps it took
}
_HELP = (["help"], ["--help"], ["-h"])


def bootstrap() -> None:
    """Apply pending migrations on the embedded SQLite database (never on a server's)."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    from django.utils.translation import gettext as _

    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.core.management import call_command

        print(_("thuvien: đang khởi tạo cơ sở dữ liệu…"), file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)


def main_help() -> str:
    """``thuvien --help``: thuvien's commands by domain, one line each."""
    from django.utils.translation import gettext as _

    from thuvien.cli_support import command_groups

    groups = command_groups()
    width = max(len(name) for _group, commands in groups for name, _line in commands) + 2
    lines = [_("Cách dùng: thuvien LỆNH [TUỲ CHỌN]"), ""]
    for title, commands in groups:
        lines.append(f"{title}:")
        lines += [f"  {name.ljust(width)}{line}" for name, line in commands]
        lines.append("")
    lines.append(_("`thuvien LỆNH --help` cho biết cách dùng một lệnh."))
    lines.append(
        _(
            "Các lệnh của Django (migrate, createsuperuser, changepassword, …): "
            "`thuvien help --all`."
        )
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django
    from django.conf import settings
    from django.core.management import ManagementUtility, execute_from_command_line
    from django.utils import translation

    args = list(sys.argv[1:] if argv is None else argv)
    django.setup()
    # Django's commands run in whatever language is active; a shell has none, so say it.
    translation.activate(settings.LANGUAGE_CODE)
    if not args or args in _HELP:
        sys.stdout.write(main_help())
        return 0
    if args == ["help", "--all"]:
        sys.stdout.write(ManagementUtility(["thuvien"]).main_help_text() + "\n")
        return 0
    if args[0] not in _NO_BOOTSTRAP and not {"-h", "--help"} & set(args):
        bootstrap()
    execute_from_command_line(["thuvien", *args])
    return 0
