from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InteropConfig(AppConfig):
    name = "thuvien.interop"
    verbose_name = gettext_lazy("Liên thông và dữ liệu mở")

    def ready(self) -> None:
        from thuvien.interop import tombstones, union_set
        from thuvien.union import publishing

        tombstones.connect()
        publishing.register(union_set.export)
