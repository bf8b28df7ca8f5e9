"""System checks: a rate limit that cannot be read is reported by `manage.py check`, not by a 500 later."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

SCOPES = ("user", "anon", "solver")


@register()
def check_api_rates(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from crosstrain.api.throttling import parse_rate

    rates = getattr(settings, "CROSSTRAIN_API_RATES", {})
    errors: list[CheckMessage] = []
    for scope in SCOPES:
        try:
            parse_rate(rates.get(scope))
        except ValueError:
            errors.append(
                Error(
                    f"CROSSTRAIN_API_RATES[{scope!r}] is {rates.get(scope)!r}, not a rate.",
                    hint='Write it as "count/period", e.g. "120/min" (periods: s, min, hour, day).',
                    id="crosstrain.api.E001",
                )
            )
    return errors
