"""SRU answers one record per edition, as the portal and the API do: the union's shown one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from thuvien.catalogue import services as catalogue
from thuvien.testing import factories
from thuvien.testing.search import index_now, use_index_in

pytestmark = pytest.mark.django_db
SRW = {"s": "http://www.loc.gov/zing/srw/", "m": "http://www.loc.gov/MARC21/slim"}


def test_sru_gives_one_record_per_cluster(client: Client, settings: Any, tmp_path: Path) -> None:
    use_index_in(settings, tmp_path)
    extra: list[Any] = [["020", " ", " ", [["a", "9786042000011"]]]]
    extra.append(["100", "0", " ", [["a", "Tô Hoài"]]])
    extra.append(["300", " ", " ", [["a", "144 tr."]]])
    catalogue.create_record(
        "system", factories.library("VN-A"), factories.marc("Dế mèn phiêu lưu ký", extra=extra)
    )
    catalogue.create_record(
        "system", factories.library("VN-B"), factories.marc("Dế mèn phiêu lưu ký", extra=extra[:2])
    )
    index_now()
    response = client.get(
        "/sru", {"operation": "searchRetrieve", "version": "1.2", "query": '"dế mèn"'}
    )
    tree = etree.fromstring(response.content)
    assert tree.findtext("s:numberOfRecords", namespaces=SRW) == "1"
    pages = tree.xpath("//m:datafield[@tag='300']/m:subfield/text()", namespaces=SRW)
    assert len(tree.xpath("//s:record", namespaces=SRW)) == 1
    assert pages == ["144 tr."]  # the fuller record, the one shown for the cluster
