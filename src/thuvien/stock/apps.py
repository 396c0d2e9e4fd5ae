from django.apps import AppConfig


class StockConfig(AppConfig):
    name = "thuvien.stock"
    verbose_name = "Kiểm kê và thanh lọc"
