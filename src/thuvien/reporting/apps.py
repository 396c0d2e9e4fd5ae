from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "thuvien.reporting"
    label = "reporting"
    verbose_name = "Báo cáo thống kê"
