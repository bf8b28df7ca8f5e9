from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "crosstrain.screening"
    label = "screening"
