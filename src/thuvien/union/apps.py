from django.apps import AppConfig


class UnionConfig(AppConfig):
    name = "thuvien.union"
    label = "union"
    verbose_name = "Mục lục liên hợp"
