from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thuvien.api"
    label = "api"

    def ready(self) -> None:
        from thuvien.api import checks  # noqa: F401  (registers the system checks)
