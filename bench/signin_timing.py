"""Reader sign-in time for a known card with a wrong PIN against an unknown card (issue 14:
the difference must be under 10 %), through the portal's sign-in page, with the real
password hasher, on a fresh SQLite database in a temporary data folder.

    PYTHONPATH=src .venv/bin/python bench/signin_timing.py --rounds 40

Attempt limits are raised for the run (the limiter would stop the guesses after five), and
known and unknown guesses alternate so both see the same machine load. Prints the median and
mean of each and the difference of the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    rounds = parser.parse_args().rounds
    os.environ["THUVIEN_DATA_DIR"] = tempfile.mkdtemp(prefix="signin-timing-")
    os.environ.pop("THUVIEN_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from thuvien.circulation import patrons
    from thuvien.testing import factories

    call_command("migrate", verbosity=0)
    settings.THUVIEN_SIGNIN_LIMIT = 10**9
    settings.THUVIEN_SIGNIN_ADDRESS_LIMIT = 10**9
    settings.ALLOWED_HOSTS = ["*"]
    library = factories.library("VN-BM0001")
    patrons.register("bench", library, card_number="B001", full_name="Bạn đọc", pin="480264")
    client = Client()
    samples: dict[str, list[float]] = {"known card, wrong PIN": [], "unknown card": []}
    for n in range(rounds + 3):
        for label, card in (("known card, wrong PIN", "B001"), ("unknown card", f"X{n:05d}")):
            start = time.perf_counter()
            page = client.post("/account/sign-in/", {"card": card, "pin": "000000"})
            elapsed = time.perf_counter() - start
            assert "Số thẻ hoặc mã PIN không đúng." in page.content.decode(), page.status_code
            if n >= 3:  # the first rounds warm the caches
                samples[label].append(elapsed * 1000)
    from django.contrib.auth.hashers import get_hasher

    print(f"hasher {get_hasher().algorithm}, {rounds} rounds each, portal POST /account/sign-in/")
    medians = {}
    for label, values in samples.items():
        medians[label] = statistics.median(values)
        print(
            f"{label:22} median {medians[label]:7.1f} ms  mean {statistics.mean(values):7.1f} ms"
            f"  min {min(values):7.1f}  max {max(values):7.1f}"
        )
    known, unknown = medians.values()
    print(f"difference of medians: {abs(known - unknown) / known * 100:.1f} %")


if __name__ == "__main__":
    main()
