from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CirculationConfig(AppConfig):
    name = "thuvien.circulation"
    verbose_name = gettext_lazy("Lưu thông")
