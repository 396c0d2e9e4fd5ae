"""An independent harvester (PyPI Sickle) harvests the whole repository from a live server."""

from __future__ import annotations

from typing import Any

from pytest_django.live_server_helper import LiveServer
from sickle import Sickle

from thuvien.catalogue import services
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.portal import PROVINCE, PortalData


def test_sickle_harvests_every_record_through_resumption_tokens(
    live_server: LiveServer, catalogue: PortalData, settings: Any
) -> None:
    settings.THUVIEN_OAI_PAGE_SIZE = 3
    english = catalogue.record("english")
    services.delete_record(factories.staff(Role.CATALOGUER, english.library), english)
    sickle = Sickle(f"{live_server.url}/oai", timeout=300)  # patient on a loaded machine

    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc", "marc21"]
    assert f"library:{PROVINCE}" in [s.setSpec for s in sickle.ListSets()]

    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    expected = {pk for key, pk in catalogue.ids.items() if key != "authority"}
    expected.add(catalogue.elsewhere["digital"])
    harvested = {int(r.header.identifier.rsplit(":", 1)[1]) for r in records}
    assert harvested == expected
    deleted = {int(r.header.identifier.rsplit(":", 1)[1]) for r in records if r.deleted}
    assert deleted == {catalogue.ids["english"], catalogue.ids["restricted"]}
    titles = {t for r in records if not r.deleted for t in r.metadata["title"]}
    assert "Thư viện số : chuyển đổi số trong thư viện công cộng" in titles

    marc = list(
        sickle.ListRecords(metadataPrefix="marc21", set=f"library:{PROVINCE}", ignore_deleted=True)
    )
    assert len(marc) == len(expected) - 3  # not the deleted, restricted or commune's record
    one = sickle.GetRecord(
        identifier=f"oai:thuvien.vn:{catalogue.ids['serial']}", metadataPrefix="oai_dc"
    )
    assert one.metadata["identifier"][0] == "ISSN 1859-1450"
