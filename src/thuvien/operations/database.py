"""The database's consistent copy, restore, and per-table checksums, for each engine.

SQLite: ``VACUUM INTO`` writes a consistent copy while the service runs. PostgreSQL: one
REPEATABLE READ transaction exports its snapshot, ``pg_dump --snapshot`` dumps exactly that
snapshot and the checksums are read in it too, so the dump and its checksums always agree.

A table's checksum is SHA-256 over its rows in primary-key order: the restore drill restores
into a scratch database and compares, table by table, with what the backup recorded.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from thuvien.errors import InvalidInput

Checksums = dict[str, dict[str, Any]]  # table → {"rows": n, "sha256": hex}


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _digest(rows: Iterable[tuple[Any, ...]]) -> dict[str, Any]:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        values = tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
        digest.update(repr(values).encode())
        digest.update(b"\n")
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


# --- SQLite ----------------------------------------------------------------------------------


def sqlite_checksums(path: Path) -> Checksums:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: _digest(db.execute(f'SELECT * FROM "{t}" ORDER BY 1')) for t in tables}  # noqa: S608


def sqlite_copy(target: Path) -> Checksums:
    """A consistent copy of the live database at ``target``, and its checksums."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])
    return sqlite_checksums(target)


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ}
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(name):
            env[key] = str(db[name])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str]) -> None:
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise InvalidInput(
            _("{tool} thất bại: {error}").format(
                tool=command[0], error=done.stderr.strip()[-500:] or done.returncode
            ),
            tool=command[0],
        )


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def _pg_checksums(cursor: Any) -> Checksums:
    found: Checksums = {}
    for table in _pg_tables(cursor):
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
        found[table] = _digest(iter(cursor.fetchone, None))
    return found


def pg_dump(target: Path) -> Checksums:
    """``pg_dump`` (custom format) of one snapshot into ``target``, and that snapshot's
    checksums: the dump and the checksums read the same rows."""
    import psycopg

    name = str(connection.settings_dict["NAME"])
    with (
        closing(psycopg.connect(dbname=name, **_connect_args())) as conn,
        conn.transaction(),
    ):
        cursor = conn.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone() or ("",)
        options = ["--format=custom", "--no-owner", "--no-privileges"]
        _run(["pg_dump", *options, f"--snapshot={snapshot}", f"--file={target}", name])
        return _pg_checksums(cursor)


def _connect_args() -> dict[str, Any]:
    db = connection.settings_dict
    args = {"host": db.get("HOST") or None, "port": db.get("PORT") or None}
    args |= {"user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    return {k: v for k, v in args.items() if v}


def pg_table_count(name: str) -> int:
    import psycopg

    with closing(psycopg.connect(dbname=name, **_connect_args())) as conn:
        return len(_pg_tables(conn.cursor()))


def pg_restore(dump: Path, name: str) -> None:
    _run(["pg_restore", "--no-owner", "--no-privileges", f"--dbname={name}", str(dump)])


@contextmanager
def pg_scratch(name: str) -> Iterator[str]:
    """An empty database beside the live one for the drill, dropped afterwards."""
    import psycopg

    scratch = f"{name}_drill"[:63]
    with closing(psycopg.connect(dbname="postgres", autocommit=True, **_connect_args())) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        c.execute(f"CREATE DATABASE \"{scratch}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield scratch
    finally:
        with closing(psycopg.connect(dbname="postgres", autocommit=True, **_connect_args())) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def pg_checksums(name: str) -> Checksums:
    import psycopg

    with closing(psycopg.connect(dbname=name, **_connect_args())) as conn:
        return _pg_checksums(conn.cursor())
