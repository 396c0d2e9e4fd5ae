"""The demo's union step: the lead library, sharing levels, old books waiting in the review
queue, and the clusters rebuilt; a second run adds nothing."""

from __future__ import annotations

from tests.union.test_services import SYSTEM, marc
from thuvien.catalogue import services as catalogue
from thuvien.demo import union
from thuvien.testing import factories
from thuvien.union import review
from thuvien.union.models import Membership, ReviewPair


def test_the_demo_step_names_the_lead_and_leaves_old_books_for_review() -> None:
    codes = ("VN-CM0001", "VN-CM0002", "VN-CM0003")
    libraries = {code: factories.library(code) for code in codes}
    for library in list(libraries.values())[:2]:
        catalogue.create_record(SYSTEM, library, marc("Truyện Kiều", author="Nguyễn Du"))
    added, summary = union.load(libraries, "demo")
    assert added == ["thư viện đầu mối VN-CM0001", "4 biểu ghi sách cổ chờ rà soát"]
    assert summary == "5 cụm, 2 biểu ghi được gom, 4 chờ duyệt"
    assert review.lead_library() == libraries["VN-CM0001"]
    assert review.participation(libraries["VN-CM0001"]).sharing == "download"
    assert review.participation(libraries["VN-CM0002"]).sharing == "read"
    queued = ReviewPair.objects.select_related("record_a", "record_b").order_by("pk")
    assert [(p.record_a.title, p.record_b.library.code) for p in queued] == [
        ("Việt Nam sử lược", "VN-CM0002"),
        ("Nho giáo", "VN-CM0003"),
    ]
    assert Membership.objects.count() == 6
    assert union.load(libraries, "demo") == ([], summary)
