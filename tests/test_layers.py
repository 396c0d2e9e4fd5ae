"""The layers of docs/architecture.md hold, and the check that enforces them can fail.

``lint-imports`` reads the contracts in pyproject.toml ([tool.importlinter]). It runs here on
the real tree, then on copies with one wrong import each, so a contract that silently stopped
checking anything would be noticed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src,  # the tree in cwd is the one analysed
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "src" / "thuvien",
        tmp_path / "thuvien",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "templates", "locale"),
    )
    return tmp_path


def test_the_code_keeps_every_contract() -> None:
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_domain_importing_a_surface_breaks_the_layers(tmp_path: Path) -> None:
    src = copy_of_the_tree(tmp_path)
    services = src / "thuvien" / "catalogue" / "services.py"
    services.write_text("from thuvien.staff import toolkit  # noqa\n" + services.read_text())
    result = lint_imports(src)
    assert result.returncode == 1
    assert "thuvien.catalogue.services -> thuvien.staff.toolkit" in result.stdout


def test_a_cycle_inside_an_app_is_refused(tmp_path: Path) -> None:
    src = copy_of_the_tree(tmp_path)
    base = src / "thuvien" / "search" / "backends" / "base.py"
    base.write_text(base.read_text() + "\nfrom thuvien.search import services  # noqa\n")
    result = lint_imports(src)
    assert result.returncode == 1
    assert "No cycles are allowed in thuvien.search." in result.stdout


def test_a_new_app_must_be_given_its_layer(tmp_path: Path) -> None:
    src = copy_of_the_tree(tmp_path)
    (src / "thuvien" / "mobile").mkdir()
    (src / "thuvien" / "mobile" / "__init__.py").write_text("")
    result = lint_imports(src)
    assert result.returncode == 1
    assert "The following modules are not listed as layers:\n\n- thuvien.mobile" in result.stdout
