"""The pinned OpenAPI document (docs/api/openapi.json): render, compare, write.

The pinned copy is what partners build against; a change to the API must show up as a change
to this file in the same commit, made on purpose with ``thuvien api schema --write``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import thuvien

# src/thuvien/__init__.py → the repository root (a source checkout; wheels carry no docs/).
PINNED = Path(thuvien.__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"
REGENERATE = "thuvien api schema --write"


def current() -> dict[str, Any]:
    """The document as JSON gives it (response codes become strings, as in the file)."""
    from thuvien.api.v1 import api

    document: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema()))
    return document


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def differences(pinned: Any, generated: Any, where: str = "") -> list[str]:
    """Where the two documents differ, as JSON-pointer-like paths (at most 20)."""
    found: list[str] = []
    if isinstance(pinned, dict) and isinstance(generated, dict):
        for key in sorted(set(pinned) | set(generated)):
            here = f"{where}/{key}"
            if key not in generated:
                found.append(f"{here}: removed")
            elif key not in pinned:
                found.append(f"{here}: added")
            else:
                found.extend(differences(pinned[key], generated[key], here))
    elif pinned != generated:
        found.append(f"{where or '/'}: changed")
    return found[:20]


def check(path: Path = PINNED) -> list[str]:
    """Differences between the pinned file and the API as it is now (empty: in step)."""
    if not path.exists():
        return ["the file does not exist"]
    return differences(json.loads(path.read_text(encoding="utf-8")), current())
