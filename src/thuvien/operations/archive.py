"""The backup folder's layout, shared by backup, restore and the drill.

DIR/thuvien-20261204T061500Z/   one backup, renamed into place only once complete
    backup.json                 plain: when, which engine, which public key, counts
    manifest.json.age           encrypted: table checksums, every file with its SHA-256
    database.age                encrypted: the database (SQLite copy or pg_dump)
    settings.tar.age            encrypted: the data folder's keys and settings files
    objects.txt                 plain: the digital files it uses, by SHA-256 (for pruning)
DIR/objects/ab/ab12….age        the digital files, each encrypted once: a file that has
                                not changed is not copied again by the next backup
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyrage
from django.utils.translation import gettext as _
from pyrage import x25519

from thuvien.errors import InvalidInput, NotFound

FORMAT = 1
NAME = re.compile(r"^thuvien-(\d{8}T\d{6}Z)$")
STAMP = "%Y%m%dT%H%M%SZ"


def name_at(moment: datetime) -> str:
    return "thuvien-" + moment.astimezone(UTC).strftime(STAMP)


def created(name: str) -> datetime:
    match = NAME.match(name)
    assert match is not None  # noqa: S101 - only called on names listed by backups()
    return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)


def object_path(root: Path, sha256: str) -> Path:
    return root / "objects" / sha256[:2] / f"{sha256}.age"


def backups(root: Path) -> list[Path]:
    """Complete backups in ``root``, oldest first (a half-written one has another name)."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if NAME.match(p.name) and (p / "backup.json").is_file()]
    return sorted(found, key=lambda p: p.name)


def choose(root: Path, name: str | None = None) -> Path:
    found = backups(root)
    if name:
        for path in found:
            if path.name == name:
                return path
        raise NotFound(
            _("Không có bản sao lưu {name} trong {root}. Có: {names}.").format(
                name=name, root=root, names=", ".join(p.name for p in found) or "—"
            ),
            name=name,
        )
    if not found:
        raise NotFound(
            _("Thư mục {root} không có bản sao lưu nào (thư mục con thuvien-…).").format(root=root),
            root=str(root),
        )
    return found[-1]


_ERRNO = re.compile(r"\[Errno (\d+)\] (.*)")


def encrypt(source: BinaryIO, target: Path, recipient: x25519.Recipient) -> None:
    with target.open("wb") as out:
        try:
            pyrage.encrypt_io(source, out, [recipient])
        except pyrage.EncryptError as error:
            # age wraps the disk's own error ("OSError: [Errno 28] No space left…"): give it
            # back as the OSError it is, so a full disk is reported as one.
            found = _ERRNO.search(str(error))
            if found is None:
                raise
            raise OSError(int(found.group(1)), found.group(2)) from None


def decrypt(source: Path, target: BinaryIO, identity: x25519.Identity) -> None:
    """Decrypt ``source`` into ``target``. A damaged file or another key raises
    :class:`InvalidInput` naming the file."""
    try:
        with source.open("rb") as handle:
            pyrage.decrypt_io(handle, target, [identity])
    except (pyrage.DecryptError, OSError) as error:
        if isinstance(error, OSError) and error.errno is not None:
            raise  # the disk, not the backup: a full disk says so itself
        # A damaged stream is found part-way through: age's reader reports it as an I/O error.
        raise InvalidInput(
            _(
                "Không giải mã được {file}: tệp hỏng hoặc không được mã hoá bằng khóa này "
                "({error})."
            ).format(file=source, error=error),
            file=str(source),
        ) from None


@dataclass(frozen=True)
class Header:
    """backup.json: what can be read without the key."""

    name: str
    created: str
    engine: str
    recipient: str
    version: str
    files: int
    database_bytes: int

    @classmethod
    def read(cls, folder: Path) -> Header:
        try:
            data: dict[str, Any] = json.loads((folder / "backup.json").read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(data.get("format"))
            return cls(**{k: data[k] for k in cls.__dataclass_fields__})
        except (OSError, ValueError, KeyError, TypeError):
            raise InvalidInput(
                _("{folder}/backup.json hỏng hoặc không phải của thuvien; không dùng được.").format(
                    folder=folder
                ),
                folder=str(folder),
            ) from None

    def write(self, folder: Path) -> None:
        data = {"format": FORMAT, **self.__dict__}
        (folder / "backup.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
