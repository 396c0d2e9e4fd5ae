"""Public portal (OPAC): search, record pages, new acquisitions; Vietnamese first."""

from django.apps import AppConfig


class OpacConfig(AppConfig):
    name = "thuvien.opac"
    label = "opac"

    def ready(self) -> None:
        from thuvien.opac import checks  # noqa: F401 - registers the start-up checks
