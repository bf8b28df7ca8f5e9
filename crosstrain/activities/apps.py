from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "crosstrain.activities"
    label = "activities"
    verbose_name = "Activities (what was run)"

    def ready(self) -> None:
        from crosstrain.activities import signals  # noqa: F401  (a program going live is checked against the runs)
