from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "thuvien.changes"
    label = "changes"
