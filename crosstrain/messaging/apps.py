from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "crosstrain.messaging"
    label = "messaging"
    verbose_name = "Messages"
