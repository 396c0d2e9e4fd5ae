from django.contrib.auth import views as auth_views
from django.urls import path

from thuvien.staff.views import audit, home, imports, items, records, registry

app_name = "staff"
urlpatterns = [
    path("", home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Catalogue
    path("records/", records.record_list, name="records"),
    path("records/new/", records.record_new, name="record_new"),
    path("records/<int:pk>/", records.record_detail, name="record"),
    path("records/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("records/<int:pk>/delete/", records.record_delete, name="record_delete"),
    path("records/<int:pk>/items/new/", items.item_new, name="item_new"),
    path("items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", items.item_delete, name="item_delete"),
    # Imports
    path("imports/", imports.import_list, name="imports"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    path("imports/<int:pk>/errors.csv", imports.import_errors_csv, name="import_errors"),
    path("imports/<int:pk>/rejects", imports.import_rejects, name="import_rejects"),
    # Network registry
    path("libraries/", registry.library_list, name="libraries"),
    path("libraries/new/", registry.library_new, name="library_new"),
    path("libraries/<str:code>/", registry.library_detail, name="library"),
    path("libraries/<str:code>/edit/", registry.library_edit, name="library_edit"),
    path("libraries/<str:code>/events/new/", registry.event_new, name="event_new"),
    path("libraries/<str:code>/staff/new/", registry.staff_new, name="staff_new"),
    # Audit log
    path("audit/", audit.audit_list, name="audit"),
    path("audit/<int:pk>/", audit.audit_detail, name="audit_entry"),
]
