"""Activity import speed (issue 26): a year of a runner's watch files (300 FIT files of 30-120 minutes, a point
every 5 seconds, in a Strava-style export zip) read and classified by crosstrain, against the FIT library's own
parse of the same files (fitdecode reading every frame). The ratio is what matters: the import should cost about
what reading the files costs, nothing much on top.

    python -m benchmarks activities
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

FILES = 300
STEP_SECONDS = 5


def _fit(start: datetime, minutes: int, hr: int, km: float) -> bytes:
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    def millis(moment: datetime) -> int:
        return round(moment.timestamp() * 1000)

    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 0
    file_id.time_created = millis(start)
    file_id.serial_number = 0x12345678
    builder.add(file_id)
    seconds = minutes * 60
    for t in range(0, seconds + 1, STEP_SECONDS):
        record = RecordMessage()
        record.timestamp = millis(start + timedelta(seconds=t))
        record.heart_rate = hr
        record.distance = km * 1000 * t / seconds
        builder.add(record)
    summary = SessionMessage()
    summary.timestamp = millis(start + timedelta(seconds=seconds))
    summary.start_time = millis(start)
    summary.total_elapsed_time = seconds
    summary.total_timer_time = seconds
    summary.total_distance = km * 1000
    summary.avg_heart_rate = hr
    summary.max_heart_rate = hr + 20
    summary.sport = Sport.RUNNING
    builder.add(summary)
    return bytes(builder.build().to_bytes())


def _year() -> bytes:
    out = io.BytesIO()
    first = datetime(2026, 1, 1, 7, tzinfo=UTC)
    # fit-tool writes slowly (about 0.4 s a file): five files of a week's usual runs, each sent 60 times, parse
    # exactly like 300 different ones (the reader's work depends on the points, not on the dates).
    week = [_fit(first + timedelta(days=d), m, 135 + d, m / 5.5) for d, m in enumerate((30, 45, 60, 40, 120))]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(FILES):
            archive.writestr(f"activities/{1000 + i}.fit", week[i % len(week)])
    return out.getvalue()


def bench_activities(console: Any) -> None:
    import fitdecode

    from crosstrain.core.activities import classify, estimate_zones, read_activity, read_export_zip, usual_long_minutes

    started = time.perf_counter()
    export = _year()
    made = time.perf_counter() - started
    files = read_export_zip(export, "export.zip")

    started = time.perf_counter()
    for _, data in files:
        with fitdecode.FitReader(io.BytesIO(data)) as fit:
            for _frame in fit:
                pass
    library = time.perf_counter() - started

    started = time.perf_counter()
    activities = sorted(
        (read_activity(data, name) for name, data in read_export_zip(export, "export.zip")), key=lambda a: a.start
    )
    for i, activity in enumerate(activities):
        recent = [a for a in activities[max(0, i - 60) : i] if a.start >= activity.start - timedelta(weeks=8)]
        classify(activity, zones=estimate_zones(recent), usual_long=usual_long_minutes(recent))
    ours = time.perf_counter() - started

    size = len(export) / 1024 / 1024
    console.print(
        f"Activity import: {FILES} FIT files ({size:.1f} MB zipped, made in {made:.1f}s): fitdecode alone "
        f"{library:.2f}s, unzip + read + classify {ours:.2f}s, ratio {ours / library:.2f} (aim: under 1.5)"
    )
