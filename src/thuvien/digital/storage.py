"""Where an object's files live: ``FILES_DIR/digital/<identifier>/``.

``original/`` keeps what was received, byte for byte (its SHA-256 is in the database);
``tiles/NNNN.tif`` the pyramidal tiled derivative every IIIF request is cut from;
``ocr/NNNN.hocr`` the OCR with word coordinates. Work in progress goes to ``.incoming/``
and is moved into place only when the object is complete.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from thuvien.digital.errors import Rejected

IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def root() -> Path:
    return Path(settings.FILES_DIR) / "digital"


def incoming() -> Path:
    path = root() / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    return root() / ".cache"


def object_dir(identifier: str) -> Path:
    return root() / identifier


def tile_path(identifier: str, sequence: int) -> Path:
    return object_dir(identifier) / "tiles" / f"{sequence:04d}.tif"


def hocr_path(identifier: str, sequence: int) -> Path:
    return object_dir(identifier) / "ocr" / f"{sequence:04d}.hocr"


def check_identifier(identifier: str) -> str:
    if not IDENTIFIER.match(identifier):
        raise Rejected(
            _(
                "Mã đối tượng {identifier} không hợp lệ: chỉ dùng chữ cái không dấu, chữ số, "
                "'.', '_', '-' (tối đa 100 ký tự)."
            ).format(identifier=repr(identifier)),
            identifier=identifier,
        )
    return identifier


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
