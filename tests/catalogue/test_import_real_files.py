"""Real third-party MARC files import completely and come back unchanged."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pymarc
import pytest

from thuvien.catalogue.exporting import export, stored_records
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.testing import factories
from thuvien.testing.factories import shared

from .helpers import import_path, pymarc_fields, read_with_pymarc

# file, format, records, kind of the records
REAL_FILES = [
    ("evergreen/jazz_1k.mrc", None, 1000, "bib"),
    ("evergreen/lul_fre_500.mrc", None, 500, "bib"),
    ("evergreen/hebrew.marc", None, 20, "bib"),
    ("evergreen/map_data.mrc", None, 3, "bib"),
    ("evergreen/auth-1066.mrc", None, 1066, "auth"),
    ("evergreen/badisbns.xml", "marcxml", 10, "bib"),
    ("evergreen/serials_mfhd.xml", "marcxml", 7, "hold"),
    ("pymarc/test.dat", None, 10, "bib"),
    ("pymarc/marc8.dat", None, 1, "bib"),
    ("pymarc/diacritic.dat", None, 1, "bib"),
    ("pymarc/batch.xml", None, 2, "bib"),
    ("pymarc/batch.json", None, 2, "bib"),
    ("marc4j/brkrtest.mrc", None, 8, "bib"),
    ("marc4j/unordered-directory-entries.mrc", None, 1, "bib"),
]


@pytest.mark.parametrize(("name", "fmt", "count", "kind"), REAL_FILES)
def test_real_file_imports_every_record(name: str, fmt: str | None, count: int, kind: str) -> None:
    library = factories.library()
    report = import_path(library, shared("marc", *name.split("/")), fmt=fmt)
    assert (report.imported, report.rejected, report.errors) == (count, 0, [])
    assert Record.objects.filter(library=library, kind=kind).count() == count


@pytest.mark.parametrize(
    "name",
    ["evergreen/jazz_1k.mrc", "evergreen/hebrew.marc", "pymarc/test.dat", "marc4j/brkrtest.mrc"],
)
def test_export_gives_back_every_field_as_pymarc_reads_the_source(
    name: str, tmp_path: Path
) -> None:
    """MARC-8 sources come back as the equivalent UTF-8: compared after pymarc's own
    MARC-8 conversion, field by field, in order."""
    source = shared("marc", *name.split("/"))
    library = factories.library()
    import_path(library, source)
    out = tmp_path / "out.mrc"
    with out.open("wb") as stream:
        export(stored_records(library), stream, "iso2709")
    before = [pymarc_fields(r) for r in read_with_pymarc(source)]
    after = read_with_pymarc(out, force_utf8=True)
    assert [pymarc_fields(r) for r in after] == before
    assert all(r.leader[9] == "a" for r in after)


def test_reimporting_the_same_file_changes_nothing() -> None:
    library = factories.library()
    path = shared("marc", "evergreen", "lul_fre_500.mrc")
    import_path(library, path)
    stored = list(Record.objects.filter(library=library).order_by("id").values_list("id", "marc"))
    again = import_path(library, path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 500)
    assert (
        list(Record.objects.filter(library=library).order_by("id").values_list("id", "marc"))
        == stored
    )


def test_same_file_in_another_format_is_recognised_as_the_same_records(tmp_path: Path) -> None:
    library = factories.library()
    import_path(library, shared("marc", "pymarc", "test.dat"))
    xml = tmp_path / "test.xml"
    with xml.open("wb") as stream:
        export(stored_records(library), stream, "marcxml")
    report = import_path(library, xml)
    assert (report.imported, report.unchanged) == (0, 10)


def test_yaz_marcdump_reads_the_iso2709_export_without_complaint(tmp_path: Path) -> None:
    library = factories.library()
    for name in ("jazz_1k.mrc", "hebrew.marc", "lul_fre_500.mrc"):
        import_path(library, shared("marc", "evergreen", name))
    out = tmp_path / "export.mrc"
    with out.open("wb") as stream:
        assert export(stored_records(library), stream, "iso2709").written == 1520
    result = subprocess.run(
        ["yaz-marcdump", "-f", "utf-8", "-t", "utf-8", "-o", "line", str(out)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == b""
    # yaz prints one block per record, separated by an empty line.
    assert result.stdout.count(b"\n\n") == 1520


def test_marcxml_export_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    library = factories.library()
    for name in (
        "evergreen/hebrew.marc",
        "evergreen/map_data.mrc",
        "evergreen/auth-1066.mrc",
        "evergreen/serials_mfhd.xml",
    ):
        import_path(library, shared("marc", *name.split("/")))
    out = tmp_path / "export.xml"
    with out.open("wb") as stream:
        export(stored_records(library), stream, "marcxml")
    result = subprocess.run(
        [
            "xmllint",
            "--noout",
            "--nonet",
            "--schema",
            str(shared("schemas", "MARC21slim.xsd")),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.strip().endswith("validates")


def test_marc_in_json_export_reads_back_with_pymarc(tmp_path: Path) -> None:
    library = factories.library()
    import_path(library, shared("marc", "pymarc", "test.dat"))
    buffer = io.BytesIO()
    export(stored_records(library), buffer, "json")
    reader = pymarc.JSONReader(buffer.getvalue().decode("utf-8"))
    exported = [pymarc_fields(r) for r in reader]
    assert exported == [
        pymarc_fields(r) for r in read_with_pymarc(shared("marc", "pymarc", "test.dat"))
    ]


def test_marc8_record_is_stored_as_nfc_utf8_text() -> None:
    library = factories.library()
    import_path(library, shared("marc", "evergreen", "lul_fre_100.mrc"))
    texts = []
    for leader, stored in Record.objects.values_list("leader", "marc"):
        record = MarcRecord.from_stored(leader, stored)
        assert record.leader[9] == "a"
        texts += [v for f in record.data_fields() for _c, v in f[3]]
    import unicodedata

    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert any("é" in t for t in texts)  # French accents decoded from MARC-8, composed


def test_utf8_record_whose_leader_says_marc8_is_read_as_utf8_with_a_warning() -> None:
    library = factories.library()
    report = import_path(library, shared("marc", "evergreen", "map_data.mrc"))
    assert report.as_dict()["warnings"] == [
        "leader/09 says MARC-8 but the text is UTF-8; read as UTF-8 (3 records)"
    ]
    assert set(Record.objects.values_list("source_encoding", flat=True)) == {"utf-8"}
