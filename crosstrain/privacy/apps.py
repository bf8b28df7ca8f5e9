from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "crosstrain.privacy"
    label = "privacy"
    verbose_name = "Your data: deletion requests and erasures"

    def ready(self) -> None:
        # Connects the sign-in receiver that remembers a pending deletion for the banner.
        from crosstrain.privacy import signals  # noqa: F401
