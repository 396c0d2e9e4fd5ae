from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "thuvien.catalogue"
    label = "catalogue"
