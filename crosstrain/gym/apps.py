from django.apps import AppConfig


class GymConfig(AppConfig):
    name = "crosstrain.gym"
    label = "gym"
    verbose_name = "The gym's settings"
