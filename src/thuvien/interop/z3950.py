"""Z39.50 for the partner ILSs (Libol, Koha, Vebrary) that copy-catalogue with it: Index
Data's Simple2ZOOM gateway (Debian ``libnet-z3950-simple2zoom-perl``) in front of our SRU.

A Z39.50 search (Type-1/PQF, Bib-1 attributes) becomes a CQL query sent to ``/sru``; the
MARCXML that comes back is handed to the client as MARC 21 (ISO 2709, UTF-8). Bib-1 use
attributes map to our CQL indexes as :data:`BIB1` says; any other is refused by the gateway
with Bib-1 diagnostic 114 (unsupported use attribute). The configuration is written from
our settings into the data folder each time ``thuvien z3950`` starts.
"""

from __future__ import annotations

from pathlib import Path

from thuvien.interop.metadata import text

# Bib-1 use attribute → CQL index. "Any" is named cql.serverChoice: given an empty <map>,
# Simple2ZOOM 1.04 writes " = term", which is not CQL.
BIB1: dict[int, str] = {
    4: "dc.title",
    1003: "dc.creator",
    7: "bath.isbn",
    8: "bath.issn",
    21: "dc.subject",
    31: "dc.date",
    1016: "cql.serverChoice",  # any
    1035: "cql.serverChoice",  # anywhere
}
DATABASES = ("thuvien", "Default")  # "Default": what clients ask for when told nothing
MARC21_OID = "1.2.840.10003.5.10"
SIMPLE2ZOOM = "simple2zoom"


def config_xml(sru_url: str) -> str:
    """Simple2ZOOM's configuration: each database proxies ``sru_url`` with CQL."""
    maps = "".join(f'<map use="{use}"><index>{index}</index></map>' for use, index in BIB1.items())
    databases = "".join(
        f'  <database name="{name}">\n'
        f"    <zurl>{text(sru_url)}</zurl>\n"
        '    <option name="sru">get</option>\n'
        '    <option name="sru_version">1.2</option>\n'
        '    <option name="timeout">60</option>\n'
        "    <charset>utf-8</charset>\n"
        f"    <search><querytype>cql</querytype>{maps}</search>\n"
        f'    <schema oid="{MARC21_OID}" sru="info:srw/schema/1/marcxml-v1.1" '
        'format="MARC21" encoding="UTF-8"/>\n'
        "  </database>\n"
        for name in DATABASES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- Written by `thuvien z3950` from the settings; edits are overwritten. -->\n"
        f"<client>\n{databases}</client>\n"
    )


def write_config(data_dir: Path, sru_url: str) -> Path:
    path = data_dir / "z3950" / "simple2zoom.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_xml(sru_url), encoding="utf-8")
    return path


def command(config: Path, host: str, port: int) -> list[str]:
    """The gateway's command line: our configuration, one listener."""
    return [SIMPLE2ZOOM, "-c", str(config), "--", f"tcp:{host}:{port}"]
