"""The demo's union step: clusters rebuilt from the demo records, nothing added of its own."""

from __future__ import annotations

from tests.union.test_services import SYSTEM, marc
from thuvien.catalogue import services as catalogue
from thuvien.demo import union
from thuvien.testing import factories
from thuvien.union.models import Membership


def test_the_demo_step_rebuilds_the_clusters_and_adds_nothing_of_its_own() -> None:
    a, b = factories.library(), factories.library()
    for library in (a, b):
        catalogue.create_record(SYSTEM, library, marc("Truyện Kiều", author="Nguyễn Du"))
    assert union.load("demo") == ([], "1 cụm, 2 biểu ghi được gom, 0 chờ duyệt")
    assert Membership.objects.count() == 2
    assert union.load("demo") == ([], "1 cụm, 2 biểu ghi được gom, 0 chờ duyệt")
