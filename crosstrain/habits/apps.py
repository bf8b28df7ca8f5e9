from django.apps import AppConfig


class HabitsConfig(AppConfig):
    name = "crosstrain.habits"
    label = "habits"
    verbose_name = "Weekly habits"
