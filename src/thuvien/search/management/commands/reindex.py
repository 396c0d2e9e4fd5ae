"""``thuvien reindex``: rebuild the search index from the database and swap it in."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.utils.translation import gettext as _
from tqdm import tqdm

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.search import documents
from thuvien.search.backends import get_backend


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu. Chỉ mục mới được dựng trong một thư mục "
        "riêng rồi thay vào một lần; trong lúc đó việc tìm vẫn dùng chỉ mục cũ."
    )
    requires_system_checks: list[str] = []  # the check it would run says "run reindex"

    def handle(self, *args: Any, **options: Any) -> None:
        total = documents.count()
        started = time.perf_counter()
        with tqdm(total=total, unit="rec", disable=not sys.stderr.isatty(), desc="reindex") as bar:

            def progress(done: int) -> None:
                bar.update(done - bar.n)

            done = get_backend().rebuild(progress)
        seconds = time.perf_counter() - started
        self.stdout.write(
            _("Đã lập chỉ mục {count} bản ghi trong {seconds} giây.").format(
                count=done, seconds=f"{seconds:.1f}"
            )
        )
