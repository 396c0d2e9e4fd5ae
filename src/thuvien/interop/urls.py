from django.urls import URLPattern, URLResolver, path

from thuvien.interop import views

app_name = "interop"
urlpatterns: list[URLPattern | URLResolver] = [
    path("oai", views.oai_pmh, name="oai"),
    path("sru", views.sru_endpoint, name="sru"),
]
