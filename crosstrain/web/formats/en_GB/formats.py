"""British style, "Tue 8 Dec, 07:00": day before month, 24-hour clock. The default, and what every page showed
before a gym could choose."""

# Django's names (the `date` and `time` filters, forms and the admin read them).
DATE_FORMAT = "j M Y"  # 8 Dec 2026
TIME_FORMAT = "H:i"  # 07:00
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday (Django counts from Sunday, 0); the gym's own choice wins in the app's grids

# The project's names (crosstrain.gym.dates); the same names in en_US/formats.py.
WEEKDAY_FORMAT = "l"  # Tuesday
SHORT_WEEKDAY_FORMAT = "D"  # Tue
DAY_MONTH_FORMAT = "j M"  # 8 Dec
WEEKDAY_DAY_MONTH_FORMAT = "D j M"  # Tue 8 Dec
WEEKDAY_DATE_FORMAT = "D j M Y"  # Tue 8 Dec 2026
LONG_WEEKDAY_DAY_MONTH_FORMAT = "l j M"  # Tuesday 8 Dec
LONG_DAY_FORMAT = "l j F"  # Tuesday 8 December
LONG_DATE_FORMAT = "l j F Y"  # Tuesday 8 December 2026
FULL_DATE_FORMAT = "j F Y"  # 8 December 2026
DAY_MONTH_TIME_FORMAT = "j M, H:i"  # 8 Dec, 07:00
WEEKDAY_DAY_MONTH_TIME_FORMAT = "D j M, H:i"  # Tue 8 Dec, 07:00
LONG_DAY_MONTH_TIME_FORMAT = "j F, H:i"  # 8 December, 07:00
LONG_DAY_TIME_FORMAT = "l j F, H:i"  # Tuesday 8 December, 07:00
