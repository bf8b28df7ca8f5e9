from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "crosstrain.limits"
    label = "limits"
    verbose_name = "Rate limits"
