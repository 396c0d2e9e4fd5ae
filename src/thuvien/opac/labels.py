"""What a reader reads for the portal's own codes: sorts and facet names (material types and
languages are named in ``catalogue/vocabulary.py``, availability in ``search/labels.py``).

The msgids are Vietnamese, like every other string of the project (see ``locale/en``): the
portal reads correctly in Vietnamese even where the English catalogue is not compiled.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SORTS: dict[str, Promise] = {
    "relevance": _("Phù hợp nhất"),
    "-year": _("Năm xuất bản, mới trước"),
    "year": _("Năm xuất bản, cũ trước"),
    "title": _("Nhan đề (A–Z)"),
    "author": _("Tác giả (A–Z)"),
}

FACET_NAMES: dict[str, Promise] = {
    "library": _("Thư viện"),
    "material_type": _("Loại tài liệu"),
    "language": _("Ngôn ngữ"),
    "year": _("Năm xuất bản"),
    "subject": _("Chủ đề"),
    "availability": _("Tình trạng"),
    "online": _("Bản số"),
}
