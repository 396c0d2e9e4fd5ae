"""Start-up checks of the portal: the English switch needs its compiled catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register
from django.utils.translation import gettext as _


@register()
def translations_compiled(**kwargs: Any) -> list[CheckMessage]:
    """Each language other than the default needs its .mo, as new as its .po: without it
    the switch to that language silently shows the default one."""
    problems: list[CheckMessage] = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        for folder in settings.LOCALE_PATHS:
            po = Path(folder) / code / "LC_MESSAGES" / "django.po"
            mo = po.with_suffix(".mo")
            if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
                problems.append(
                    Warning(
                        _(
                            "Bản dịch {code} chưa được biên dịch, hoặc cũ hơn {po}: trang "
                            "sẽ không đổi được sang ngôn ngữ này."
                        ).format(code=code, po=po),
                        hint="Run `make setup` (it runs msgfmt; Debian package gettext).",
                        id="thuvien.opac.W001",
                    )
                )
    return problems
