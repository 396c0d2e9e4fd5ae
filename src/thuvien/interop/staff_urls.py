from django.urls import URLPattern, URLResolver, path

from thuvien.interop import staff_views

app_name = "interop_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("copycat/", staff_views.copy_cataloguing, name="copycat"),
]
