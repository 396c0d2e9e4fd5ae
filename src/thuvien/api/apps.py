from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thuvien.api"
    label = "api"
