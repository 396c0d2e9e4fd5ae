"""``thuvien backup``: back up now, make the key, run the restore drill, list backups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.operations import archive, backup, keys, restore


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Sao lưu trực tuyến, nhất quán và mã hoá: cơ sở dữ liệu, tệp số (chỉ tệp mới hoặc đã "
        "đổi), khóa và cấu hình, vào một thư mục; giữ bản theo THUVIEN_BACKUP_KEEP."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            help=gettext_lazy("Thư mục đích (mặc định THUVIEN_BACKUP_DIR)."),
        )
        self.add_json_option(parser)
        chooser = self.subcommands(parser, required=False)
        keygen = self.subcommand(
            chooser,
            "keygen",
            gettext_lazy("Tạo khóa sao lưu mới vào một tệp (không ghi đè); in khóa công khai."),
        )
        keygen.add_argument("path", type=Path, help=gettext_lazy("Tệp khóa sẽ tạo."))
        verify = self.subcommand(
            chooser,
            "verify",
            gettext_lazy(
                "Diễn tập phục hồi: giải mã bản sao lưu vào chỗ tạm và so từng bảng, từng tệp "
                "với mã kiểm tra ghi lúc sao lưu."
            ),
        )
        verify.add_argument("folder", type=Path, nargs="?", help=gettext_lazy("Thư mục sao lưu."))
        verify.add_argument("--backup", help=gettext_lazy("Tên bản sao lưu (mặc định: mới nhất)."))
        self.add_json_option(verify)
        listing = self.subcommand(chooser, "list", gettext_lazy("Liệt kê các bản sao lưu."))
        listing.add_argument("folder", type=Path, nargs="?", help=gettext_lazy("Thư mục sao lưu."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        if action == "keygen":
            public = keys.generate(options["path"])
            self.stdout.write(
                _(
                    "Đã tạo khóa sao lưu {path} (khóa công khai {public}). Đặt "
                    "THUVIEN_BACKUP_KEY_FILE={path} và cất một bản ngoài máy chủ: mất khóa là "
                    "mất mọi bản sao lưu."
                ).format(path=options["path"], public=public)
            )
        elif action == "verify":
            self._verify(options)
        elif action == "list":
            for folder in archive.backups(backup.destination(options["folder"])):
                header = archive.Header.read(folder)
                self.stdout.write(f"{folder.name}  {header.engine}  {header.files}")
        else:
            self._backup(options)

    def _backup(self, options: dict[str, Any]) -> None:
        result = backup.run(actors.cli_operator(), options["to"])
        if options["json"]:
            self.print_json(result.as_dict())
            return
        self.stdout.write(
            _(
                "Đã sao lưu {folder} trong {seconds} giây: cơ sở dữ liệu {mb} MB, {files} tệp số "
                "({copied} tệp mới chép), {tables} bảng."
            ).format(
                folder=result.folder,
                seconds=result.seconds,
                mb=round(result.database_bytes / (1 << 20), 1),
                files=result.files,
                copied=result.files_copied,
                tables=result.tables,
            )
        )
        for name in result.removed:
            self.stdout.write(_("  đã xoá bản cũ {name} (THUVIEN_BACKUP_KEEP)").format(name=name))

    def _verify(self, options: dict[str, Any]) -> None:
        drill = restore.verify(backup.destination(options["folder"]), options["backup"])
        if options["json"]:
            self.print_json(drill.as_dict())
        elif drill.identical:
            self.stdout.write(
                _(
                    "Bản sao lưu {name} phục hồi được và giống hệt lúc sao lưu: {tables} bảng, "
                    "{files} tệp số ({seconds} giây)."
                ).format(**drill.as_dict())
            )
        else:
            self.stderr.write(_("Bản sao lưu {name} KHÔNG khớp:").format(name=drill.name))
            for line in drill.differences:
                self.stderr.write(f"  {line}")
        if not drill.identical:
            raise SystemExit(1)
