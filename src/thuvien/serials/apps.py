from django.apps import AppConfig


class SerialsConfig(AppConfig):
    name = "thuvien.serials"
    verbose_name = "Ấn phẩm định kỳ"
