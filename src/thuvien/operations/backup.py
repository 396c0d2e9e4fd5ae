"""``thuvien backup``: one online, consistent, encrypted backup, and the retention policy.

Everything is written under a ``.partial-…`` name and renamed into place only once complete,
so a backup cut short (a full disk, a kill) leaves the previous ones untouched and is
removed, with the file objects it alone had added.
"""

from __future__ import annotations

import errno
import fcntl
import io
import json
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

import thuvien
from thuvien import conf
from thuvien.audit import services as audit
from thuvien.audit.models import AuditEntry
from thuvien.digital.storage import sha256_of
from thuvien.errors import Conflict, InvalidInput
from thuvien.operations import archive, database, keys
from thuvien.operations.models import BackupRun

if TYPE_CHECKING:
    from thuvien.actors import Actor

# The data folder's parts that are rebuilt, not backed up (index, open data, static files,
# caches), and the database, which is copied consistently instead of as a file.
DERIVED = {"index", "opendata", "static", "cache", "files", "tmp"}
DATABASE_FILES = ("thuvien.sqlite3", "thuvien.sqlite3-wal", "thuvien.sqlite3-shm")


@dataclass
class Result:
    name: str
    folder: Path
    seconds: float
    database_bytes: int
    files: int
    files_copied: int
    bytes_copied: int
    tables: int
    removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "folder": str(self.folder)}


def destination(given: Path | None) -> Path:
    folder = given or conf.get_path("BACKUP_DIR")
    if not str(folder) or str(folder) == ".":
        raise InvalidInput(
            _("Chưa chọn nơi sao lưu: dùng --to THƯ-MỤC hoặc đặt THUVIEN_BACKUP_DIR.")
        )
    return folder


def _data_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.FILES_DIR)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path.relative_to(root).as_posix(), path


def _previous_files(root: Path, key: keys.Key) -> dict[str, list[Any]]:
    """path → [size, mtime_ns, sha256] from the newest backup, when the key can read it: an
    unchanged file (same size and time) is not read again to find its checksum."""
    found = archive.backups(root)
    if not found or key.identity is None:
        return {}
    try:
        manifest = read_manifest(found[-1], key)
    except InvalidInput:
        return {}
    return {entry[0]: entry[1:] for entry in manifest.get("files", [])}


def read_manifest(folder: Path, key: keys.Key) -> dict[str, Any]:
    buffer = io.BytesIO()
    archive.decrypt(folder / "manifest.json.age", buffer, key.secret())
    manifest: dict[str, Any] = json.loads(buffer.getvalue())
    return manifest


def _settings_tar(target: io.BytesIO) -> None:
    """The data folder's own small files (secret key, Web Push keys…), not the derived parts."""
    data_dir = Path(settings.DATA_DIR)
    with tarfile.open(fileobj=target, mode="w") as tar:
        for path in sorted(data_dir.iterdir()):
            if path.name in DERIVED or path.name.startswith(("thuvien.sqlite3", "test")):
                continue
            if path.is_file() or path.is_dir():
                tar.add(path, arcname=path.name)
    target.seek(0)


def run(actor: Actor, to: Path | None = None) -> Result:
    """Back up now into ``to`` (or THUVIEN_BACKUP_DIR)."""
    key = keys.load()
    root = destination(to)
    started, clock = timezone.now(), time.monotonic()
    name = archive.name_at(started)
    newest = max((p.name for p in archive.backups(root)), default="")
    if name <= newest:  # two backups within one second: names stay in the order made
        name = archive.name_at(archive.created(newest) + timedelta(seconds=1))
    partial = root / f".partial-{name}"
    created: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root):
            _clear_leftovers(root)
            partial.mkdir()
            result = _write(key, root, partial, name, created)
            partial.rename(root / name)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        for path in created:
            path.unlink(missing_ok=True)
        failure = _failure(error, root)
        remember(
            BackupRun.Kind.BACKUP,
            BackupRun.Outcome.FAILED,
            name,
            root,
            started=started,
            clock=clock,
            summary=str(failure or error),
            details={},
        )
        if failure is not None:
            raise failure from None
        raise
    result.folder = root / name
    result.seconds = round(time.monotonic() - clock, 2)
    result.removed = prune(root, conf.get_str("BACKUP_KEEP"))
    summary = _("Sao lưu {name}: {files} tệp số ({copied} tệp mới), {tables} bảng.").format(
        name=name, files=result.files, copied=result.files_copied, tables=result.tables
    )
    remember(
        BackupRun.Kind.BACKUP,
        BackupRun.Outcome.OK,
        name,
        root,
        started=started,
        clock=clock,
        summary=summary,
        details=result.as_dict(),
    )
    audit.record(actor, AuditEntry.Action.CREATE, "backup", name, summary=summary)
    return result


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One backup at a time per folder: pruning must not remove what another is writing."""
    with (root / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict(
                _("Một bản sao lưu khác đang ghi vào {root}; chờ nó xong rồi chạy lại.").format(
                    root=root
                ),
                root=str(root),
            ) from None
        yield


def _clear_leftovers(root: Path) -> None:
    """What a backup killed mid-way left (``kill -9`` runs no clean-up): never a backup,
    since only a complete one is renamed to its name."""
    for path in root.glob(".partial-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in root.glob("objects/*/*.partial"):
        path.unlink(missing_ok=True)


def _failure(error: BaseException, root: Path) -> InvalidInput | None:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        free = shutil.disk_usage(root).free if root.exists() else 0
        return InvalidInput(
            _(
                "Đĩa ở {root} đã đầy (còn {free} MB): bản sao lưu dở dang đã được xoá, các bản "
                "trước vẫn nguyên. Giải phóng chỗ hoặc chọn nơi khác (--to)."
            ).format(root=root, free=free // (1 << 20)),
            root=str(root),
        )
    if isinstance(error, OSError):
        return InvalidInput(
            _("Không ghi được vào {root}: {error}. Các bản sao lưu trước vẫn nguyên.").format(
                root=root, error=error.strerror or error
            ),
            root=str(root),
        )
    return None


def _write(key: keys.Key, root: Path, partial: Path, name: str, created: list[Path]) -> Result:
    scratch_root = Path(settings.DATA_DIR) / "tmp"
    scratch_root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
        plain = Path(scratch) / "database"
        if database.engine() == "sqlite":
            tables = database.sqlite_copy(plain)
        else:
            tables = database.pg_dump(plain)
        db_sha = sha256_of(plain)
        with plain.open("rb") as source:
            archive.encrypt(source, partial / "database.age", key.recipient)
        db_bytes = plain.stat().st_size
    previous = _previous_files(root, key)
    files, copied, copied_bytes = [], 0, 0
    for rel, path in _data_files():
        stat = path.stat()
        known = previous.get(rel)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            sha = known[2]
        else:
            sha = sha256_of(path)
        files.append([rel, stat.st_size, stat.st_mtime_ns, sha])
        target = archive.object_path(root, sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(".partial")
            created.append(temporary)
            with path.open("rb") as source:
                archive.encrypt(source, temporary, key.recipient)
            temporary.rename(target)
            created.append(target)
            copied, copied_bytes = copied + 1, copied_bytes + stat.st_size
    buffer = io.BytesIO()
    _settings_tar(buffer)
    archive.encrypt(buffer, partial / "settings.tar.age", key.recipient)
    manifest = {
        "format": archive.FORMAT,
        "name": name,
        "engine": database.engine(),
        "database": {"sha256": db_sha, "bytes": db_bytes},
        "tables": tables,
        "files": files,
    }
    archive.encrypt(
        io.BytesIO(json.dumps(manifest).encode()), partial / "manifest.json.age", key.recipient
    )
    (partial / "objects.txt").write_text("".join(f"{f[3]}\n" for f in files), "ascii")
    archive.Header(
        name=name,
        created=archive.created(name).isoformat(),
        engine=database.engine(),
        recipient=key.public,
        version=thuvien.__version__,
        files=len(files),
        database_bytes=db_bytes,
    ).write(partial)
    return Result(name, partial, 0.0, db_bytes, len(files), copied, copied_bytes, len(tables))


def remember(
    kind: str,
    outcome: str,
    name: str,
    root: Path,
    *,
    started: datetime,
    clock: float,
    summary: str,
    details: dict[str, Any],
) -> None:
    """One line of the system page's backup history."""
    BackupRun.objects.create(
        kind=kind,
        outcome=outcome,
        name=name,
        destination=str(root),
        started_at=started,
        seconds=round(time.monotonic() - clock, 2),
        summary=summary,
        details=details,
    )


# --- retention -------------------------------------------------------------------------------


def keep_policy(text: str) -> dict[str, int]:
    """``7d,4w,12m`` → {"d": 7, "w": 4, "m": 12}."""
    policy: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        unit, count = part[-1:], part[:-1]
        if unit not in ("d", "w", "m") or not count.isdigit():
            raise InvalidInput(
                _(
                    "THUVIEN_BACKUP_KEEP “{text}” không đọc được: viết như 7d,4w,12m (số bản giữ "
                    "theo ngày, tuần, tháng)."
                ).format(text=text),
                setting="THUVIEN_BACKUP_KEEP",
            )
        policy[unit] = int(count)
    return policy


def kept(names: list[str], policy: dict[str, int]) -> set[str]:
    """The newest backup of each of the last N days, weeks and months that have one; the
    newest of all is always kept."""
    newest_first = sorted(names, reverse=True)
    keep = set(newest_first[:1])
    periods: dict[str, Callable[[datetime], str]] = {
        "d": lambda d: d.strftime("%Y-%m-%d"),
        "w": lambda d: "{}-W{:02d}".format(*d.isocalendar()[:2]),
        "m": lambda d: d.strftime("%Y-%m"),
    }
    for unit, count in policy.items():
        seen: list[str] = []
        for name in newest_first:
            period = periods[unit](archive.created(name))
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.append(period)
            keep.add(name)
    return keep


def prune(root: Path, policy_text: str) -> list[str]:
    """Remove the backups the policy does not keep, then the file objects no kept backup
    uses. Returns the names removed."""
    found = archive.backups(root)
    keep = kept([p.name for p in found], keep_policy(policy_text))
    removed = [p for p in found if p.name not in keep]
    for path in removed:
        shutil.rmtree(path)
    used = set()
    for path in found:
        if path.name in keep:
            used.update((path / "objects.txt").read_text("ascii").split())
    objects = root / "objects"
    if objects.is_dir():
        for path in objects.glob("*/*.age"):
            if path.stem not in used:
                path.unlink()
    return [p.name for p in removed]
