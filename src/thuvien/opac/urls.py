from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic.base import RedirectView

from thuvien.http import vietnamese_first
from thuvien.opac import (
    account,
    alerts,
    collections,
    directory,
    feeds,
    news,
    oidc,
    pwa,
    requests,
    views,
)

# The reader's own account: names ``opac:account:<page>``.
account_pages: list[URLPattern | URLResolver] = [
    path("", account.account, name="home"),
    path("sign-in/", account.sign_in, name="sign_in"),
    path("register/", account.register, name="register"),
    path("sign-out/", account.sign_out, name="sign_out"),
    path("pin/", account.change_pin, name="pin"),
    path("loans/<int:pk>/renew/", account.renew, name="renew"),
    path("holds/<int:pk>/cancel/", account.cancel_hold, name="cancel_hold"),
    path("copies/<int:pk>.pdf", requests.copy_file, name="copy_file"),
    path("searches/", alerts.save, name="save_search"),
    path("searches/<int:pk>/delete/", alerts.delete, name="delete_search"),
    path("history/", account.history_consent, name="history_consent"),
    path("my-data.json", account.my_data, name="my_data"),
    path("card/", pwa.card, name="card"),
    path("push/key", pwa.push_key, name="push_key"),
    path("push/", pwa.push_subscription, name="push_subscription"),
    path("sso/", oidc.start, name="oidc_start"),
    path("sso/callback/", oidc.callback, name="oidc_callback"),
]

app_name = "opac"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("record/<int:pk>", views.record, name="record"),
    path("record/<int:pk>/export/<str:fmt>", views.export, name="export"),
    path("record/<int:pk>/ask/<str:kind>", requests.ask, name="ask"),
    path("new", views.new, name="new"),
    path("libraries/", directory.directory, name="directory"),
    path("collections/", collections.collection_list, name="collections"),
    path("collections/<slug:code>/", collections.collection_page, name="collection"),
    path("digital/<str:identifier>/", collections.digital_object, name="digital_object"),
    path("news/", news.news_list, name="news"),
    path("news/rss", vietnamese_first(news.NewsRss()), name="news_rss"),
    path("news/<slug:slug>/", news.news_item, name="news_item"),
    path("branding/<str:scope>/logo", news.logo, name="logo"),
    path("favicon.ico", RedirectView.as_view(url=static("opac/favicon.svg"), permanent=True)),
    path("new/rss", vietnamese_first(feeds.NewAcquisitionsRss()), name="new_rss"),
    path("new/atom", vietnamese_first(feeds.NewAcquisitionsAtom()), name="new_atom"),
    path("searches/<str:token>.rss", alerts.SavedSearchFeed(), name="saved_search_rss"),
    path("account/", include((account_pages, "account"))),
    # The app (PWA): the worker at the root so that its scope is the whole portal.
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("sw.js", pwa.service_worker, name="pwa_worker"),
]
