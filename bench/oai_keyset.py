"""The OAI-PMH page query alone, in SQLite, at a given position in a table whose rows share
one datestamp (a file imported at once): the old single query against the two index seeks
:func:`thuvien.interop.oai._page` makes. No Django, no server: the query's own cost.

    .venv/bin/python bench/oai_keyset.py --rows 1000000
"""

from __future__ import annotations

import argparse
import sqlite3
import time

OLD = (
    "SELECT id FROM r WHERE kind = 'bib' AND updated_at >= ? AND (updated_at > ? OR id > ?) "
    "ORDER BY updated_at, id LIMIT 501"
)
TIE = (
    "SELECT id FROM r WHERE kind = 'bib' AND updated_at = ? AND id > ? "
    "ORDER BY updated_at, id LIMIT 501"
)
LATER = "SELECT id FROM r WHERE kind = 'bib' AND updated_at > ? ORDER BY updated_at, id LIMIT 501"
STAMP = "2026-01-01 00:00:00"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, kind TEXT, updated_at TEXT, marc TEXT)")
    db.execute("CREATE INDEX r_updated_id ON r (updated_at, id)")
    db.executemany(
        "INSERT INTO r VALUES (?, 'bib', ?, ?)", ((i, STAMP, "x" * 50) for i in range(1, rows + 1))
    )
    print(f"sqlite {sqlite3.sqlite_version}, {rows:,} rows sharing one datestamp")
    for position in (1, rows // 5, rows // 2, rows - 1000):
        start = time.perf_counter()
        db.execute(OLD, (STAMP, STAMP, position)).fetchall()
        old = time.perf_counter() - start
        start = time.perf_counter()
        found = db.execute(TIE, (STAMP, position)).fetchall()
        if len(found) <= 500:
            found += db.execute(LATER, (STAMP,)).fetchall()
        new = time.perf_counter() - start
        print(
            f"page after row {position:>9,}: old {old * 1000:7.2f} ms, "
            f"two seeks {new * 1000:5.2f} ms"
        )


if __name__ == "__main__":
    main()
