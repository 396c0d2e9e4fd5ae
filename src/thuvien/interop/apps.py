from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "thuvien.interop"
    verbose_name = "Liên thông và dữ liệu mở / Interoperability and open data"

    def ready(self) -> None:
        from thuvien.interop import tombstones

        tombstones.connect()
