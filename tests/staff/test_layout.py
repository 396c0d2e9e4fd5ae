"""One staff site: the domains' staff pages are the staff app's, and no domain imports a
surface (the staff site, the portal, the API) — surfaces build on domains, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import thuvien

DOMAINS = ("circulation", "digital", "interop")
SURFACES = ("thuvien.staff", "thuvien.opac", "thuvien.api")
SOURCE = Path(thuvien.__file__).parent


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_domain_imports_a_surface() -> None:
    wrong = sorted(
        f"{path.relative_to(SOURCE)} imports {name}"
        for domain in DOMAINS
        for path in (SOURCE / domain).rglob("*.py")
        for name in _imports(path)
        if name.startswith(SURFACES)
    )
    assert wrong == []


def test_staff_pages_and_their_urls_live_in_the_staff_app() -> None:
    leftovers = sorted(
        str(path.relative_to(SOURCE))
        for domain in DOMAINS
        for pattern in ("staff_urls.py", "staff_views.py", "templates/*/staff")
        for path in (SOURCE / domain).glob(pattern)
    )
    assert leftovers == []
