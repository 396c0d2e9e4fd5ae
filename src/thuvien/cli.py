"""The ``thuvien`` console script.

Every Django management command is a ``thuvien`` command (``thuvien import``, ``thuvien
library add`` …). Before running one, the embedded default (SQLite in THUVIEN_DATA_DIR) is
brought up to date, so a fresh machine needs no separate set-up step.
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
}


def bootstrap() -> None:
    """Apply pending migrations on the embedded SQLite database (never on a server's)."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.core.management import call_command

        print("thuvien: đang khởi tạo cơ sở dữ liệu / initialising the database…", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    django.setup()
    if not args:
        args = ["help"]
    if args[0] not in _NO_BOOTSTRAP and not {"-h", "--help"} & set(args):
        bootstrap()
    execute_from_command_line(["thuvien", *args])
    return 0
