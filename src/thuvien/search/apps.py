from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "thuvien.search"
    label = "search"

    def ready(self) -> None:
        from thuvien.search import checks  # noqa: F401  (registers the system checks)
