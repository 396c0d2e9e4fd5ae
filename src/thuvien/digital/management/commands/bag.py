"""``thuvien bag export ID FOLDER`` / ``thuvien bag import FOLDER --library CODE``: BagIt."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thuvien.catalogue.management.commands._common import library_or_error
from thuvien.digital.models import DigitalObject
from thuvien.digital.preservation import export_bag, import_bag
from thuvien.errors import ThuvienError


class Command(BaseCommand):
    help = "Export a digital object as a BagIt package, or import one (validated both ways)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("export", help="Write a bag of an object.")
        out.add_argument("identifier")
        out.add_argument("folder", type=Path)
        into = sub.add_parser("import", help="Validate a bag and ingest it.")
        into.add_argument("folder", type=Path)
        into.add_argument("--library", required=True)
        into.add_argument("--id", dest="identifier", help="Identifier (default: the bag's).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "export":
                obj = DigitalObject.objects.filter(identifier=options["identifier"]).first()
                if obj is None:
                    raise CommandError(f"No digital object {options['identifier']}.")
                path = export_bag(obj, options["folder"])
                self.stdout.write(f"{obj.identifier} → {path} (BagIt, valid)")
            else:
                obj = import_bag(
                    options["folder"],
                    library=library_or_error(options["library"]),
                    actor=f"cli:{getpass.getuser()}",
                    identifier=options["identifier"],
                )
                self.stdout.write(f"{options['folder']} → {obj.identifier} ({obj.pages.count()})")
        except ThuvienError as exc:
            raise CommandError(exc.message) from None
