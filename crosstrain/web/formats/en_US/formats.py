"""American style, "Tue, Dec 8, 7:00 AM": month before day, 12-hour clock. The same names as en_GB/formats.py."""

# Django's names.
DATE_FORMAT = "M j, Y"  # Dec 8, 2026
TIME_FORMAT = "g:i A"  # 7:00 AM
DATETIME_FORMAT = "M j, Y, g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
FIRST_DAY_OF_WEEK = 0  # Sunday; the gym's own choice wins in the app's grids

# The project's names (crosstrain.gym.dates).
WEEKDAY_FORMAT = "l"  # Tuesday
SHORT_WEEKDAY_FORMAT = "D"  # Tue
DAY_MONTH_FORMAT = "M j"  # Dec 8
WEEKDAY_DAY_MONTH_FORMAT = "D, M j"  # Tue, Dec 8
WEEKDAY_DATE_FORMAT = "D, M j, Y"  # Tue, Dec 8, 2026
LONG_WEEKDAY_DAY_MONTH_FORMAT = "l, M j"  # Tuesday, Dec 8
LONG_DAY_FORMAT = "l, F j"  # Tuesday, December 8
LONG_DATE_FORMAT = "l, F j, Y"  # Tuesday, December 8, 2026
FULL_DATE_FORMAT = "F j, Y"  # December 8, 2026
DAY_MONTH_TIME_FORMAT = "M j, g:i A"  # Dec 8, 7:00 AM
WEEKDAY_DAY_MONTH_TIME_FORMAT = "D, M j, g:i A"  # Tue, Dec 8, 7:00 AM
LONG_DAY_MONTH_TIME_FORMAT = "F j, g:i A"  # December 8, 7:00 AM
LONG_DAY_TIME_FORMAT = "l, F j, g:i A"  # Tuesday, December 8, 7:00 AM
