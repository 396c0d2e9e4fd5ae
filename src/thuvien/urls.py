from django.contrib import admin
from django.urls import include, path

from thuvien.core.headers import security_txt
from thuvien.core.views import health, metrics

urlpatterns = [
    path("", include("thuvien.opac.urls")),
    path("api/", include("thuvien.api.urls")),
    path("health", health, name="health"),
    path("metrics", metrics, name="metrics"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("staff/", include("thuvien.staff.urls")),
    path("", include("thuvien.digital.urls")),
    path("", include("thuvien.interop.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
