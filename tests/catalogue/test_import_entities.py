"""MARCXML with entity references (issue 14, item 6): never expanded (no XXE, no entity bomb)
and never silently cut: the record is refused, naming the field and the reference."""

from __future__ import annotations

from pathlib import Path

from thuvien.catalogue.models import Record
from thuvien.testing import factories

from .helpers import import_bytes

NS = "http://www.loc.gov/MARC21/slim"


def _file(secret: Path, title: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE collection [
  <!ENTITY xxe SYSTEM "file://{secret}">
  <!ENTITY greeting "Xin chào">
]>
<collection xmlns="{NS}">
  <record>
    <leader>00000nam a2200000 i 4500</leader>
    <controlfield tag="001">E1</controlfield>
    <datafield tag="245" ind1="1" ind2="0"><subfield code="a">{title}</subfield></datafield>
  </record>
  <record>
    <leader>00000nam a2200000 i 4500</leader>
    <controlfield tag="001">E2</controlfield>
    <datafield tag="245" ind1="1" ind2="0"><subfield code="a">Sách &#225;nh sáng</subfield>
    </datafield>
  </record>
</collection>
""".encode()


def test_an_external_entity_is_neither_read_nor_silently_dropped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT KHẨU")
    library = factories.library()
    report = import_bytes(library, _file(secret, "XXE &xxe; end"))
    assert (report.imported, report.rejected) == (1, 1)
    assert report.errors == [
        {
            "index": 1,
            "offset": 7,
            "reason": "field 245 $a holds the entity reference &xxe;, which is never expanded "
            "(the text after it would be lost); write the character itself or a numeric "
            "reference such as &#233; and import it again",
        }
    ]
    (kept,) = Record.objects.filter(library=library)
    assert kept.title.startswith("Sách ánh sáng")
    assert "MẬT KHẨU" not in kept.marc


def test_an_internal_entity_is_reported_too(tmp_path: Path) -> None:
    library = factories.library()
    report = import_bytes(library, _file(tmp_path / "none", "&greeting; bạn đọc"))
    assert report.rejected == 1
    assert "holds the entity reference &greeting;" in report.errors[0]["reason"]
