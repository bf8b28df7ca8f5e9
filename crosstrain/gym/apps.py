from django.apps import AppConfig


class GymConfig(AppConfig):
    name = "crosstrain.gym"
    label = "gym"
    verbose_name = "The gym's settings"

    def ready(self) -> None:
        # The worker's tasks run in the gym's date style and zone (the receivers of django-tasks' signals).
        from crosstrain.gym import middleware  # noqa: F401
