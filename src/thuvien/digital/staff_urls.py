from django.urls import URLPattern, URLResolver

app_name = "digital_staff"
urlpatterns: list[URLPattern | URLResolver] = []
