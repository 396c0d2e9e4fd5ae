from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "thuvien.operations"
    verbose_name = "Vận hành"
