from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "crosstrain.programs"
    label = "programs"
