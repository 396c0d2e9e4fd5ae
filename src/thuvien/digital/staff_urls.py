from django.urls import URLPattern, URLResolver, path

from thuvien.digital import staff_views as views

app_name = "digital_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.object_list, name="objects"),
    path("new/", views.upload, name="upload"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/<str:move>/", views.request_decide, name="request_decide"),
    path("objects/<str:identifier>/", views.object_detail, name="object"),
    path("objects/<str:identifier>/<str:move>/", views.object_move, name="object_move"),
]
