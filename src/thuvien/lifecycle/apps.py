from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "thuvien.lifecycle"
    label = "lifecycle"
