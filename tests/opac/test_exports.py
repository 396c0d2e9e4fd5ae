"""Export and cite: MARC and MARCXML read back by independent tools, RIS and BibTeX exactly,
schema.org JSON-LD with the terms schema.org defines."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pymarc
import pytest
from django.test import Client

from tests.opac.conftest import text_of, tree_of
from thuvien.catalogue import formats, iso2709
from thuvien.catalogue.iso2709 import TooLong
from thuvien.catalogue.models import Record
from thuvien.catalogue.services import run_import
from thuvien.opac import cite
from thuvien.testing.factories import shared
from thuvien.testing.portal import PortalData, record, sub

URL = "http://testserver/record/{}"


def download(client: Client, record_id: int, fmt: str) -> Any:
    response = client.get(f"/record/{record_id}/export/{fmt}")
    assert response.status_code == 200
    return response


def test_the_record_page_links_every_export(client: Client, catalogue: PortalData) -> None:
    rid = catalogue.ids["english"]
    tree = tree_of(client.get(f"/record/{rid}").content)
    links = [(a.text_content(), a.get("href")) for a in tree.xpath("//ul[@class='exports']//a")]
    assert links == [
        ("MARC (ISO 2709)", f"/record/{rid}/export/marc"),
        ("MARCXML", f"/record/{rid}/export/marcxml"),
        ("RIS", f"/record/{rid}/export/ris"),
        ("BibTeX", f"/record/{rid}/export/bibtex"),
    ]


def test_the_marc_download_is_iso_2709_that_pymarc_reads_back_field_for_field(
    client: Client, catalogue: PortalData
) -> None:
    response = download(client, catalogue.ids["digital"], "marc")
    assert response["Content-Type"] == "application/marc"
    assert response["Content-Disposition"] == (
        f'attachment; filename="thuvien-{catalogue.ids["digital"]}.mrc"'
    )
    [read] = list(pymarc.MARCReader(io.BytesIO(response.content), to_unicode=True))
    stored = json.loads(catalogue.record("digital").marc)
    assert [f.tag for f in read.fields] == [f[0] for f in stored]
    assert read["245"].subfields == [
        pymarc.Subfield("a", "Thư viện số :"),
        pymarc.Subfield("b", "chuyển đổi số trong thư viện công cộng /"),
        pymarc.Subfield("c", "Nguyễn Văn An chủ biên ; Lê Thị Bình dịch."),
    ]


def test_yaz_reads_the_marc_download(client: Client, catalogue: PortalData, tmp_path: Path) -> None:
    yaz = shutil.which("yaz-marcdump")
    assert yaz, "yaz-marcdump is missing: run `make setup` (Debian package yaz)"
    path = tmp_path / "record.mrc"
    path.write_bytes(download(client, catalogue.ids["english"], "marc").content)
    out = subprocess.run(
        [yaz, "-i", "marc", "-o", "line", str(path)], capture_output=True, check=True
    )
    assert "245 10 $a Digital libraries / $c William Y. Arms." in out.stdout.decode()


def test_the_marcxml_download_is_valid_against_the_marc21_slim_schema(
    client: Client, catalogue: PortalData, tmp_path: Path
) -> None:
    response = download(client, catalogue.ids["thesis"], "marcxml")
    assert response["Content-Type"] == "application/marcxml+xml; charset=utf-8"
    path = tmp_path / "record.xml"
    path.write_bytes(response.content)
    xmllint = shutil.which("xmllint")
    assert xmllint, "xmllint is missing: run `make setup` (Debian package libxml2-utils)"
    schema = shared("schemas", "MARC21slim.xsd")
    checked = subprocess.run(
        [xmllint, "--nonet", "--noout", "--schema", str(schema), str(path)],
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr.decode()
    assert "Trần Thị Mỹ Linh." in response.content.decode()


def test_a_record_too_long_for_iso_2709_points_to_marcxml(
    client: Client, catalogue: PortalData
) -> None:
    long_note = ["520", " ", " ", sub("a", "Tóm tắt " * 1500)]
    marc = record(90, [["245", "0", "0", sub("a", "Dài")], long_note], org="VN-TC0001")
    with pytest.raises(TooLong):
        iso2709.encode(marc)
    xml = b"<collection xmlns='http://www.loc.gov/MARC21/slim'>%s</collection>"
    run_import(
        catalogue.libraries["VN-TC0001"],
        io.BytesIO(xml % formats.to_marcxml(marc)),
        actor="test",
        source="long.xml",
    )
    rid = Record.objects.get(control_number="TEST0090").pk

    response = client.get(f"/record/{rid}/export/marc")
    assert response.status_code == 422
    assert "Hãy tải dạng MARCXML: định dạng đó không giới hạn độ dài." in text_of(response)
    assert download(client, rid, "marcxml").content.count(b"T\xc3\xb3m t\xe1\xba\xaft") == 1500


def test_ris_of_a_book_names_authors_and_contributors_apart(catalogue: PortalData) -> None:
    rid = catalogue.ids["digital"]
    assert cite.ris(catalogue.record("digital"), URL.format(rid)) == (
        "TY  - BOOK\r\n"
        "TI  - Thư viện số : chuyển đổi số trong thư viện công cộng\r\n"
        "AU  - Nguyễn Văn An\r\n"
        "A2  - Lê Thị Bình\r\n"
        "PY  - 2021\r\n"
        "PB  - Thông tin và Truyền thông\r\n"
        "CY  - Hà Nội\r\n"
        "ET  - Tái bản lần thứ 2\r\n"
        "SN  - 9786040000019\r\n"
        "KW  - Thư viện số -- Việt Nam\r\n"
        "LA  - vi\r\n"
        "CN  - 025.04\r\n"
        "N1  - Có thư mục cuối sách.\r\n"
        f"UR  - http://testserver/record/{rid}\r\n"
        "ER  - \r\n"
    )


def test_ris_of_a_thesis_gives_the_university_and_the_degree(catalogue: PortalData) -> None:
    rid = catalogue.ids["thesis"]
    assert cite.ris(catalogue.record("thesis"), URL.format(rid)) == (
        "TY  - THES\r\n"
        "TI  - Phát triển văn hóa đọc ở Cà Mau : luận văn thạc sĩ\r\n"
        "AU  - Trần Thị Mỹ Linh\r\n"
        "A2  - Nguyễn Văn Hùng\r\n"
        "PY  - 2023\r\n"
        "PB  - Trường Đại học Văn hóa Hà Nội\r\n"
        "M3  - Thạc sĩ\r\n"
        "CY  - Hà Nội\r\n"
        "LA  - vi\r\n"
        "N1  - Thạc sĩ Trường Đại học Văn hóa Hà Nội, 2023.\r\n"
        f"UR  - http://testserver/record/{rid}\r\n"
        "ER  - \r\n"
    )


def test_ris_download_is_served_as_ris(client: Client, catalogue: PortalData) -> None:
    response = download(client, catalogue.ids["serial"], "ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response.content.decode().startswith("TY  - SER\r\nTI  - Tạp chí Thư viện Việt Nam\r\n")
    assert "SN  - 1859-1450\r\n" in response.content.decode()


def test_bibtex_keeps_a_vietnamese_name_whole_and_an_inverted_name_as_written(
    catalogue: PortalData,
) -> None:
    digital, english = catalogue.ids["digital"], catalogue.ids["english"]
    assert cite.bibtex(catalogue.record("digital"), URL.format(digital)) == (
        f"@book{{thuvien{digital},\n"
        "  author = {{Nguyễn Văn An}},\n"
        "  title = {{Thư viện số : chuyển đổi số trong thư viện công cộng}},\n"
        "  publisher = {Thông tin và Truyền thông},\n"
        "  address = {Hà Nội},\n"
        "  edition = {Tái bản lần thứ 2},\n"
        "  year = {2021},\n"
        "  isbn = {9786040000019},\n"
        f"  url = {{http://testserver/record/{digital}}}\n"
        "}\n"
    )
    assert "  author = {Arms, William Y.},\n" in cite.bibtex(
        catalogue.record("english"), URL.format(english)
    )


def test_bibtex_of_a_master_s_thesis(catalogue: PortalData) -> None:
    rid = catalogue.ids["thesis"]
    assert cite.bibtex(catalogue.record("thesis"), URL.format(rid)) == (
        f"@mastersthesis{{thuvien{rid},\n"
        "  author = {{Trần Thị Mỹ Linh}},\n"
        "  title = {{Phát triển văn hóa đọc ở Cà Mau : luận văn thạc sĩ}},\n"
        "  school = {Trường Đại học Văn hóa Hà Nội},\n"
        "  type = {Thạc sĩ},\n"
        "  year = {2023},\n"
        f"  url = {{http://testserver/record/{rid}}}\n"
        "}\n"
    )


def test_bibtex_escapes_what_latex_would_read_as_commands(catalogue: PortalData) -> None:
    entry = cite.bibtex(catalogue.record("escapes"), "http://testserver/record/6")
    assert "  author = {O'Brien \\& Sons, Kate\\_\\textbraceleft{}x\\textbraceright{}},\n" in entry
    assert (
        "  title = {{C++ \\& \\textbraceleft{}LaTeX\\textbraceright{}: 100\\% \\$ \\#1 "
        "\\textasciitilde{}\\textasciicircum{} \\textbackslash{} </script><b>đậm</b>}},\n"
    ) in entry
    body = entry.replace("\\textbraceleft{}", "").replace("\\textbraceright{}", "")
    assert body.count("{") == body.count("}")


def test_bibtex_download_is_served_as_bibtex(client: Client, catalogue: PortalData) -> None:
    response = download(client, catalogue.ids["english"], "bibtex")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="thuvien-{catalogue.ids["english"]}.bib"'
    )


def test_an_unknown_export_format_is_a_404_that_lists_the_formats(
    client: Client, catalogue: PortalData
) -> None:
    response = client.get(f"/record/{catalogue.ids['english']}/export/pdf")
    assert response.status_code == 404
    assert (
        "Không tải được dạng “pdf”; hãy chọn một trong: MARC (ISO 2709), MARCXML, RIS, BibTeX."
    ) in text_of(response)


# --- schema.org ---------------------------------------------------------------------------------


def json_ld(client: Client, record_id: int) -> dict[str, Any]:
    tree = tree_of(client.get(f"/record/{record_id}").content)
    [script] = tree.xpath("//head/script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text)
    return data


# schema.org (v29) terms used, with the types that define them, so a property is only used
# where schema.org defines it: https://schema.org/Book, /CreativeWork, /Periodical, /Library.
CREATIVE_WORK = {
    "@context", "@type", "@id", "url", "name", "author", "contributor", "datePublished",
    "publisher", "inLanguage", "about", "provider",
}  # fmt: skip
ONLY_ON = {"isbn": {"Book"}, "bookEdition": {"Book"}, "issn": {"Periodical"}}


def check_terms(data: dict[str, Any]) -> None:
    for key in data:
        assert key in CREATIVE_WORK or data["@type"] in ONLY_ON.get(key, ()), key


def test_a_book_is_described_as_a_schema_org_book_held_by_libraries(
    client: Client, catalogue: PortalData
) -> None:
    rid = catalogue.ids["digital"]
    data = json_ld(client, rid)
    check_terms(data)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Book",
        "@id": f"http://testserver/record/{rid}",
        "url": f"http://testserver/record/{rid}",
        "name": "Thư viện số : chuyển đổi số trong thư viện công cộng",
        "author": [{"@type": "Person", "name": "Nguyễn Văn An"}],
        "contributor": [{"@type": "Person", "name": "Lê Thị Bình"}],
        "datePublished": "2021",
        "publisher": {"@type": "Organization", "name": "Thông tin và Truyền thông"},
        "inLanguage": "vi",
        "isbn": "9786040000019",
        "bookEdition": "Tái bản lần thứ 2",
        "about": [{"@type": "Thing", "name": "Thư viện số -- Việt Nam"}],
        "provider": [
            {
                "@type": "Library",
                "name": "Thư viện tỉnh Thử Nghiệm",
                "identifier": "VN-TA0001",
                "address": "1 Đường Hùng Vương, Thử Nghiệm",
            },
            {"@type": "Library", "name": "Thư viện xã Bình An", "identifier": "VN-TB0001"},
        ],
    }


def test_a_serial_is_a_periodical_with_its_issn_and_no_isbn(
    client: Client, catalogue: PortalData
) -> None:
    data = json_ld(client, catalogue.ids["serial"])
    check_terms(data)
    assert (data["@type"], data["issn"], "isbn" in data) == ("Periodical", "1859-1450", False)


def test_a_record_without_copies_names_no_provider(client: Client, catalogue: PortalData) -> None:
    data = json_ld(client, catalogue.ids["french"])
    check_terms(data)
    assert ("provider" in data, data["inLanguage"], data["datePublished"]) == (False, "fr", "1920")


def test_markup_in_a_title_cannot_end_the_json_ld_script_early(
    client: Client, catalogue: PortalData
) -> None:
    rid = catalogue.ids["escapes"]
    body = client.get(f"/record/{rid}").content.decode()
    script = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003c/script\\u003e\\u003cb\\u003eđậm" in script
    assert json.loads(script)["name"] == "C++ & {LaTeX}: 100% $ #1 ~^ \\ </script><b>đậm</b>"
