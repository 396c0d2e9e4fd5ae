"""Each figure of the form in the librarians' words, in form order: the rows of the form, the
XLSX template, the PDF and the CSV."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from thuvien.reporting.figures import MANUAL

COUNTED_LABELS: dict[str, Any] = {
    "titles": _("Tổng số tên tài liệu (biểu ghi)"),
    "copies": _("Tổng số bản tài liệu"),
    "copies_acquired": _("Bản tài liệu bổ sung trong kỳ"),
    "acquired_purchase": _("Bản bổ sung trong kỳ do mua (sổ đăng ký)"),
    "acquired_donation": _("Bản bổ sung trong kỳ do biếu tặng (sổ đăng ký)"),
    "acquired_legal_deposit": _("Bản bổ sung trong kỳ do lưu chiểu (sổ đăng ký)"),
    "acquired_exchange": _("Bản bổ sung trong kỳ do trao đổi (sổ đăng ký)"),
    "acquisitions_value": _("Giá trị tài liệu bổ sung (đồng)"),
    "copies_weeded": _("Bản tài liệu thanh lý trong kỳ"),
    "periodical_titles": _("Tên báo, tạp chí"),
    "ethnic_language_titles": _("Tên tài liệu tiếng dân tộc thiểu số"),
    "readers_registered": _("Bạn đọc có thẻ"),
    "readers_new": _("Thẻ bạn đọc cấp mới trong kỳ"),
    "readers_fee_waiver": _("Bạn đọc thuộc nhóm miễn, giảm phí"),
    "loans": _("Lượt mượn về nhà"),
    "renewals": _("Lượt gia hạn"),
    "ill_loans": _("Lượt cho mượn liên thư viện"),
    "ill_borrowed": _("Lượt mượn liên thư viện từ nơi khác"),
    "postal_loans": _("Lượt mượn qua bưu điện"),
    "visits_online": _("Lượt truy cập tài liệu số"),
    "digital_objects": _("Tài liệu số"),
    "digitised_pages": _("Trang đã số hoá"),
    "digital_gb": _("Dung lượng tài liệu số (GB)"),
    "rare_digitised": _("Tài liệu quý hiếm, cổ đã số hoá"),
    "endogenous_digitised": _("Tài liệu nội sinh đã số hoá"),
    "local_studies_digitised": _("Tài liệu địa chí đã số hoá"),
    "heritage_held": _("Tài liệu di sản được đánh dấu (quý hiếm, địa chí, nội sinh, Hán Nôm…)"),
    "heritage_digitised": _("Tài liệu di sản được đánh dấu đã số hoá"),
    "queue_published": _("Tài liệu công bố qua hàng đợi số hoá trong kỳ"),
    "queue_pages": _("Trang công bố qua hàng đợi số hoá trong kỳ"),
    "queue_gb": _("Dung lượng công bố qua hàng đợi số hoá trong kỳ (GB)"),
}
LABELS: dict[str, Any] = {**COUNTED_LABELS, **MANUAL}
# Figures that may be a fraction; every other figure is a whole number.
DECIMAL = frozenset({"digital_gb", "queue_gb", "floor_area_m2", "opening_hours_week"})
