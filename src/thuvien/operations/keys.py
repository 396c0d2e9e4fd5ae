"""The backup key: an age (X25519) key pair. Backups are encrypted to its public half; the
secret half, which restores and drills need, is the administrator's to keep (on paper, in a
safe, on another machine). The file is age-keygen's own format, so the `age` tool decrypts a
backup without thuvien."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from pyrage import x25519

from thuvien import conf
from thuvien.errors import Conflict, InvalidInput


@dataclass(frozen=True)
class Key:
    recipient: x25519.Recipient
    identity: x25519.Identity | None  # None: a public key only (can back up, not restore)
    path: Path

    @property
    def public(self) -> str:
        return str(self.recipient)

    def secret(self) -> x25519.Identity:
        if self.identity is None:
            raise InvalidInput(
                _(
                    "Tệp khóa {path} chỉ có khóa công khai: đủ để sao lưu, không đủ để phục hồi. "
                    "Dùng tệp khóa bí mật (dòng AGE-SECRET-KEY-…) tạo bởi `thuvien backup keygen`."
                ).format(path=self.path),
                path=str(self.path),
            )
        return self.identity


def generate(path: Path) -> str:
    """A new key pair written to ``path`` (readable by its owner only); returns the public key.
    An existing file is never overwritten: a lost key makes every backup unreadable."""
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    text = (
        f"# created: {timezone.now().isoformat(timespec='seconds')}\n"
        f"# public key: {public}\n{identity}\n"
    )
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Conflict(
            _("Tệp {path} đã có; không ghi đè một khóa sao lưu. Chọn tên khác.").format(path=path),
            path=str(path),
        ) from None
    except OSError as error:
        raise InvalidInput(
            _("Không ghi được tệp khóa {path}: {error}.").format(path=path, error=error.strerror),
            path=str(path),
        ) from None
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(text)
    return public


def load(path: Path | None = None) -> Key:
    """The key named by THUVIEN_BACKUP_KEY_FILE (or ``path``)."""
    if path is None:
        path = conf.get_path("BACKUP_KEY_FILE")
    if not str(path) or str(path) == ".":
        raise InvalidInput(
            _(
                "Chưa có khóa sao lưu. Tạo khóa bằng `thuvien backup keygen /duong/dan/khoa.txt`, "
                "đặt THUVIEN_BACKUP_KEY_FILE trỏ tới tệp đó và cất một bản ngoài máy chủ."
            )
        )
    try:
        lines = [line.strip() for line in path.read_text(encoding="ascii").splitlines()]
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            _("Không đọc được tệp khóa sao lưu {path}: {error}.").format(
                path=path, error=getattr(error, "strerror", None) or error
            ),
            path=str(path),
        ) from None
    lines = [line for line in lines if line and not line.startswith("#")]
    key = _parse(lines[0], path) if len(lines) == 1 else None
    if key is not None:
        return key
    raise InvalidInput(
        _(
            "Tệp {path} không phải khóa sao lưu: cần đúng một dòng AGE-SECRET-KEY-… hoặc "
            "age1… (tạo bằng `thuvien backup keygen`)."
        ).format(path=path),
        path=str(path),
    )


def _parse(line: str, path: Path) -> Key | None:
    try:
        if line.startswith("AGE-SECRET-KEY-"):
            identity = x25519.Identity.from_str(line)
            return Key(identity.to_public(), identity, path)
        if line.startswith("age1"):
            return Key(x25519.Recipient.from_str(line), None, path)
    except Exception:
        return None
    return None
