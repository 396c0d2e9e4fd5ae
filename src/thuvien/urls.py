from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from thuvien.core.views import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:home", permanent=False)),
    path("health", health, name="health"),
    path("staff/", include("thuvien.staff.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
