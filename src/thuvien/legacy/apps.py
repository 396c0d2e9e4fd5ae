from django.apps import AppConfig


class LegacyConfig(AppConfig):
    name = "thuvien.legacy"
    verbose_name = "Chuyển dữ liệu"
