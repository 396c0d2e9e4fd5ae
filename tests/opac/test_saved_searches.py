"""A reader saves a search and hears of new matching titles once, by e-mail and in a feed."""

from __future__ import annotations

import io

from django.core import mail
from django.core.management import call_command
from django.test import Client

from thuvien.circulation import patrons
from thuvien.circulation.models import SavedSearch
from thuvien.network.models import Library
from thuvien.testing.portal import PROVINCE, PortalData, record, sub
from thuvien.testing.search import import_records, index_now


def _reader() -> Client:
    library = Library.objects.get(code=PROVINCE)
    patrons.register("test", library, card_number="R1", full_name="Lê Văn Đọc", pin="480264",
                     email="doc@example.vn")  # fmt: skip
    client = Client()
    assert client.post("/account/sign-in/", {"card": "R1", "pin": "480264"}).status_code == 302
    return client


def _arrives(number: int, title: str) -> None:
    library = Library.objects.get(code=PROVINCE)
    import_records(library, [record(number, [["245", "1", "0", sub("a", title)]])])
    index_now()


def test_a_saved_search_sends_each_new_title_once(indexed: PortalData) -> None:
    reader = _reader()
    page = reader.get("/search", {"q": "sen hồng"}).content.decode()
    assert "Lưu tìm kiếm này, báo tôi khi có tài liệu mới" in page
    saved = reader.post("/account/searches/", {"query": "q=sen+h%E1%BB%93ng"}, follow=True)
    assert "Đã lưu tìm kiếm “sen hồng”: thư viện sẽ báo khi có tài liệu mới." in (
        saved.content.decode()
    )
    search = SavedSearch.objects.get()
    # What the catalogue held already is not news.
    out = io.StringIO()
    call_command("circulation", "alerts", stdout=out)
    assert '"emails": 0' in out.getvalue()
    _arrives(901, "Sen hồng trong ao làng")
    _arrives(902, "Lúa vàng")
    call_command("circulation", "alerts", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["doc@example.vn"]
    assert mail.outbox[0].subject == "Tài liệu mới cho “sen hồng”: 1"
    assert "- Sen hồng trong ao làng (—)" in mail.outbox[0].body
    assert "Lúa vàng" not in mail.outbox[0].body
    call_command("circulation", "alerts", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # told once
    feed = Client().get(f"/searches/{search.feed_token}.rss").content.decode()
    assert "<title>Sen hồng trong ao làng</title>" in feed
    assert "Lúa vàng" not in feed
    assert Client().get("/searches/not-a-token.rss").status_code == 404


def test_an_empty_search_is_not_saved_and_a_reader_deletes_theirs(indexed: PortalData) -> None:
    reader = _reader()
    empty = reader.post("/account/searches/", {"query": "q=++"}, follow=True).content.decode()
    assert "Hãy tìm gì đó trước khi lưu: tìm kiếm này trống." in empty
    assert not SavedSearch.objects.exists()
    reader.post("/account/searches/", {"query": "q=sen"})
    saved = SavedSearch.objects.get()
    account = reader.get("/account/").content.decode()
    assert 'href="/search?q=sen">sen</a>' in account
    done = reader.post(f"/account/searches/{saved.pk}/delete/", follow=True).content.decode()
    assert "Đã xoá tìm kiếm “sen”." in done
    assert not SavedSearch.objects.exists()
