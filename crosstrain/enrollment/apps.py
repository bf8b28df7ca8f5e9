from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "crosstrain.enrollment"
    label = "enrollment"

    def ready(self) -> None:
        from crosstrain.enrollment import signals  # noqa: F401  (connects the public page's cache versioning)
