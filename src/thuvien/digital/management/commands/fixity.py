"""``thuvien fixity [ID...]``: re-hash every stored file and report what no longer matches.

Meant to run periodically (cron or a systemd timer); exits non-zero when anything changed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.digital.models import DigitalObject
from thuvien.digital.preservation import audit_fixity


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Kiểm tra toàn vẹn các tệp của đối tượng số. Băm lại các tệp (của mọi đối tượng, hoặc "
        "của những đối tượng được nêu) và báo tệp nào đã đổi hay mất; thoát với mã khác 0 khi "
        "có sai lệch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "identifiers",
            nargs="*",
            help=gettext_lazy("Các đối tượng cần kiểm tra (mặc định: tất cả)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        objects = DigitalObject.objects.order_by("identifier")
        if options["identifiers"]:
            objects = objects.filter(identifier__in=options["identifiers"])
            missing = set(options["identifiers"]) - set(
                objects.values_list("identifier", flat=True)
            )
            if missing:
                raise CommandError(
                    _("Không có đối tượng số {identifier}.").format(
                        identifier=", ".join(sorted(missing))
                    )
                )
        files = 0
        bad: list[str] = []
        for obj in objects.iterator():
            check = audit_fixity(obj)
            files += check.files_checked
            for problem in check.mismatches:
                found = problem["found"]
                bad.append(
                    _("{identifier}/{path}: cần {expected}, thấy {found}").format(
                        identifier=obj.identifier,
                        path=problem["path"],
                        expected=problem["expected"],
                        found=_("không có tệp") if found == "missing" else found,
                    )
                )
        for line in bad:
            self.stdout.write(_("  sai lệch: {problem}").format(problem=line))
        summary = _("Đã kiểm tra {files} tệp, {bad} sai lệch").format(files=files, bad=len(bad))
        if bad:
            raise CommandError(summary)
        self.stdout.write(summary)
