from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thuvien.core"
    label = "core"

    def ready(self) -> None:
        from thuvien.core import checks  # noqa: F401  (registers the system checks)
