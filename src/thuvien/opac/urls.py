from django.urls import path

from thuvien.opac import feeds, views
from thuvien.opac.language import vietnamese_first

app_name = "opac"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("record/<int:pk>", views.record, name="record"),
    path("record/<int:pk>/export/<str:fmt>", views.export, name="export"),
    path("new", views.new, name="new"),
    path("new/rss", vietnamese_first(feeds.NewAcquisitionsRss()), name="new_rss"),
    path("new/atom", vietnamese_first(feeds.NewAcquisitionsAtom()), name="new_atom"),
]
