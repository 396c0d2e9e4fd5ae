from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "thuvien.oversight"
    label = "oversight"
    verbose_name = "Quản lý nhà nước về thư viện"
