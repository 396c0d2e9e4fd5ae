"""The names of the codes a record carries (material type, language), in the reader's language.

The codes come from ``extract.py``; every page, feed and API label reads them from here. The
msgids are Vietnamese, like every other string of the project (see ``locale/en``).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MATERIAL_TYPES: dict[str, Promise] = {
    "book": _("Sách"),
    "serial": _("Báo, tạp chí"),
    "article": _("Bài trích"),
    "manuscript": _("Tài liệu viết tay"),
    "music-score": _("Bản nhạc"),
    "map": _("Bản đồ"),
    "video": _("Phim, video"),
    "sound-recording": _("Ghi âm"),
    "music-recording": _("Ghi âm âm nhạc"),
    "image": _("Tranh ảnh"),
    "computer-file": _("Tệp máy tính"),
    "kit": _("Bộ tài liệu"),
    "mixed": _("Tài liệu hỗn hợp"),
    "object": _("Hiện vật"),
    "other": _("Tài liệu khác"),
}

# MARC language code → (name, BCP 47 tag). MARC uses ISO 639-2/B; BCP 47 wants the
# two-letter code where one exists, else ISO 639-2/T (which differs from /B for a few).
LANGUAGES: dict[str, tuple[Promise, str]] = {
    "vie": (_("Tiếng Việt"), "vi"),
    "eng": (_("Tiếng Anh"), "en"),
    "fre": (_("Tiếng Pháp"), "fr"),
    "ger": (_("Tiếng Đức"), "de"),
    "rus": (_("Tiếng Nga"), "ru"),
    "chi": (_("Tiếng Trung"), "zh"),
    "jpn": (_("Tiếng Nhật"), "ja"),
    "kor": (_("Tiếng Hàn"), "ko"),
    "khm": (_("Tiếng Khmer"), "km"),
    "lao": (_("Tiếng Lào"), "lo"),
    "tha": (_("Tiếng Thái"), "th"),
    "spa": (_("Tiếng Tây Ban Nha"), "es"),
    "ita": (_("Tiếng Ý"), "it"),
    "por": (_("Tiếng Bồ Đào Nha"), "pt"),
    "heb": (_("Tiếng Do Thái"), "he"),
    "ara": (_("Tiếng Ả Rập"), "ar"),
    "lat": (_("Tiếng La-tinh"), "la"),
    "zxx": (_("Không có nội dung ngôn ngữ"), "zxx"),
    "mul": (_("Nhiều ngôn ngữ"), "mul"),
    "und": (_("Chưa xác định"), "und"),
}
# Where ISO 639-2/B (MARC) and /T (BCP 47's three-letter form) differ.
_BIBLIOGRAPHIC_TO_TERMINOLOGIC = {
    "alb": "sqi", "arm": "hye", "baq": "eus", "bur": "mya", "cze": "ces", "dut": "nld",
    "geo": "kat", "gre": "ell", "ice": "isl", "mac": "mkd", "mao": "mri", "may": "msa",
    "per": "fas", "rum": "ron", "slo": "slk", "tib": "bod", "wel": "cym",
}  # fmt: skip


def material_type(code: str) -> str:
    return str(MATERIAL_TYPES.get(code, code))


def language(code: str) -> str:
    known = LANGUAGES.get(code)
    return str(known[0]) if known else code


def bcp47(code: str) -> str:
    """The BCP 47 tag of a MARC language code ('' for none)."""
    code = code.strip().lower()
    if not code.isalpha() or len(code) != 3:
        return ""
    known = LANGUAGES.get(code)
    return known[1] if known else _BIBLIOGRAPHIC_TO_TERMINOLOGIC.get(code, code)
