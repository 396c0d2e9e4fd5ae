"""Run by test_rebuild.py in a fresh interpreter over a fresh SQLite data folder: the worker
processes of a parallel rebuild open the database by its settings, which a test database
inside pytest is not. Prints one JSON object of what the test checks."""

from __future__ import annotations

import io
import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from thuvien.search import services  # noqa: E402
from thuvien.search.backends.tantivy import rebuild  # noqa: E402
from thuvien.search.types import SearchRequest  # noqa: E402
from thuvien.testing.portal import portal_catalogue  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    portal_catalogue()
    rebuild.RANGE = 3  # several ranges, so several tasks for the workers
    out = io.StringIO()
    call_command("reindex", stdout=out)
    print(
        json.dumps(
            {
                "workers": rebuild.workers_for(1),
                "in_process": [doc for batch in rebuild.prepared(1) for doc in batch],
                "in_workers": [doc for batch in rebuild.prepared(2) for doc in batch],
                "reindex": out.getvalue().split(" trong ")[0],
                "hits": [h.id for h in services.search(SearchRequest(q="thu vien so")).hits],
            },
            ensure_ascii=False,
        )
    )


# The workers are spawned: they import this file again, and must not run it.
if __name__ == "__main__":
    main()
