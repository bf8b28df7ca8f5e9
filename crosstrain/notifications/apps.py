from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "crosstrain.notifications"
    label = "notifications"
    verbose_name = "Reminders and emails"
