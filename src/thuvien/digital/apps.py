from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DigitalConfig(AppConfig):
    name = "thuvien.digital"
    verbose_name = gettext_lazy("Thư viện số")

    def ready(self) -> None:
        from thuvien.catalogue.importing import AFTER_WRITE
        from thuvien.digital import (
            checks,  # noqa: F401 - registers the start-up checks
            discovery,
        )
        from thuvien.digital.heritage import flag_imported
        from thuvien.digital.indexing import online_between, texts_between
        from thuvien.search.documents import ONLINE_SOURCES, TEXT_SOURCES

        # The OCR text of a record's open scans is searched with the record.
        if texts_between not in TEXT_SOURCES:
            TEXT_SOURCES.append(texts_between)
        # Imported records flagged as heritage from their own fields (990 $a, 008 and leader).
        if flag_imported not in AFTER_WRITE:
            AFTER_WRITE.append(flag_imported)
        # Records with scans a reader can open are found with the "read online" facet.
        if online_between not in ONLINE_SOURCES:
            ONLINE_SOURCES.append(online_between)
        # Every save and delete of an object tells IIIF Change Discovery what it means.
        discovery.connect()
