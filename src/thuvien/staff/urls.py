"""The one staff site: every domain's pages under /staff/, named ``staff:<domain>:<page>``.

The addresses stay what librarians bookmarked (/staff/records/, /staff/circulation/…); only
the names carry the domain.
"""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from thuvien.staff import signin
from thuvien.staff.views import (
    accounts,
    acquisitions,
    audit,
    circulation,
    collections,
    diacritics,
    digital,
    home,
    interop,
    loan_rules,
    mfa,
    network,
    portal,
    programme,
    readers,
    serials,
    stock,
    system,
    union,
)
from thuvien.staff.views import legacy as migrations
from thuvien.staff.views import reporting as reports
from thuvien.staff.views.catalogue import imports, items, records, suggestions
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
    path("records/<int:pk>/suggestions/", suggestions.decide, name="suggestion_decide"),
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
    path("readers/<int:pk>/security/", accounts.reader_security, name="reader_security"),
    path("readers/<int:pk>/unlock/", accounts.reader_unlock, name="reader_unlock"),
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
    path("collections/", collections.collection_list, name="collections"),
    path("collections/new/", collections.collection_new, name="collection_new"),
    path("collections/<slug:code>/", collections.collection_detail, name="collection"),
    path("collections/<slug:code>/add/", collections.collection_add, name="collection_add"),
    path(
        "collections/<slug:code>/remove/<str:identifier>/",
        collections.collection_remove,
        name="collection_remove",
    ),
    path("requests/<int:pk>/<str:move>/", digital.request_decide, name="request_decide"),
    path("objects/<str:identifier>/", digital.object_detail, name="object"),
    path("objects/<str:identifier>/<str:move>/", digital.object_move, name="object_move"),
]
programme_pages: Patterns = [
    path("", programme.heritage_home, name="heritage"),
    path("rules/<int:pk>/", programme.rule_detail, name="rule"),
    path("records/<int:record_id>/flag/", programme.flag, name="flag"),
    path("flags/<int:pk>/remove/", programme.unflag, name="unflag"),
    path("queue/", programme.queue, name="queue"),
    path("queue/<int:pk>/", programme.job_detail, name="job"),
    path("queue/<int:pk>/scans/", programme.job_scans, name="job_scans"),
    path("queue/<int:pk>/<str:move>/", programme.job_move, name="job_move"),
    path("pages/<str:identifier>/<int:sequence>/", programme.page_text, name="page"),
    path("proposals/", programme.proposals, name="proposals"),
    path("proposals/<int:pk>/<str:move>/", programme.proposal_decide, name="proposal_decide"),
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
legacy_pages: Patterns = [
    path("", migrations.migration_new, name="migrations"),
    path("<int:pk>/", migrations.migration_detail, name="migration"),
    path("<int:pk>/run/", migrations.migration_run, name="migration_run"),
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
stock_pages: Patterns = [
    path("", stock.take_list, name="takes"),
    path("worker.js", stock.worker, name="worker"),
    path("<int:pk>/", stock.take_detail, name="take"),
    path("<int:pk>/scan/", stock.scan_page, name="scan"),
    path("<int:pk>/scans/", stock.scans, name="scans"),
    path("<int:pk>/report/", stock.take_report, name="report"),
    path("<int:pk>/close/", stock.take_close, name="close"),
    path("weeding/", stock.weeding_list, name="weedings"),
    path("weeding/<int:pk>/", stock.weeding_detail, name="weeding"),
    path("weeding/<int:pk>/<str:move>/", stock.weeding_move, name="weeding_move"),
]
serials_pages: Patterns = [
    path("", serials.subscription_list, name="subscriptions"),
    path("missing/", serials.missing_list, name="missing"),
    path("<int:pk>/", serials.subscription_detail, name="subscription"),
    path("<int:pk>/bind/", serials.bind, name="bind"),
    path("issues/<int:pk>/<str:move>/", serials.issue_move, name="issue_move"),
]

diacritics_pages: Patterns = [
    path("", diacritics.proposals, name="proposals"),
    path("<int:pk>/<str:move>/", diacritics.decide, name="decide"),
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
    path("mfa/enrol/", mfa.enrol, name="mfa_enrol"),
    path("mfa/verify/", mfa.verify, name="mfa_verify"),
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/<int:pk>/unlock/", accounts.account_unlock, name="account_unlock"),
    path("accounts/<int:pk>/mfa-reset/", accounts.account_mfa_reset, name="account_mfa_reset"),
    path("", include((catalogue, "catalogue"))),
    path("libraries/", include((network_pages, "network"))),
    path("audit/", include((audit_pages, "audit"))),
    path("circulation/", include((circulation_pages, "circulation"))),
    path("digital/programme/", include((programme_pages, "programme"))),
    path("digital/", include((digital_pages, "digital"))),
    path("interop/", include((interop_pages, "interop"))),
    path("oversight/", include((oversight_pages, "oversight"))),
    path("reporting/", include((reporting_pages, "reporting"))),
    path("portal/", include((portal_pages, "portal"))),
    path("system/", system.system, name="system"),
    path("system/jobs/<slug:name>/", system.job, name="system_job"),
    path("union/", include((union_pages, "union"))),
    path("migration/", include((legacy_pages, "legacy"))),
    path("stock/", include((stock_pages, "stock"))),
    path("serials/", include((serials_pages, "serials"))),
    path("ai/diacritics/", include((diacritics_pages, "diacritics"))),
    path("acquisitions/", include((acquisition_pages, "acquisitions"))),
]
