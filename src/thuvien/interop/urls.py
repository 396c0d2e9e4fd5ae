from django.urls import URLPattern, URLResolver, path

from thuvien.interop import opendata_views, views

app_name = "interop"
urlpatterns: list[URLPattern | URLResolver] = [
    path("oai", views.oai_pmh, name="oai"),
    path("sru", views.sru_endpoint, name="sru"),
    path("opendata/", opendata_views.index, name="opendata"),
    path("opendata/files/<str:name>", opendata_views.dump_file, name="opendata_file"),
    path("opendata/catalog.jsonld", opendata_views.dcat, name="dcat"),
    path(
        "opendata/api/3/action/package_list",
        opendata_views.package_list,
        name="ckan_package_list",
    ),
    path(
        "opendata/api/3/action/package_show",
        opendata_views.package_show,
        name="ckan_package_show",
    ),
    path("sitemap.xml", opendata_views.sitemap, name="sitemap"),
    path("sitemap-<int:n>.xml", opendata_views.sitemap_part, name="sitemap_part"),
]
