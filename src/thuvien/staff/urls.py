"""The one staff site: every domain's pages under /staff/, named ``staff:<domain>:<page>``.

The addresses stay what librarians bookmarked (/staff/records/, /staff/circulation/…); only
the names carry the domain.
"""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from thuvien.staff import signin
from thuvien.staff.views import (
    acquisitions,
    audit,
    circulation,
    digital,
    home,
    interop,
    loan_rules,
    network,
    portal,
    readers,
    system,
    union,
)
from thuvien.staff.views import reporting as reports
from thuvien.staff.views.catalogue import imports, items, records
from thuvien.staff.views.catalogue import union as union_copy
from thuvien.staff.views.oversight import evaluations as oversight_evaluations
from thuvien.staff.views.oversight import inspections as oversight_inspections
from thuvien.staff.views.oversight import kpis as oversight_kpis
from thuvien.staff.views.oversight import training as oversight_training

Patterns = list[URLPattern | URLResolver]

catalogue: Patterns = [
    path("records/", records.record_list, name="records"),
    path("records/new/", records.record_new, name="record_new"),
    path("records/union/", union_copy.union_search, name="union_search"),
    path("records/union/<int:pk>/", union_copy.union_preview, name="union_preview"),
    path("records/<int:pk>/", records.record_detail, name="record"),
    path("records/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("records/<int:pk>/delete/", records.record_delete, name="record_delete"),
    path("records/<int:pk>/items/new/", items.item_new, name="item_new"),
    path("items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", items.item_delete, name="item_delete"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    path("imports/<int:pk>/errors.csv", imports.import_errors_csv, name="import_errors"),
    path("imports/<int:pk>/rejects", imports.import_rejects, name="import_rejects"),
]
network_pages: Patterns = [
    path("", network.library_list, name="libraries"),
    path("new/", network.library_new, name="library_new"),
    path("<str:code>/", network.library_detail, name="library"),
    path("<str:code>/edit/", network.library_edit, name="library_edit"),
    path("<str:code>/events/new/", network.event_new, name="event_new"),
    path("<str:code>/staff/new/", network.staff_new, name="staff_new"),
    path("<str:code>/facilities/", network.library_facilities, name="library_facilities"),
]
audit_pages: Patterns = [
    path("", audit.audit_list, name="log"),
    path("<int:pk>/", audit.audit_detail, name="entry"),
]
circulation_pages: Patterns = [
    path("", circulation.desk, name="desk"),
    path("readers/<int:pk>/", circulation.reader, name="reader"),
    path("requests/", circulation.request_list, name="requests"),
    path("registrations/", circulation.registrations, name="registrations"),
    path("loans/<int:pk>/recall/", circulation.recall, name="recall"),
    path("readers/", readers.find, name="find"),
    path("readers/new/", readers.register, name="register"),
    path("readers/<int:pk>/fees/", readers.charge, name="charge"),
    path("fees/<int:pk>/", readers.settle, name="settle"),
    path("fees/<int:pk>/receipt/", readers.receipt, name="receipt"),
    path("rules/", loan_rules.rule_list, name="rules"),
    path("rules/<int:pk>/", loan_rules.rule_edit, name="rule_edit"),
    path(
        "requests/<str:kind>/<int:pk>/<str:event>/",
        circulation.request_move,
        name="request_move",
    ),
]
digital_pages: Patterns = [
    path("", digital.object_list, name="objects"),
    path("new/", digital.upload, name="upload"),
    path("requests/", digital.request_list, name="requests"),
    path("requests/<int:pk>/<str:move>/", digital.request_decide, name="request_decide"),
    path("objects/<str:identifier>/", digital.object_detail, name="object"),
    path("objects/<str:identifier>/<str:move>/", digital.object_move, name="object_move"),
]
oversight_pages: Patterns = [
    path("", oversight_kpis.home, name="home"),
    path("kpis/", oversight_kpis.dashboard, name="kpis"),
    path("kpis/<str:code>/", oversight_kpis.kpi_detail, name="kpi"),
    path("settings/", oversight_kpis.settings_page, name="settings"),
    path("evaluations/", oversight_evaluations.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", oversight_evaluations.evaluation_detail, name="evaluation"),
    path(
        "evaluations/<int:pk>/mau-<str:form>/",
        oversight_evaluations.evaluation_form,
        name="evaluation_form",
    ),
    path(
        "evaluations/<int:pk>/<str:step>/",
        oversight_evaluations.evaluation_move,
        name="evaluation_move",
    ),
    path("inspections/", oversight_inspections.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", oversight_inspections.inspection_detail, name="inspection"),
    path(
        "inspections/<int:pk>/<str:step>/",
        oversight_inspections.inspection_move,
        name="inspection_move",
    ),
    path(
        "inspection-actions/<int:pk>/<str:step>/",
        oversight_inspections.action_move,
        name="action_move",
    ),
    path("training/", oversight_training.course_list, name="courses"),
    path("training/<int:pk>/", oversight_training.course_detail, name="course"),
    path(
        "training/participants/<int:pk>/complete/",
        oversight_training.participant_complete,
        name="participant_complete",
    ),
]
interop_pages: Patterns = [
    path("copycat/", interop.copy_cataloguing, name="copycat"),
]
portal_pages: Patterns = [
    path("branding/", portal.branding_edit, name="branding"),
    path("news/", portal.news_list, name="news"),
    path("news/new/", portal.news_new, name="news_new"),
    path("news/<int:pk>/", portal.news_edit, name="news_edit"),
    path("news/<int:pk>/<str:action>/", portal.news_move, name="news_move"),
]
reporting_pages: Patterns = [
    path("", reports.period_list, name="periods"),
    path("<int:year>/", reports.period_detail, name="period"),
    path("<int:year>/province/", reports.province_report, name="province"),
    path("<int:year>/province.<str:fmt>", reports.download, name="province_download"),
    path("<int:year>/<str:code>/", reports.form_detail, name="form"),
    path("<int:year>/<str:code>/report.<str:fmt>", reports.download, name="download"),
    path("<int:year>/<str:code>/rows/<str:key>/", reports.figure_rows, name="rows"),
]
acquisition_pages: Patterns = [
    path("", acquisitions.orders, name="orders"),
    path("orders/<int:pk>/", acquisitions.order_detail, name="order"),
    path("orders/<int:pk>/receive/", acquisitions.order_receive, name="order_receive"),
    path("orders/<int:pk>/claim/", acquisitions.order_claim, name="order_claim"),
    path("orders/<int:pk>/<str:move>/", acquisitions.order_move, name="order_move"),
    path("setup/", acquisitions.setup, name="setup"),
    path("take-in/", acquisitions.take_in, name="take_in"),
    path("registers/", acquisitions.registers_page, name="registers"),
    path("registers/<str:kind>.<str:fmt>", acquisitions.register_file, name="register_file"),
    path("receipts/<int:pk>/cancel/", acquisitions.receipt_cancel, name="receipt_cancel"),
]
union_pages: Patterns = [
    path("", union.queue, name="queue"),
    path("decide/", union.decide, name="decide"),
    path("decisions/", union.decisions, name="decisions"),
    path("decisions/<int:pk>/<str:move>/", union.decision_move, name="decision_move"),
    path("libraries/", union.libraries, name="libraries"),
    path("quality/", union.quality_page, name="quality"),
]

app_name = "staff"
urlpatterns: Patterns = [
    path("", home.home, name="home"),
    path(
        "login/",
        signin.LoginView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((catalogue, "catalogue"))),
    path("libraries/", include((network_pages, "network"))),
    path("audit/", include((audit_pages, "audit"))),
    path("circulation/", include((circulation_pages, "circulation"))),
    path("digital/", include((digital_pages, "digital"))),
    path("interop/", include((interop_pages, "interop"))),
    path("oversight/", include((oversight_pages, "oversight"))),
    path("reporting/", include((reporting_pages, "reporting"))),
    path("portal/", include((portal_pages, "portal"))),
    path("system/", system.system, name="system"),
    path("system/jobs/<slug:name>/", system.job, name="system_job"),
    path("union/", include((union_pages, "union"))),
    path("acquisitions/", include((acquisition_pages, "acquisitions"))),
]
