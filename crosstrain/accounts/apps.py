from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crosstrain.accounts"
    label = "accounts"
    verbose_name = "Coaches and runners"
