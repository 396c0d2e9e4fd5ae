from django.urls import URLPattern, URLResolver

app_name = "circulation"
urlpatterns: list[URLPattern | URLResolver] = []
