from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crosstrain.accounts"
    label = "accounts"
    verbose_name = "Coaches and runners"

    def ready(self) -> None:
        from crosstrain.accounts import signals  # noqa: F401  (a new password ends the API tokens)
