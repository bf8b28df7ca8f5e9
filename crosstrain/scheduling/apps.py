from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "crosstrain.scheduling"
    label = "scheduling"
