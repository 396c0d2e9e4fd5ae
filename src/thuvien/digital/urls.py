from django.urls import URLPattern, URLResolver

app_name = "digital"
urlpatterns: list[URLPattern | URLResolver] = []
