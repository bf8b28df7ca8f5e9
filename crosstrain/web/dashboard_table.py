"""The coach dashboard's table rows, put in words once in Python.

The table is the dashboard's whole cost after the counting: a template looking up and filtering some thirty values
per row took longer than counting every runner of the coach. Each row here is plain strings and numbers, so the
template only prints them. Wording only; the figures and the attention rules are the selectors'.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from crosstrain.gym.dates import when
from crosstrain.training.selectors import DashboardRow

# Reversed once per render, filled per row: a URL reverse per link per row costs more than the row's numbers.
_ID = 2_147_483_647


def _pattern(name: str) -> str:
    return reverse(name, args=[_ID]).replace(str(_ID), "{}")


@dataclass(frozen=True)
class TableRow:
    runner_id: int
    name: str
    runner_url: str
    messages_url: str
    unread: int
    to_review: int  # closed sessions not reviewed yet (the Training badge's rule, per runner)
    training_url: str  # the runner's training feed
    reasons: str  # "" when all is well; else the reasons joined with " · "
    done_7: str  # "2", or "1.4" with a session partly done (it counts by its share)
    planned_7: int
    done_30: str
    planned_30: int
    habits: str  # "85% / 80%", "— / 80%" (nothing due in the last 7 days), "" (nothing due at all)
    last_session: str  # "Mon 3 Nov", "" for none yet
    open_flags: int


def table_rows(rows: list[DashboardRow], *, unread: dict[int, int], to_review: dict[int, int]) -> list[TableRow]:
    runner_url, messages_url = _pattern("coach-runner"), _pattern("conversation")
    training_url = _pattern("coach-runner-training")
    return [
        TableRow(
            runner_id=row.runner_id,
            name=row.runner_name,
            runner_url=runner_url.format(row.runner_id),
            messages_url=messages_url.format(row.runner_id),
            unread=unread.get(row.runner_id, 0),
            to_review=to_review.get(row.runner_id, 0),
            training_url=training_url.format(row.runner_id),
            reasons=" · ".join(row.attention_reasons) if row.needs_attention else "",
            done_7=sessions_count(row.done_7),
            planned_7=row.planned_7,
            done_30=sessions_count(row.done_30),
            planned_30=row.planned_30,
            habits=_habits(row),
            # As the template's |date filter shows it: in the gym's time zone.
            last_session=when(row.last_session, "WEEKDAY_DAY_MONTH_FORMAT") if row.last_session else "",
            open_flags=row.open_flags,
        )
        for row in rows
    ]


def sessions_count(done: float) -> str:
    """Sessions done as a person reads them: whole, or to one decimal when a partly done one counts by its share."""
    return f"{round(done, 1):g}"


def _habits(row: DashboardRow) -> str:
    month, week = row.habits_30_percent, row.habits_7_percent
    if month is None:
        return ""
    return f"{'—' if week is None else f'{week}%'} / {month}%"
