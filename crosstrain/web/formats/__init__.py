"""The two date styles a gym chooses between (issue 25), as Django format modules (FORMAT_MODULE_PATH): Django's
own names (DATE_FORMAT, TIME_FORMAT, ...) and the project's (WEEKDAY_DAY_MONTH_FORMAT, ...), which
crosstrain.gym.dates looks up from the active language's module. A template says which kind of date it shows
(`{{ day|when:"WEEKDAY_DAY_MONTH_FORMAT" }}`), never how it is written."""
