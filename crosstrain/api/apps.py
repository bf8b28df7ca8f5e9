from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "crosstrain.api"
    label = "api"
    verbose_name = "Open API"

    def ready(self) -> None:
        # Registers the check that the configured rate limits can be read (`manage.py check` names a bad one).
        from crosstrain.api import checks  # noqa: F401
