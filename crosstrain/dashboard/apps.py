from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "crosstrain.dashboard"
    label = "dashboard"
    verbose_name = "Coach dashboard cache"

    def ready(self) -> None:
        from crosstrain.dashboard import signals  # noqa: F401  (connects the dashboard's cache versioning)
