"""A migration from files on disk: what the command and the staff page's task both run."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from thuvien.errors import InvalidInput
from thuvien.legacy import xlsx
from thuvien.legacy.services import MigrationReport, koha_export, migrate
from thuvien.network.models import Library

if TYPE_CHECKING:
    from thuvien.actors import Actor

SOURCES = ("koha", "libol", "vebrary", "xlsx")
PARTS = ("marc", "patrons", "issues", "old_issues")


def read_columns(path: Path | None) -> dict[str, Any]:
    """A mapping file (JSON) from the old system's column names to Koha's."""
    if path is None:
        return {}
    try:
        columns = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(
            _("Không đọc được tệp ánh xạ cột {file}: {error}").format(file=path.name, error=exc)
        ) from None
    if not isinstance(columns, dict):
        raise InvalidInput(
            _("Tệp ánh xạ cột {file} phải là một đối tượng JSON.").format(file=path.name)
        )
    return columns


def run_files(
    actor: Actor,
    library: Library,
    source: str,
    files: dict[str, Path],
    *,
    prefix: str = "",
    dry_run: bool = False,
    columns: dict[str, Any] | None = None,
    names: dict[str, str] | None = None,
) -> MigrationReport:
    """Migrate the files of ``source`` (``files``: ``marc``, ``patrons``, ``issues``,
    ``old_issues``; or ``xlsx``) into ``library``."""
    for path in files.values():
        if not path.is_file():
            raise InvalidInput(_("Không tìm thấy tệp {path}.").format(path=path))
    with tempfile.TemporaryDirectory(prefix="thuvien-migrate-") as work:
        if source == "xlsx":
            if "xlsx" not in files:
                raise InvalidInput(_("Cần tệp XLSX theo mẫu."))
            export = xlsx.read_workbook(files["xlsx"], Path(work))
        else:
            if "marc" not in files:
                raise InvalidInput(_("Cần tệp MARC xuất từ {source}.").format(source=source))
            export = koha_export(source=source, columns=columns, **{p: files.get(p) for p in PARTS})
        for part, name in (names or {}).items():  # an upload's own names, not the stored ones
            stored = files[part].name
            for key, shown in export.names.items():
                if shown.startswith(stored):
                    export.names[key] = name + shown[len(stored) :]
        return migrate(actor, library, export, prefix=prefix, dry_run=dry_run)
