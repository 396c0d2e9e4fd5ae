"""A kiosk sends the reader's PIN with every message of their turn; the slow password hash
runs once per turn, and a wrong PIN is still refused (counted with a real hasher that keeps
count, not a mock)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pysip2
import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from thuvien.circulation.models import Loan
from thuvien.circulation.sip2.accounts import add_account
from thuvien.circulation.sip2.server import serve_in_thread

from .conftest import make_desk
from .sip2_client import Kiosk, checkout, free_port, login

LIB = "VN-CT0001"
pytestmark = pytest.mark.django_db(transaction=True)


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting-md5"
    verified: ClassVar[list[str]] = []

    def verify(self, password: str, encoded: str) -> bool:
        type(self).verified.append(password)
        return super().verify(password, encoded)


@pytest.fixture
def kiosk(settings: Any) -> Iterator[Kiosk]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    desk = make_desk(LIB)
    desk.add_title("Nhật ký trong tù", ["NK-1", "NK-2", "NK-3"])
    add_account("test", desk.library, "kiosk1", "bí-mật")
    server, thread = serve_in_thread("127.0.0.1", free_port())
    kiosk = Kiosk(server.server_address[1])  # type: ignore[misc]
    assert kiosk.ask(login("kiosk1", "bí-mật"), pysip2.LoginResponse).ok == "1"
    CountingHasher.verified.clear()
    yield kiosk
    kiosk.close()
    server.shutdown()
    server.server_close()
    thread.join()


def test_three_books_with_the_pin_check_the_pin_once(kiosk: Kiosk) -> None:
    for barcode in ("NK-1", "NK-2", "NK-3"):
        reply = kiosk.ask(
            checkout(LIB, "B001", barcode, patron_password="1234"), pysip2.CheckoutResponse
        )
        assert reply.ok == "1"
    assert CountingHasher.verified == ["1234"]
    wrong = kiosk.ask(
        checkout(LIB, "B001", "TK-1", patron_password="9999"), pysip2.CheckoutResponse
    )
    assert (wrong.ok, wrong.screen_message) == ("0", ("Sai mã PIN.",))
    assert Loan.objects.count() == 3
