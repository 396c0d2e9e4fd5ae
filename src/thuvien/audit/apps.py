from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thuvien.audit"
    label = "audit"
