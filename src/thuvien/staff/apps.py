from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "thuvien.staff"
    label = "staff"
