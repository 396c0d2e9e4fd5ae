from django.apps import AppConfig


class AcquisitionsConfig(AppConfig):
    name = "thuvien.acquisitions"
    verbose_name = "Bổ sung"
