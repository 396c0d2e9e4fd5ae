"""Services are the only write path: no view, command or template tag saves a model itself.

docs/architecture.md ("How a change is written") says every change of state goes through a
function in a domain's ``services.py`` (or a module it delegates to: the importer, the
harvester, the lifecycle engine, a background task), so the permission check, the validation,
the transaction, the audit entry and the change feed cannot be forgotten by one surface. This
test reads the source of the surfaces and fails on a write found there.

Which modules are surfaces (``in_scope``): view modules (``views.py``, ``*_views.py``,
``views/``), every module of the ``opac``, ``staff`` and ``api`` apps, a domain's ``api.py``,
management commands (``management/commands/*.py``), template tags (``templatetags/``), the
SIP2 message handlers, the Django admin (``admin.py``) and the site layer's loaders
(``core/``, ``demo/``: the demo calls the services like any surface, see ``WRITE_PATHS``).
Services, tasks, migrations, the domains' own modules and the lifecycle engine may write, and
are not read.

What counts as a write (``writes``), read from the syntax tree alone, so a heuristic:

* ``.get_or_create(``, ``.update_or_create(``, ``.bulk_create(``, ``.bulk_update(`` and
  ``.create(`` on any receiver: outside the ORM these names are rare enough;
* ``.save(`` and ``.delete(`` on any receiver except a session, a cache or a file storage
  (a model instance may come from anywhere: an argument, ``form.instance``…);
* ``.update(`` only on a receiver that looks like the ORM: an ``X.objects…`` chain, a queryset
  made by ``.filter(``/``.exclude(``/``.all(``/``.select_related(``…, a model instance from
  ``get_object_or_404``/``.get(``/``.first(``, a slice of one, a name assigned one of these in
  the same function, or a loop variable over one. So ``dict.update``, ``set.update`` and a
  hash's ``update`` are not writes;
* ``cursor.execute(`` / ``.executemany(`` of a literal SQL string that starts with INSERT,
  UPDATE, DELETE, MERGE, TRUNCATE, CREATE, ALTER or DROP.

``request.session`` writes are not model writes and are never flagged. A legitimate exception
is listed in ``WRITE_PATHS`` with its reason; an entry that no longer matches anything fails
(``test_every_allowed_write_path_is_still_needed``), so the list cannot grow stale.

The audit log has one writer too: an ``AuditEntry`` is made only in ``audit/services.py``
(``record`` and ``record_many``), anywhere in the code (``audit_writes``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "thuvien"

# (module or package, why it may write). A package covers its modules.
WRITE_PATHS: list[tuple[str, str]] = []

ANY_RECEIVER = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
INSTANCE_WRITES = {"save", "delete"}
NOT_MODELS = {"session", "cache", "caches", "storage", "default_storage", "messages"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERYSETS = {"filter", "exclude", "all", "select_related", "prefetch_related", "select_for_update"}
CHAINED = QUERYSETS | {
    "order_by", "only", "defer", "annotate", "distinct", "using", "none", "reverse",
    "get", "first", "last", "latest", "earliest",
}  # fmt: skip
INSTANCE_GETTERS = {"get_object_or_404", "get_list_or_404"}
SQL_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP")
SURFACE_APPS = {"opac", "staff", "api", "core", "demo"}


@dataclass(frozen=True)
class Write:
    module: str
    line: int
    code: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.code}"


def in_scope(relative: Path) -> bool:
    """Whether the module at ``relative`` (to src/thuvien) is a surface, per the docstring."""
    parts = relative.parts
    if "migrations" in parts:
        return False
    name = relative.name
    return (
        parts[0] in SURFACE_APPS
        or name in {"views.py", "api.py", "admin.py"}
        or name.endswith("_views.py")
        or "views" in parts[:-1]
        or "templatetags" in parts
        or ("management" in parts and "commands" in parts)
        or ("sip2" in parts and name == "handlers.py")
    )


def _receiver_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class _Reader(ast.NodeVisitor):
    """Walks one module, remembering per function which names hold ORM objects."""

    def __init__(self, module: str, source: str) -> None:
        self.module, self.source = module, source
        self.found: list[Write] = []
        self.orm_names: list[set[str]] = [set()]

    def ormish(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return any(node.id in names for names in self.orm_names)
        if isinstance(node, ast.Attribute):
            return node.attr in MANAGERS
        if isinstance(node, ast.Subscript):
            return self.ormish(node.value)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                return func.id in INSTANCE_GETTERS
            if isinstance(func, ast.Attribute):
                return func.attr in QUERYSETS or (func.attr in CHAINED and self.ormish(func.value))
        return False

    def _scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.orm_names.append(set())
        self.generic_visit(node)
        self.orm_names.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _scope

    def _bind(self, target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.orm_names[-1].add(target.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        if self.ormish(node.value):
            for target in node.targets:
                self._bind(target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None and self.ormish(node.value):
            self._bind(node.target)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        if self.ormish(node.iter):
            self._bind(node.target)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and self.is_write(func.attr, func.value, node):
            code = ast.get_source_segment(self.source, node) or func.attr
            self.found.append(Write(self.module, node.lineno, code.splitlines()[0]))
        self.generic_visit(node)

    def is_write(self, method: str, receiver: ast.expr, call: ast.Call) -> bool:
        if method in ANY_RECEIVER:
            return True
        if method in INSTANCE_WRITES:
            return _receiver_name(receiver) not in NOT_MODELS
        if method == "update":
            return self.ormish(receiver)
        if method in {"execute", "executemany"} and call.args:
            return _writes_sql(call.args[0])
        return False


def _writes_sql(node: ast.expr) -> bool:
    text = ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            text = first.value
    return text.lstrip().upper().startswith(SQL_WRITES)


def writes(module: str, source: str) -> list[Write]:
    """Every write the heuristic finds in ``source`` (the module named ``module``)."""
    reader = _Reader(module, source)
    reader.visit(ast.parse(source))
    return reader.found


def surfaces() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if in_scope(relative):
            dotted = ".".join(path.relative_to(SRC).with_suffix("").parts)
            yield dotted.removesuffix(".__init__"), path


def _allowed(module: str) -> str | None:
    for allowed, _reason in WRITE_PATHS:
        if module == allowed or module.startswith(allowed + "."):
            return allowed
    return None


def all_writes() -> list[Write]:
    found: list[Write] = []
    for module, path in surfaces():
        found += writes(module, path.read_text(encoding="utf-8"))
    return found


def test_no_surface_writes_to_the_database() -> None:
    offending = [str(w) for w in all_writes() if _allowed(w.module) is None]
    assert offending == [], (
        "A view, command or template tag writes to the database; move the write into the "
        "domain's services.py and call it (docs/architecture.md, 'How a change is written'):\n"
        + "\n".join(offending)
    )


def test_every_allowed_write_path_is_still_needed() -> None:
    used = {_allowed(w.module) for w in all_writes()}
    stale = [module for module, _ in WRITE_PATHS if module not in used]
    assert stale == [], f"WRITE_PATHS lists modules that no longer write: {stale}"


def test_every_allowed_write_path_says_why() -> None:
    assert all(len(reason.split()) >= 5 for _, reason in WRITE_PATHS)


def test_the_surfaces_read_include_views_commands_and_template_tags() -> None:
    modules = {module for module, _ in surfaces()}
    assert "thuvien.opac.account" in modules
    assert "thuvien.interop.management.commands.harvest" in modules
    assert "thuvien.opac.templatetags.opac_tags" in modules
    assert "thuvien.digital.views" in modules
    assert "thuvien.circulation.services" not in modules
    assert not any(".migrations." in module for module in modules)


VIEW_THAT_WRITES = """
from django.shortcuts import get_object_or_404

def close(request, pk):
    loan = get_object_or_404(Loan, pk=pk)
    loan.state = "closed"
    loan.save()
    Loan.objects.filter(patron=loan.patron).update(patron=None)
    overdue = Loan.objects.filter(state="overdue")
    overdue.update(state="lost")
    for hold in Hold.objects.all():
        hold.update(state="gone")
    Hold.objects.get(pk=1).delete()
    Notice.objects.create(text="x")
    tag, _ = Tag.objects.get_or_create(name="x")
    cursor.execute("DELETE FROM circulation_loan WHERE id = %s", [pk])
    cursor.execute(f"update circulation_loan set x = 1 where id = {pk}")
"""

VIEW_THAT_ONLY_READS = """
import hashlib

def page(request):
    request.session["reader"] = 1
    request.session.save()
    request.session.delete()
    cache.delete("key")
    context = {"a": 1}
    context.update(b=2)
    seen = set()
    seen.update([1, 2])
    digest = hashlib.sha256()
    digest.update(b"x")
    rows = Loan.objects.filter(state="open").values("id")
    cursor.execute("SELECT id FROM circulation_loan")
    return render(request, "page.html", context)
"""


def test_the_checker_catches_a_view_that_writes() -> None:
    found = [(w.line, w.code) for w in writes("thuvien.x.views", VIEW_THAT_WRITES)]
    assert found == [
        (7, "loan.save()"),
        (8, "Loan.objects.filter(patron=loan.patron).update(patron=None)"),
        (10, 'overdue.update(state="lost")'),
        (12, 'hold.update(state="gone")'),
        (13, "Hold.objects.get(pk=1).delete()"),
        (14, 'Notice.objects.create(text="x")'),
        (15, 'Tag.objects.get_or_create(name="x")'),
        (16, 'cursor.execute("DELETE FROM circulation_loan WHERE id = %s", [pk])'),
        (17, 'cursor.execute(f"update circulation_loan set x = 1 where id = {pk}")'),
    ]


def test_the_checker_leaves_sessions_dicts_sets_hashes_and_reads_alone() -> None:
    assert writes("thuvien.x.views", VIEW_THAT_ONLY_READS) == []


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("opac/account.py", True),
        ("staff/views/network.py", True),
        ("interop/opendata_views.py", True),
        ("catalogue/management/commands/import.py", True),
        ("digital/templatetags/digital_tags.py", True),
        ("circulation/sip2/handlers.py", True),
        ("demo/loader.py", True),
        ("circulation/services.py", False),
        ("catalogue/tasks.py", False),
        ("interop/harvest.py", False),
        ("network/migrations/0001_initial.py", False),
    ],
)
def test_which_modules_are_surfaces(relative: str, expected: bool) -> None:
    assert in_scope(Path(relative)) is expected


# --- the audit log's one writer --------------------------------------------------------------

AUDIT_WRITER = "thuvien.audit.services"


def audit_writes(module: str, source: str) -> list[Write]:
    """Where ``source`` makes an AuditEntry itself: ``AuditEntry(…)`` or any write method
    called on ``AuditEntry.objects`` (or on a chain from it)."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        built = isinstance(func, ast.Name) and func.id == "AuditEntry"
        written = (
            isinstance(func, ast.Attribute)
            and func.attr in ANY_RECEIVER | INSTANCE_WRITES | {"update"}
            and "AuditEntry.objects" in ast.unparse(func.value)
        )
        if built or written:
            code = ast.get_source_segment(source, node) or ""
            found.append(Write(module, node.lineno, code.splitlines()[0]))
    return sorted(found, key=lambda w: w.line)


def test_audit_entries_are_written_by_the_audit_services_only() -> None:
    offending = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        if module == AUDIT_WRITER or ".migrations." in module:
            continue
        offending += [str(w) for w in audit_writes(module, path.read_text(encoding="utf-8"))]
    assert offending == [], (
        "Write audit entries with thuvien.audit.services.record (one) or record_many (a "
        "batch):\n" + "\n".join(offending)
    )


def test_the_audit_check_catches_a_row_made_by_hand() -> None:
    source = """
entries = [AuditEntry(action="update", object_type="record", object_id="1")]
AuditEntry.objects.bulk_create(entries)
AuditEntry.objects.create(action="view", object_type="patron", object_id="2")
AuditEntry.objects.filter(object_id="3").delete()
record(actor, AuditEntry.Action.UPDATE, "record", 1)
"""
    assert [w.line for w in audit_writes("thuvien.x.importing", source)] == [2, 3, 4, 5]
