from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "crosstrain.results"
    label = "results"
    verbose_name = "Block results"
