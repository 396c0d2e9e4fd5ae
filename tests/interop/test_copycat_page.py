"""The copy-cataloguing page: a cataloguer searches yaz-ztest, previews, imports one record."""

from __future__ import annotations

import socket

from django.test import Client
from lxml import html

from thuvien.catalogue.models import Record
from thuvien.network.models import Role
from thuvien.testing import factories

from .servers import yaz_ztest


def test_a_cataloguer_previews_and_imports_a_chosen_record() -> None:
    library = factories.library("VN-CP0001")
    cataloguer = factories.staff(Role.CATALOGUER, library)
    client = Client()
    client.force_login(cataloguer)
    with yaz_ztest() as port:
        target = f"z3950://127.0.0.1:{port}/Default"
        form = {"library": str(library.pk), "target": target, "query": "computer", "limit": "3"}
        page = client.post("/staff/interop/copycat/", {**form, "action": "search"})
        assert page.status_code == 200
        tree = html.fromstring(page.content)
        assert tree.xpath("string(//h2)") == f"Kết quả từ {target}"
        rows = tree.xpath("//tbody/tr")
        assert len(rows) == 3
        assert rows[0].xpath("string(.//label)") == "How to program a computer"
        assert "245 10 $a How to program a computer" in rows[0].xpath("string(.//pre)")
        chosen = {
            i.get("name"): i.get("value")
            for i in tree.xpath("//form[.//tbody]//input[@type='hidden']")
        }
        imported = client.post(
            "/staff/interop/copycat/", {**chosen, "pick": ["1"], "action": "import"}, follow=True
        )
    assert "Đã nhập vào VN-CP0001: 1 mới, 0 cập nhật, 0 không đổi, 0 bị loại." in (
        imported.content.decode()
    )
    record = Record.objects.get(library=library)
    assert record.control_number.strip() == "11224467"  # the second record, the one chosen
    assert record.source == f"copycat {target} computer"


def test_an_unreachable_server_is_explained_on_the_page_and_others_may_not_import() -> None:
    library = factories.library("VN-CP0002")
    client = Client()
    client.force_login(factories.staff(Role.CATALOGUER, library))
    # A port held bound but not listening: connections are refused, and no other test's
    # server can take it meanwhile (a port only "free" when picked was, under load).
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        page = client.post(
            "/staff/interop/copycat/",
            {"library": str(library.pk), "target": f"z3950://127.0.0.1:{port}/x", "query": "a",
             "limit": "3", "action": "search"},
        )  # fmt: skip
    assert f"Không lấy được dữ liệu từ z3950://127.0.0.1:{port}/x" in page.content.decode()
    clerk = Client()
    clerk.force_login(factories.staff(Role.CIRCULATION_CLERK, library))
    assert clerk.get("/staff/interop/copycat/").status_code == 403
