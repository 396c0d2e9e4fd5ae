from django.urls import URLPattern, URLResolver, path

from thuvien.circulation import views
from thuvien.circulation.api import api

app_name = "circulation_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("", views.desk, name="desk"),
    path("readers/<int:pk>/", views.reader, name="reader"),
    path("requests/", views.request_list, name="requests"),
    path("registrations/", views.registrations, name="registrations"),
    path("loans/<int:pk>/recall/", views.recall, name="recall"),
    path("requests/<str:kind>/<int:pk>/<str:event>/", views.request_move, name="request_move"),
]
