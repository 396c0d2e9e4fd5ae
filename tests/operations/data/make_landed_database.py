"""Make the database test_upgrade.py upgrades, with the code of the version that landed:

    git archive <landed commit> src | tar -x -C /tmp/landed
    THUVIEN_DATA_DIR=/tmp/landed/data THUVIEN_DATABASE_URL= PYTHONPATH=/tmp/landed/src \\
        .venv/bin/python tests/operations/data/make_landed_database.py
    sqlite3 /tmp/landed/data/thuvien.sqlite3 VACUUM
    gzip -9 -c /tmp/landed/data/thuvien.sqlite3 > tests/operations/data/landed-<commit>.sqlite3.gz
"""

import os

import django


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "thuvien.settings"
    django.setup()
    from django.core.management import call_command

    from thuvien import actors
    from thuvien.catalogue import services as catalogue
    from thuvien.catalogue.models import Item
    from thuvien.circulation import patrons
    from thuvien.circulation import services as circulation
    from thuvien.circulation.models import LoanRule
    from thuvien.network.models import Role
    from thuvien.testing import factories

    call_command("migrate", verbosity=0)
    library = factories.library("VN-CM0001", name_vi="Thư viện tỉnh Cà Mau")
    admin = factories.staff(Role.NETWORK_ADMIN, username="quantri")
    titles = ["Lịch sử Cà Mau", "Đất rừng phương Nam", "Văn hoá Khmer Nam Bộ", "Địa chí Cà Mau"]
    for n, title in enumerate(titles):
        record = catalogue.create_record(admin, library, factories.marc(title))
        Item.objects.create(library=library, record=record, barcode=f"CM{n:05d}")
    LoanRule.objects.create(library=library, loan_days=14, renewals=2, max_items=5)
    patrons.register(
        "cli:setup", library, card_number="CM-0001", full_name="Nguyễn Văn An", pin="1234"
    )
    circulation.checkout(actors.cli_operator(), library, "CM-0001", "CM00000")


if __name__ == "__main__":
    main()
