from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "crosstrain.activities"
    label = "activities"
    verbose_name = "Activities (what was run)"
