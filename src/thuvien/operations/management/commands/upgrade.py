"""``thuvien upgrade``: bring a data folder and database made by an earlier version up to
this one: migrations, the search index's schema, translations, static files, periodic jobs."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.operations import schedule
from thuvien.search.backends import get_backend


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Nâng cấp sau khi cài phiên bản mới: chuyển đổi cơ sở dữ liệu, dựng lại chỉ mục nếu "
        "cấu trúc đổi, biên dịch bản dịch, tệp tĩnh, các việc định kỳ. Chạy lại không hại gì."
    )
    requires_system_checks: list[str] = []  # the checks may only pass after the upgrade

    def add_arguments(self, parser: Any) -> None:
        self.add_json_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        call_command("migrate", interactive=False, verbosity=0)
        backend = get_backend()
        reindexed = not backend.exists() or backend.outdated()
        if reindexed:
            call_command("reindex", stdout=io.StringIO())
        try:
            call_command("compilemessages", verbosity=0)
            translations = True
        except (CommandError, OSError):  # an installed package ships them compiled
            translations = False
        call_command("collectstatic", interactive=False, verbosity=0)
        jobs = len(schedule.ensure_defaults())
        migrations = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
        done = {
            "migrations": migrations,
            "reindexed": reindexed,
            "translations_compiled": translations,
            "periodic_jobs": jobs,
        }
        if options["json"]:
            self.print_json(done)
            return
        self.stdout.write(
            _(
                "Đã nâng cấp: {count} bước chuyển đổi cơ sở dữ liệu, chỉ mục {index}, {jobs} việc "
                "định kỳ."
            ).format(
                count=len(migrations),
                index=_("đã dựng lại") if reindexed else _("giữ nguyên"),
                jobs=jobs,
            )
        )
