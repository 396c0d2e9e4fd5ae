from django.urls import path

from thuvien.opac import views

app_name = "opac"
urlpatterns = [
    path("", views.home, name="home"),
]
