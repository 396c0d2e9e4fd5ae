from django.apps import AppConfig


class AiConfig(AppConfig):
    name = "thuvien.ai"
    verbose_name = "Trí tuệ nhân tạo"
