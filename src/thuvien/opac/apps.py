from django.apps import AppConfig


class OpacConfig(AppConfig):
    name = "thuvien.opac"
    label = "opac"
