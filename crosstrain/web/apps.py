from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "crosstrain.web"
    label = "web"

    def ready(self) -> None:
        from crosstrain.web import checks  # noqa: F401  (registers the deployment checks)
