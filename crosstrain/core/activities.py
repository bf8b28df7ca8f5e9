"""What a runner actually ran: one activity file (FIT, GPX or TCX) in, one `Activity` out, and its kind.

The files are read by the libraries made for them (fitdecode, gpxpy, tcxreader); this module only turns what
they give into one frozen shape and refuses, in words, what is not an activity file. The kind of an activity
(easy, hard, long, race) is the `RunKind` placement already uses (DESIGN.md 4.2), so a run that was done counts
for the rules exactly like a run that was planned.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import statistics
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import fitdecode  # type: ignore[import-untyped]
import gpxpy
import gpxpy.gpx
from tcxreader.tcxreader import TCXReader  # type: ignore[import-untyped]

from crosstrain.core.errors import InputError
from crosstrain.core.running import RunKind

# A year of a watch's files is a few MB each at most; anything larger is not one activity.
MAX_FILE_BYTES = 25 * 1024 * 1024
FORMATS = ("fit", "gpx", "tcx")
# An export zip (Strava's "Download your data", Garmin's export): a few years of runs, without the photos.
MAX_ZIP_BYTES = 100 * 1024 * 1024
MAX_ZIP_ACTIVITIES = 1500
MAX_ZIP_UNPACKED = 400 * 1024 * 1024
# Activity files compress 3-15 times; a member claiming more than 200 times is a zip bomb, not a run.
MAX_RATIO = 200


class ActivityFileError(InputError):
    """An activity file that cannot be read as one."""


@dataclass(frozen=True, slots=True)
class Activity:
    """One run, ride or other session as a watch recorded it. Distances in metres, times in seconds, UTC."""

    start: datetime
    seconds: int
    sport: str
    title: str = ""
    metres: float | None = None
    elevation_gain: float | None = None
    avg_hr: int | None = None
    max_hr: int | None = None

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def minutes(self) -> int:
        return round(self.seconds / 60)

    @property
    def km(self) -> float | None:
        return None if self.metres is None else self.metres / 1000

    @property
    def pace(self) -> float | None:
        """Seconds per km, for runs with a distance."""
        if not self.metres or self.metres < 100:
            return None
        return self.seconds / (self.metres / 1000)

    @property
    def fingerprint(self) -> str:
        """The same activity twice (a re-upload, or the FIT and the GPX of one run) has the same fingerprint: its
        sport and its start to the minute. Two different sessions never start in the same minute."""
        start = self.start.astimezone(UTC).replace(second=0, microsecond=0)
        return hashlib.sha256(f"{self.sport}|{start.isoformat()}".encode()).hexdigest()[:32]


# Sport names the watches and their files use -> the sports the running calendar knows (core/running.py).
_SPORTS = {
    "running": "run",
    "run": "run",
    "trail_running": "run",
    "treadmill_running": "run",
    "virtualrun": "run",
    "trailrun": "run",
    "9": "run",  # Strava's GPX type for a run
    "cycling": "bike",
    "biking": "bike",
    "ride": "bike",
    "virtualride": "bike",
    "1": "bike",  # Strava's GPX type for a ride
    "swimming": "swim",
    "swim": "swim",
    "hiking": "hike",
    "hike": "hike",
    "walking": "hike",
    "walk": "hike",
    "rowing": "row",
    "cross_country_skiing": "ski",
    "alpine_skiing": "ski",
    "elliptical": "elliptical",
}


def sport_of(name: object) -> str:
    """The calendar's sport for a file's sport name; anything unknown counts as "other"."""
    text = str(name or "").strip().lower().replace(" ", "_")
    return _SPORTS.get(text, "other" if text else "run")


def read_activity(data: bytes, filename: str) -> Activity:
    """Read one activity file. The format is taken from the name (".fit", ".gpx", ".tcx", each maybe ".gz") and
    checked against the content; a file that is none of them, or is broken, raises `ActivityFileError`."""
    name = filename.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower.endswith(".gz"):
        data = _gunzip(data, name)
        lower = lower[:-3]
    if len(data) > MAX_FILE_BYTES:
        raise ActivityFileError([f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"], source=name)
    extension = lower.rsplit(".", 1)[-1] if "." in lower else ""
    if extension not in FORMATS:
        raise ActivityFileError(
            ["this is not an activity file: send a FIT, GPX or TCX file (from a watch, Strava or Garmin Connect)"],
            source=name,
        )
    fallback = name.rsplit(".", 1)[0] if "." in name else name
    fallback = fallback[:-4] if fallback.lower().endswith((".fit", ".gpx", ".tcx")) else fallback
    if extension == "fit":
        activity = _read_fit(data, name)
    else:
        if _has_doctype(data):
            # Entity declarations are how an XML file explodes in memory or reads other files: never needed here.
            raise ActivityFileError(["the file declares a document type, which activity files never do"], source=name)
        activity = _read_gpx(data, name) if extension == "gpx" else _read_tcx(data, name)
    if activity.seconds <= 0:
        raise ActivityFileError(["the activity has no duration (no times recorded)"], source=name)
    if not activity.title:
        activity = _with_title(activity, fallback)
    return activity


def _with_title(activity: Activity, title: str) -> Activity:
    return Activity(
        start=activity.start,
        seconds=activity.seconds,
        sport=activity.sport,
        title=title[:200],
        metres=activity.metres,
        elevation_gain=activity.elevation_gain,
        avg_hr=activity.avg_hr,
        max_hr=activity.max_hr,
    )


def _gunzip(data: bytes, name: str) -> bytes:
    """Decompress at most `MAX_FILE_BYTES`: a small file that inflates to gigabytes is refused, not unpacked."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error:
        raise ActivityFileError(["the file ends in .gz but is not a gzip file"], source=name) from None
    if len(out) > MAX_FILE_BYTES:
        raise ActivityFileError(
            [f"the file unpacks to more than {MAX_FILE_BYTES // (1024 * 1024)} MB, more than any activity"],
            source=name,
        )
    return out


def _has_doctype(data: bytes) -> bool:
    return b"<!doctype" in data[:4096].lower() or b"<!entity" in data.lower()


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _read_fit(data: bytes, name: str) -> Activity:
    if len(data) < 12 or data[8:12] != b".FIT":
        raise ActivityFileError(["this is not a FIT file (its header is missing)"], source=name)
    session: dict[str, Any] | None = None
    first: datetime | None = None
    last: datetime | None = None
    records_hr: list[int] = []
    distance: float | None = None
    try:
        with fitdecode.FitReader(io.BytesIO(data)) as fit:
            for frame in fit:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "session" and session is None:
                    session = {f.name: f.value for f in frame.fields}
                elif frame.name == "record":
                    values = {f.name: f.value for f in frame.fields}
                    stamp = values.get("timestamp")
                    if isinstance(stamp, datetime):
                        first = first or stamp
                        last = stamp
                    if isinstance(values.get("heart_rate"), int):
                        records_hr.append(values["heart_rate"])
                    if isinstance(values.get("distance"), int | float):
                        distance = float(values["distance"])
    except fitdecode.FitError as exc:
        raise ActivityFileError([f"the FIT file is broken or cut short ({_first_line(exc)})"], source=name) from None
    if session is not None and isinstance(session.get("start_time"), datetime):
        seconds = session.get("total_timer_time") or session.get("total_elapsed_time") or 0
        return Activity(
            start=_aware(session["start_time"]),
            seconds=round(float(seconds)),
            sport=sport_of(session.get("sport")),
            metres=_number(session.get("total_distance")),
            elevation_gain=_number(session.get("total_ascent")),
            avg_hr=_int(session.get("avg_heart_rate")),
            max_hr=_int(session.get("max_heart_rate")),
        )
    if first is None or last is None:
        raise ActivityFileError(["the FIT file holds no activity (no session and no recorded points)"], source=name)
    return Activity(
        start=_aware(first),
        seconds=round((last - first).total_seconds()),
        sport="run",
        metres=distance,
        avg_hr=round(statistics.fmean(records_hr)) if records_hr else None,
        max_hr=max(records_hr) if records_hr else None,
    )


def _read_gpx(data: bytes, name: str) -> Activity:
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, gpxpy.gpx.GPXException, ValueError) as exc:
        raise ActivityFileError([f"the GPX file cannot be read ({_first_line(exc)})"], source=name) from None
    bounds = gpx.get_time_bounds()
    if bounds.start_time is None or bounds.end_time is None:
        raise ActivityFileError(["the GPX file has no times: it is a route, not a recorded activity"], source=name)
    heart = [hr for track in gpx.tracks for seg in track.segments for p in seg.points if (hr := _gpx_hr(p))]
    climb = gpx.get_uphill_downhill().uphill
    track = gpx.tracks[0] if gpx.tracks else None
    return Activity(
        start=_aware(bounds.start_time),
        seconds=round((bounds.end_time - bounds.start_time).total_seconds()),
        sport=sport_of(track.type if track else None),
        title=((track.name if track else None) or gpx.name or "").strip()[:200],
        metres=gpx.length_3d() if gpx.has_elevations() else gpx.length_2d(),
        elevation_gain=round(climb, 1) if climb else None,
        avg_hr=round(statistics.fmean(heart)) if heart else None,
        max_hr=max(heart) if heart else None,
    )


def _gpx_hr(point: gpxpy.gpx.GPXTrackPoint) -> int | None:
    """Heart rate from Garmin's TrackPointExtension (<gpxtpx:hr>), the form Strava and Garmin write."""
    for extension in point.extensions:
        for element in extension.iter():
            if element.tag.rsplit("}", 1)[-1] == "hr" and element.text and element.text.strip().isdigit():
                return int(element.text.strip())
    return None


def _read_tcx(data: bytes, name: str) -> Activity:
    try:
        exercise = TCXReader().read(io.BytesIO(data), only_gps=False)
    except Exception as exc:  # tcxreader raises whatever its XML walk meets: every failure is a broken file
        raise ActivityFileError([f"the TCX file cannot be read ({_first_line(exc)})"], source=name) from None
    if not isinstance(exercise.start_time, datetime) or not exercise.duration:
        raise ActivityFileError(["the TCX file holds no activity with times"], source=name)
    return Activity(
        start=_aware(exercise.start_time),
        seconds=round(float(exercise.duration)),
        sport=sport_of(exercise.activity_type),
        metres=_number(exercise.distance),
        elevation_gain=_number(exercise.ascent),
        avg_hr=_int(exercise.hr_avg),
        max_hr=_int(exercise.hr_max),
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and value > 0 else None


def _int(value: object) -> int | None:
    return round(value) if isinstance(value, int | float) and value > 0 else None


# --- What kind of run it was -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Zones:
    """Where hard starts for this runner: an average heart rate (bpm) at or above which a run is hard, or a pace
    (seconds per km) faster than which it is. `estimated` says they came from the runner's own recent runs."""

    hard_hr: int | None = None
    hard_pace: float | None = None
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class Classification:
    kind: RunKind
    reason: str


RACE_WORDS = ("race", "parkrun", "racing", "competition")
HARD_WORDS = ("tempo", "interval", "intervals", "threshold", "fartlek", "track", "reps", "hills", "vo2max", "speed")
# Without the runner's own long runs, 90 minutes is the common line between a steady run and a long one.
DEFAULT_LONG_MINUTES = 90
# A run at 80 % of the runner's usual long run is a long run for the legs; never under an hour.
LONG_SHARE = 0.8
MIN_LONG_MINUTES = 60
# Estimated zones: 85 % of the highest heart rate seen recently is about the start of zone 4 (threshold); a pace
# 8 % faster than the runner's usual one is faster than easy running. Rough by design: the coach's zones win.
HARD_HR_SHARE = 0.85
HARD_PACE_SHARE = 0.92
MIN_HISTORY = 3


def estimate_zones(recent: Sequence[Activity]) -> Zones:
    """Zones from the runner's recent runs, when the coach set none (None where there is too little data)."""
    runs = [a for a in recent if a.sport == "run"]
    peaks = [a.max_hr for a in runs if a.max_hr]
    paces = [p for a in runs if (p := a.pace)]
    return Zones(
        hard_hr=round(max(peaks) * HARD_HR_SHARE) if len(peaks) >= MIN_HISTORY else None,
        hard_pace=round(statistics.median(paces) * HARD_PACE_SHARE, 1) if len(paces) >= MIN_HISTORY else None,
        estimated=True,
    )


def usual_long_minutes(recent: Sequence[Activity]) -> int | None:
    """The runner's usual long run: the median of each week's longest run, over the weeks with a run."""
    longest: dict[tuple[int, int], int] = {}
    for a in recent:
        if a.sport == "run":
            week = a.day.isocalendar()[:2]
            longest[week] = max(longest.get(week, 0), a.minutes)
    if len(longest) < MIN_HISTORY:
        return None
    return round(statistics.median(longest.values()))


def _words(title: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", title.lower()))


def classify(activity: Activity, *, zones: Zones, usual_long: int | None) -> Classification:
    """Easy, hard, long or race, and why, in words. In order: the title says race; long for this runner; the
    title says a hard session; the heart rate or the pace says hard; otherwise easy. A swim is always easy."""
    if activity.sport == "swim":
        return Classification(RunKind.EASY, "a swim rests the legs, whatever the effort")
    words = _words(activity.title)
    if activity.sport == "run" and (found := sorted(words & set(RACE_WORDS))):
        return Classification(RunKind.RACE, f"the title says “{found[0]}”")
    if usual_long is None:
        line, basis = DEFAULT_LONG_MINUTES, f"{DEFAULT_LONG_MINUTES} minutes or more"
    else:
        line = max(MIN_LONG_MINUTES, round(usual_long * LONG_SHARE))
        basis = f"{line} minutes or more, 80 % of the usual long run of {usual_long} minutes"
    if activity.minutes >= line:
        return Classification(RunKind.LONG, f"{activity.minutes} minutes: {basis}")
    if found := sorted(words & set(HARD_WORDS)):
        return Classification(RunKind.HARD, f"the title says “{found[0]}”")
    source = "estimated from recent runs" if zones.estimated else "set by the coach"
    if zones.hard_hr and activity.avg_hr and activity.avg_hr >= zones.hard_hr:
        return Classification(
            RunKind.HARD, f"average heart rate {activity.avg_hr} bpm, hard from {zones.hard_hr} bpm ({source})"
        )
    if activity.sport == "run" and zones.hard_pace and (pace := activity.pace) and pace <= zones.hard_pace:
        return Classification(
            RunKind.HARD,
            f"pace {pace_words(pace)} per km, hard from {pace_words(zones.hard_pace)} per km ({source})",
        )
    return Classification(RunKind.EASY, "no sign of a hard effort: easy")


# The paces a coach's zones accept, seconds per km (2:00 to 15:00; the model's check says the same).
PACE_RANGE = (120, 900)


def pace_words(seconds_per_km: float) -> str:
    """A pace as a reason keeps it: to a tenth of a second ("4:39.6"), so a reader in miles gets the pace the coach
    typed in miles (crosstrain.core.units.unit_words writes it per km or per mile, to the second)."""
    tenths = round(float(seconds_per_km) * 10)
    minutes, rest = divmod(tenths, 600)
    seconds, tenth = divmod(rest, 10)
    return f"{minutes}:{seconds:02d}" + (f".{tenth}" if tenth else "")


def recent_before(activities: Iterable[Activity], day: date, *, weeks: int = 8) -> list[Activity]:
    """The activities in the `weeks` weeks before `day`: what zones and the usual long run are estimated from."""
    first = day - timedelta(weeks=weeks)
    return [a for a in activities if first <= a.day < day]


def is_zip(data: bytes) -> bool:
    """A zip's first bytes: a file's header, or the end of an empty zip's directory."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _activity_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.rsplit(".", 1)[-1] in FORMATS


def read_export_zip(data: bytes, name: str) -> list[tuple[str, bytes]]:
    """The activity files inside an export zip, as (name, bytes), titled from Strava's activities.csv when it has
    one. Other files (photos, settings) are skipped. Refused whole, in words: a zip too large, with too many
    activities, or one that unpacks to far more than it holds (a zip bomb), before anything is unpacked."""
    if len(data) > MAX_ZIP_BYTES:
        raise ActivityFileError([f"the zip is larger than {MAX_ZIP_BYTES // (1024 * 1024)} MB"], source=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ActivityFileError(["the file ends in .zip but is not a readable zip"], source=name) from None
    wanted = [m for m in members if _activity_name(m.filename) and "__MACOSX" not in m.filename]
    if not wanted:
        raise ActivityFileError(["the zip holds no FIT, GPX or TCX file"], source=name)
    if len(wanted) > MAX_ZIP_ACTIVITIES:
        raise ActivityFileError(
            [f"the zip holds {len(wanted)} activity files; at most {MAX_ZIP_ACTIVITIES} at a time"], source=name
        )
    declared = sum(m.file_size for m in wanted)
    bombs = [m.filename for m in wanted if m.file_size > MAX_RATIO * max(m.compress_size, 1)]
    if declared > MAX_ZIP_UNPACKED or bombs:
        raise ActivityFileError(
            ["the zip unpacks to far more than it holds (a zip bomb?): nothing was read"], source=name
        )
    titles = _strava_titles(archive, members)
    files: list[tuple[str, bytes]] = []
    unpacked = 0
    for member in wanted:
        try:
            with archive.open(member) as handle:
                content = handle.read(MAX_FILE_BYTES + 1)  # never more than a file may hold, whatever it claims
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
            raise ActivityFileError(["the zip is damaged or encrypted"], source=f"{name}: {member.filename}") from None
        unpacked += len(content)
        if len(content) > MAX_FILE_BYTES or unpacked > MAX_ZIP_UNPACKED:
            raise ActivityFileError(
                ["the zip unpacks to far more than it holds (a zip bomb?): nothing was read"], source=name
            )
        title = titles.get(member.filename)
        files.append((f"{title}.{_extension(member.filename)}" if title else member.filename, content))
    return files


def _extension(filename: str) -> str:
    lower = filename.lower()
    return ".".join(lower.rsplit("/", 1)[-1].split(".")[1:])


def _strava_titles(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Strava's export names each run in activities.csv ("Activity Name", "Filename"); the files are numbers."""
    sheet = next((m for m in members if m.filename.rsplit("/", 1)[-1] == "activities.csv"), None)
    if sheet is None or sheet.file_size > MAX_FILE_BYTES:
        return {}
    try:
        text = archive.read(sheet).decode("utf-8-sig", errors="replace")
    except (zipfile.BadZipFile, OSError, zlib.error, NotImplementedError, RuntimeError):
        return {}
    titles: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        filename, title = row.get("Filename") or "", (row.get("Activity Name") or "").strip()
        if filename and title:
            cleaned = re.sub(r"[/\\\x00-\x1f]", " ", title)[:150].strip()
            if cleaned:
                titles[filename] = cleaned
    return titles
