from django.urls import URLPattern, URLResolver, path

from thuvien.digital import collection_views, proposal_views, views

app_name = "digital"
urlpatterns: list[URLPattern | URLResolver] = [
    path("iiif/3/<path:path>", views.image_service, name="image"),
    path("iiif/manifests/<str:identifier>", views.manifest, name="manifest"),
    path("iiif/search/<str:identifier>", views.content_search, name="search"),
    path("iiif/collections", collection_views.collections, name="iiif_collections"),
    path("iiif/collections/<slug:code>", collection_views.collection, name="iiif_collection"),
    path("iiif/discovery/activities", collection_views.activities, name="discovery"),
    path(
        "iiif/discovery/activities/page/<int:number>",
        collection_views.activity_page,
        name="discovery_page",
    ),
    path("digital/<str:identifier>.pdf", views.pdf, name="pdf"),
    path("digital/<str:identifier>.txt", views.text, name="text"),
    path("digital/<str:identifier>/request", views.ask, name="ask"),
    path(
        "digital/<str:identifier>/pages/<int:sequence>/text",
        proposal_views.propose,
        name="propose",
    ),
]
