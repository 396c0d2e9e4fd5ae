"""Run by test_rebuild.py in a fresh interpreter over a fresh SQLite data folder: the worker
processes of a parallel rebuild open the database by its settings, which a test database
inside pytest is not. Prints one JSON object of what the test checks.

Django is set up inside ``main`` only, as the ``thuvien`` script does: the spawned workers
import this file again, and must get nothing from it, so the test sees what a real reindex
sees (a worker that cannot import its task's module without Django set up dies, and the
pool would wait forever).
"""

from __future__ import annotations

import io
import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from thuvien.search import services
    from thuvien.search.backends.tantivy import rebuild
    from thuvien.search.types import SearchRequest
    from thuvien.testing.portal import portal_catalogue

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


if __name__ == "__main__":
    main()
