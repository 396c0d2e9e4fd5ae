"""Load the whole demo, step by step, writing one progress line per step.

Idempotent: every domain module looks things up before it makes them, so a second run adds
nothing and says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from thuvien.demo import (
    acquisitions,
    ai,
    catalogue,
    circulation,
    diacritics,
    digital,
    migration,
    network,
    oversight,
    portal,
    programme,
    reader_services,
    reporting,
    stock,
    union,
)
from thuvien.errors import InvalidInput

ACTOR = "demo"
STEPS = 18
REPO = Path(__file__).resolve().parents[3]


def find_shared_data(given: str | None) -> tuple[Path | None, str]:
    """The shared data folder, and where it came from; an explicit folder must exist."""
    if given:
        path = Path(given).expanduser()
        if not path.is_dir():
            raise InvalidInput(
                _("--shared-data {folder}: không có thư mục này.").format(folder=given),
                folder=given,
            )
        return path, "--shared-data"
    configured = Path(settings.THUVIEN_SHARED_DATA_DIR)
    candidates = [(configured, "THUVIEN_SHARED_DATA_DIR")] if str(configured) != "." else []
    candidates += [
        (Path.cwd().parent / "shared" / "data", "../shared/data"),
        (REPO.parent / "shared" / "data", "../shared/data (repository)"),
    ]
    for path, origin in candidates:
        if path.is_dir():
            return path, origin
    return None, ""


def load(write: Callable[[str], None], shared_data: str | None, sample: int | None) -> None:
    """Load every domain's demo data, writing progress and totals with ``write``."""
    shared, origin = find_shared_data(shared_data)
    added: list[str] = []
    started = time.perf_counter()

    def step(n: int, title: str, work: Callable[[], Any]) -> Any:
        begun = time.perf_counter()
        *result, made, summary = work()
        added.extend(made)
        write(f"[{n}/{STEPS}] {title}: {summary} ({time.perf_counter() - begun:.1f} s)")
        return result[0] if result else None

    step(
        1,
        _("Đơn vị hành chính"),
        lambda: network.load_units(ACTOR),
    )
    libraries = step(2, _("Mạng lưới thư viện"), lambda: network.load_libraries(ACTOR))
    provincial = libraries[network.PROVINCIAL]
    step(
        3,
        _("Biểu ghi MARC mẫu"),
        lambda: catalogue.load_marc(provincial, shared, origin, sample, ACTOR),
    )
    step(
        4,
        _("Biểu ghi tiếng Việt"),
        lambda: catalogue.load_vietnamese(libraries, shared, sample, ACTOR),
    )
    step(
        5,
        _("Tài khoản cán bộ"),
        lambda: network.load_staff(libraries, ACTOR),
    )
    step(6, _("Thư viện số"), lambda: digital.load(provincial, shared, ACTOR))
    step(7, _("Bạn đọc"), lambda: circulation.load(provincial, ACTOR))
    step(8, _("Quản lý nhà nước"), lambda: oversight.load(libraries, ACTOR))
    step(9, _("Báo cáo thống kê"), lambda: reporting.load(libraries, ACTOR))
    step(10, _("Mục lục liên hợp"), lambda: union.load(libraries, ACTOR))
    step(11, _("Giao diện và tin tức"), lambda: portal.load(provincial, ACTOR))
    step(12, _("Dịch vụ bạn đọc"), lambda: reader_services.load(provincial, ACTOR))
    step(13, _("Chuyển dữ liệu từ Koha"), lambda: migration.load(libraries, ACTOR))
    step(14, _("Gợi ý của máy"), lambda: ai.load(provincial, ACTOR))
    step(15, _("Kho và ấn phẩm định kỳ"), lambda: stock.load(libraries, ACTOR))
    step(16, _("Chương trình số hoá"), lambda: programme.load(provincial, ACTOR))
    step(17, _("Trí tuệ nhân tạo"), lambda: diacritics.load(provincial, ACTOR))
    step(18, _("Bổ sung và sổ đăng ký"), lambda: acquisitions.load(libraries, ACTOR))
    took = time.perf_counter() - started
    if added:
        write(
            _("Đã bổ sung: {added} ({seconds} s)").format(
                added="; ".join(added), seconds=f"{took:.1f}"
            )
        )
    else:
        write(
            _("Dữ liệu mẫu đã có sẵn, không thêm gì ({seconds} s).").format(seconds=f"{took:.1f}")
        )
    write(catalogue.totals())
