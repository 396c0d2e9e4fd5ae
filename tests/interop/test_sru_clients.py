"""Third-party SRU clients against a live server: yaz-client (SRW/SOAP and SRU GET), zoomsh
and PyPI sruthi."""

from __future__ import annotations

import subprocess

import pytest
import sruthi
from pytest_django.live_server_helper import LiveServer

from thuvien.testing.portal import PortalData


def run(command: list[str], stdin: str = "") -> str:
    result = subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=300, check=False
    )
    return result.stdout + result.stderr


def test_yaz_client_searches_over_srw_and_sru_get(
    live_server: LiveServer, indexed: PortalData
) -> None:
    script = (
        f"open {live_server.url}/sru\n"
        "find dc.title=indochine\nshow 1\n"
        "find dc.title=(\n"
        "sru get 1.2\n"
        "find dc.creator=arms and dc.date=2000\nshow 1\n"
        "scan dc.title=histoire\n"
        "quit\n"
    )
    output = run(["yaz-client"], script)
    assert output.count("Received SRW SearchRetrieve Response") == 5
    assert "Number of hits: 1" in output
    assert "Histoire de l'Indochine." in output
    assert "SRW diagnostic info:srw/diagnostic/1/10" in output
    assert "Details: 11" in output  # nothing after "("
    assert "Digital libraries /" in output
    assert "Histoire de l'Indochine: 1 only" in output  # the scan


def test_zoomsh_searches_with_cql(live_server: LiveServer, indexed: PortalData) -> None:
    output = run([
        "zoomsh", "set sru get", f"connect {live_server.url}/sru",
        'search cql:dc.title="thư viện số"', "show 0 1", "quit",
    ])  # fmt: skip
    assert f"{live_server.url}/sru: 2 hits" in output
    assert '<subfield code="a">Thư viện số :</subfield>' in output


def test_sruthi_pages_through_results_and_reads_explain(
    live_server: LiveServer, indexed: PortalData
) -> None:
    client = sruthi.Client(f"{live_server.url}/sru", maximum_records=2, record_schema="dc")
    records = client.searchretrieve("cql.allRecords=1 sortBy dc.title")
    assert records.count == 8  # the restricted record is not found at all
    listed = list(records)
    assert len(listed) == 8  # four requests of two
    schemas = sorted(r["schema"] for r in listed)
    assert schemas == ["info:srw/schema/1/dc-v1.1"] * 8
    explain = client.explain()
    assert explain.database["title"] == "Mục lục liên hợp của mạng lưới thư viện"
    assert explain.config["maximumRecords"] == 100
    with pytest.raises(sruthi.errors.SruError, match="Query syntax error"):
        client.searchretrieve("dc.title=(")
