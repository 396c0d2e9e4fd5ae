from django.apps import AppConfig


class CirculationConfig(AppConfig):
    name = "thuvien.circulation"
    verbose_name = "Lưu thông / Circulation"
