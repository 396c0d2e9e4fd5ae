"""``thuvien fixity [ID...]``: re-hash every stored file and report what no longer matches.

Meant to run periodically (cron or a systemd timer); exits non-zero when anything changed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thuvien.digital.models import DigitalObject
from thuvien.digital.preservation import audit_fixity


class Command(BaseCommand):
    help = "Fixity audit: re-hash the digital objects' files (all, or those named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identifiers", nargs="*", help="Objects to check (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        objects = DigitalObject.objects.order_by("identifier")
        if options["identifiers"]:
            objects = objects.filter(identifier__in=options["identifiers"])
            missing = set(options["identifiers"]) - set(
                objects.values_list("identifier", flat=True)
            )
            if missing:
                raise CommandError(f"No digital object {', '.join(sorted(missing))}.")
        files = 0
        bad: list[str] = []
        for obj in objects.iterator():
            check = audit_fixity(obj)
            files += check.files_checked
            for problem in check.mismatches:
                bad.append(
                    f"{obj.identifier}/{problem['path']}: expected {problem['expected']}, "
                    f"found {problem['found']}"
                )
        for line in bad:
            self.stdout.write(f"  sai lệch/mismatch: {line}")
        summary = f"{files} tệp/files checked, {len(bad)} sai lệch/mismatches"
        if bad:
            raise CommandError(summary)
        self.stdout.write(summary)
