from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "crosstrain.enrollment"
    label = "enrollment"
