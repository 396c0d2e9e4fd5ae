from django.urls import URLPattern, URLResolver

app_name = "circulation_staff"
urlpatterns: list[URLPattern | URLResolver] = []
