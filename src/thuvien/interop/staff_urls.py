from django.urls import URLPattern, URLResolver

app_name = "interop_staff"
urlpatterns: list[URLPattern | URLResolver] = []
