"""``thuvien restore`` and the restore drill (``thuvien backup verify``).

A restore checks everything before it touches anything: the key is the one the backup was
made for, the manifest decrypts, every file object is there; it then decrypts into a staging
folder, checks every checksum, and only then moves the database and files into place. The
drill does the same into a scratch place and compares each table and file with what the
backup recorded when it was made.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.errors import Conflict, InvalidInput
from thuvien.operations import archive, database, keys
from thuvien.operations.backup import read_manifest, remember
from thuvien.operations.models import BackupRun

# The tables an inspector asks about, in librarians' words; the drill compares every table.
NAMED_TABLES = {
    "catalogue_record": "biểu ghi",
    "catalogue_item": "bản tài liệu",
    "circulation_patron": "bạn đọc",
    "circulation_loan": "lượt mượn",
    "reporting_report": "báo cáo thống kê",
    "digital_page": "trang tài liệu số",
}


@dataclass
class Opened:
    folder: Path
    header: archive.Header
    manifest: dict[str, Any]
    key: keys.Key


def open_backup(root: Path, name: str | None = None) -> Opened:
    """The backup, checked for everything a restore needs, without writing anything."""
    key = keys.load()
    folder = archive.choose(root, name)
    header = archive.Header.read(folder)
    if header.recipient != key.public:
        raise InvalidInput(
            _(
                "Bản sao lưu {name} được mã hoá cho khóa {made}, còn khóa ở {path} là {given}: "
                "dùng đúng tệp khóa của bản sao lưu này."
            ).format(name=folder.name, made=header.recipient, path=key.path, given=key.public),
            name=folder.name,
        )
    manifest = read_manifest(folder, key)
    missing = [
        entry[0] for entry in manifest["files"] if not archive.object_path(root, entry[3]).is_file()
    ]
    if missing or not (folder / "database.age").is_file():
        raise InvalidInput(
            _("Bản sao lưu {name} thiếu {count} tệp (ví dụ {example}); không phục hồi.").format(
                name=folder.name,
                count=len(missing) + (not (folder / "database.age").is_file()),
                example=(missing or ["database.age"])[0],
            ),
            name=folder.name,
        )
    if manifest.get("engine") != database.engine():
        raise InvalidInput(
            _(
                "Bản sao lưu {name} là của cơ sở dữ liệu {made}, máy này dùng {here}; đặt "
                "THUVIEN_DATABASE_URL cho đúng loại rồi chạy lại."
            ).format(name=folder.name, made=manifest.get("engine"), here=database.engine()),
            name=folder.name,
        )
    return Opened(folder, header, manifest, key)


def _decrypt_checked(source: Path, target: Path, identity: Any, sha256: str) -> None:
    """Decrypt ``source`` into ``target``, hashing on the way (one pass over the data)."""
    with target.open("wb") as out:
        sink = _Hashing(out)
        archive.decrypt(source, sink, identity)  # type: ignore[arg-type]
    if sink.digest.hexdigest() != sha256:
        raise InvalidInput(
            _("{file} giải mã được nhưng sai mã kiểm tra SHA-256: tệp đã bị sửa.").format(
                file=source
            ),
            file=str(source),
        )


@dataclass
class Restored:
    name: str
    seconds: float
    files: int
    tables: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _ensure_empty() -> None:
    if database.engine() == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        tables = 0
        if path.exists():
            with closing(sqlite3.connect(path)) as db:
                (tables,) = db.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                ).fetchone()
    else:
        tables = database.pg_table_count(str(settings.DATABASES["default"]["NAME"]))
    files = Path(settings.FILES_DIR)
    has_files = files.is_dir() and any(files.iterdir())
    if tables or has_files:
        raise Conflict(
            _(
                "Nơi phục hồi không trống ({tables} bảng trong cơ sở dữ liệu, thư mục tệp số "
                "{files}): thuvien restore chỉ ghi vào một thư mục dữ liệu và cơ sở dữ liệu "
                "trống, để không ghi đè dữ liệu đang dùng."
            ).format(tables=tables, files=_("có tệp") if has_files else _("trống")),
            tables=tables,
        )


def restore(root: Path, name: str | None = None) -> Restored:
    clock = time.monotonic()
    opened = open_backup(root, name)
    _ensure_empty()
    identity = opened.key.secret()
    data_dir = Path(settings.DATA_DIR)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        plain = staging / "database"
        _decrypt_checked(
            opened.folder / "database.age", plain, identity, opened.manifest["database"]["sha256"]
        )
        for rel, _size, _mtime, sha in opened.manifest["files"]:
            target = staging / "files" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _decrypt_checked(archive.object_path(root, sha), target, identity, sha)
        buffer = io.BytesIO()
        archive.decrypt(opened.folder / "settings.tar.age", buffer, identity)
        # Everything is decrypted and checked: now, and only now, put it in place.
        connection.close()
        if database.engine() == "sqlite":
            os.replace(plain, settings.DATABASES["default"]["NAME"])
        else:
            database.pg_restore(plain, str(settings.DATABASES["default"]["NAME"]))
        files = Path(settings.FILES_DIR)
        if (staging / "files").is_dir():
            shutil.rmtree(files, ignore_errors=True)
            os.replace(staging / "files", files)
        buffer.seek(0)
        with tarfile.open(fileobj=buffer) as tar:
            tar.extractall(data_dir, filter="data")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Restored(
        opened.folder.name,
        round(time.monotonic() - clock, 2),
        len(opened.manifest["files"]),
        len(opened.manifest["tables"]),
    )


# --- the drill -------------------------------------------------------------------------------


@dataclass
class Drill:
    name: str
    identical: bool
    seconds: float
    tables: int
    files: int
    differences: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # named tables' rows in the backup

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def verify(root: Path, name: str | None = None) -> Drill:
    """Restore the backup into a scratch place and compare it with its own record."""
    started, clock = timezone.now(), time.monotonic()
    try:
        drill = _verify(root, name)
    except InvalidInput as error:
        remember(
            BackupRun.Kind.VERIFY,
            BackupRun.Outcome.FAILED,
            name or "",
            root,
            started=started,
            clock=clock,
            summary=error.message,
            details={},
        )
        raise
    drill.seconds = round(time.monotonic() - clock, 2)
    outcome = BackupRun.Outcome.OK if drill.identical else BackupRun.Outcome.FAILED
    if drill.identical:
        summary = _("Diễn tập phục hồi {name}: giống hệt ({tables} bảng, {files} tệp số).")
    else:
        summary = _("Diễn tập phục hồi {name}: KHÁC ở {count} chỗ.")
    summary = summary.format(
        name=drill.name, tables=drill.tables, files=drill.files, count=len(drill.differences)
    )
    remember(
        BackupRun.Kind.VERIFY,
        outcome,
        drill.name,
        root,
        started=started,
        clock=clock,
        summary=summary,
        details=drill.as_dict(),
    )
    return drill


def _verify(root: Path, name: str | None) -> Drill:
    opened = open_backup(root, name)
    identity = opened.key.secret()
    expected: dict[str, Any] = opened.manifest["tables"]
    scratch_root = Path(settings.DATA_DIR) / "tmp"
    scratch_root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
        plain = Path(scratch) / "database"
        _decrypt_checked(
            opened.folder / "database.age", plain, identity, opened.manifest["database"]["sha256"]
        )
        if database.engine() == "sqlite":
            found = database.sqlite_checksums(plain)
        else:
            with database.pg_scratch(str(settings.DATABASES["default"]["NAME"])) as scratch_db:
                database.pg_restore(plain, scratch_db)
                found = database.pg_checksums(scratch_db)
    differences = [
        _("bảng {table}: sao lưu ghi {expected} dòng, bản phục hồi có {found}").format(
            table=table,
            expected=expected.get(table, {}).get("rows", "—"),
            found=found.get(table, {}).get("rows", "—"),
        )
        for table in sorted(set(expected) | set(found))
        if expected.get(table) != found.get(table)
    ]
    for rel, _size, _mtime, sha in opened.manifest["files"]:
        digest = _object_sha(archive.object_path(root, sha), identity)
        if digest != sha:
            differences.append(_("tệp {path}: sai mã kiểm tra").format(path=rel))
    counts = {NAMED_TABLES[t]: expected[t]["rows"] for t in NAMED_TABLES if t in expected}
    return Drill(
        opened.folder.name,
        not differences,
        0.0,
        len(expected),
        len(opened.manifest["files"]),
        differences,
        counts,
    )


class _Hashing(io.RawIOBase):
    """A writable that hashes what passes through, into ``target`` when there is one."""

    def __init__(self, target: BinaryIO | None = None) -> None:
        self.target = target
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        if self.target is not None:
            self.target.write(data)
        return len(data)


def _object_sha(path: Path, identity: Any) -> str:
    sink = _Hashing()
    try:
        archive.decrypt(path, sink, identity)  # type: ignore[arg-type]
    except InvalidInput:
        return ""
    return sink.digest.hexdigest()
