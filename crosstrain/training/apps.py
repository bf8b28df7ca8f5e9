from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "crosstrain.training"
    label = "training"
