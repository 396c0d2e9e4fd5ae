from django.apps import AppConfig


class DigitalConfig(AppConfig):
    name = "thuvien.digital"
    verbose_name = "Thư viện số / Digital library"

    def ready(self) -> None:
        from thuvien.digital import checks  # noqa: F401 - registers the start-up checks
