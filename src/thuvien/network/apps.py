from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "thuvien.network"
    label = "network"
