from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "crosstrain.web"
    label = "web"
