"""Reading activity files (FIT, GPX, TCX) into one shape, and classifying them easy / hard / long / race."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crosstrain.core.activities import (
    Activity,
    ActivityFileError,
    Zones,
    classify,
    estimate_zones,
    read_activity,
    usual_long_minutes,
)
from crosstrain.core.running import RunKind
from tests.activity_files import fit_bytes, gpx_bytes, tcx_bytes

START = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
SAMPLES = Path(__file__).parent.parent / "data" / "activities"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("run.fit", fit_bytes(START, 45, km=10, hr=150, max_hr=172, climb=80)),
        ("run.gpx", gpx_bytes(START, 45, km=10, hr=150)),
        ("run.tcx", tcx_bytes(START, 45, km=10, hr=150)),
        ("run.fit.gz", gzip.compress(fit_bytes(START, 45, km=10, hr=150, max_hr=172))),
        ("run.gpx.gz", gzip.compress(gpx_bytes(START, 45, km=10, hr=150))),
    ],
)
def test_every_format_reads_into_the_same_activity(name: str, data: bytes) -> None:
    activity = read_activity(data, name)
    assert activity.start == START
    assert activity.seconds == 45 * 60
    assert activity.sport == "run"
    assert activity.km == pytest.approx(10, abs=0.05)
    assert activity.avg_hr == 150
    assert activity.pace == pytest.approx(270, abs=2)  # 4:30 per km


def test_one_run_in_two_formats_has_one_fingerprint() -> None:
    fit = read_activity(fit_bytes(START, 45), "a.fit")
    gpx = read_activity(gpx_bytes(START + timedelta(seconds=20), 45), "a.gpx")
    assert fit.fingerprint == gpx.fingerprint
    later = read_activity(gpx_bytes(START + timedelta(hours=9), 45), "b.gpx")
    assert later.fingerprint != fit.fingerprint


def test_fit_without_a_session_summary_is_read_from_its_points() -> None:
    activity = read_activity(fit_bytes(START, 30, km=5, hr=130, session=False), "watch.fit")
    assert (activity.minutes, activity.avg_hr, activity.km) == (30, 130, 5)


def test_titles_come_from_the_file_or_else_its_name() -> None:
    assert read_activity(gpx_bytes(START, 30, title="Parkrun PB!"), "x.gpx").title == "Parkrun PB!"
    assert read_activity(fit_bytes(START, 30), "Thursday intervals.fit").title == "Thursday intervals"


def test_sports_are_the_running_calendars() -> None:
    assert read_activity(fit_bytes(START, 60, sport="cycling"), "r.fit").sport == "bike"
    assert read_activity(tcx_bytes(START, 60, sport="Biking"), "r.tcx").sport == "bike"
    assert read_activity(gpx_bytes(START, 60, kind="hiking"), "r.gpx").sport == "hike"


@pytest.mark.parametrize("name", ["sample-run.fit", "sample-tempo.gpx", "sample-ride.tcx"])
def test_the_kept_samples_read(name: str) -> None:
    activity = read_activity((SAMPLES / name).read_bytes(), name)
    assert activity.seconds > 0
    assert activity.metres


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("notes.txt", b"hello", "not an activity file"),
        ("photo.jpg", b"\xff\xd8\xff", "not an activity file"),
        ("run.fit", b"this is not a fit file at all", "not a FIT file"),
        ("run.fit", fit_bytes(START, 30)[:60], "broken or cut short"),
        ("run.gpx", b"<gpx><trk><trkseg><trkpt lat='1' lon='x'></trkpt>", "cannot be read"),
        ("run.gpx", gpx_bytes(START, 30).replace(b"<time>", b"<x>").replace(b"</time>", b"</x>"), "no times"),
        ("run.tcx", b"<TrainingCenterDatabase><Activities>", "cannot be read"),
        ("run.gpx.gz", b"not gzip", "not a gzip file"),
        (
            "bomb.gpx",
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b"<gpx>&lol2;</gpx>",
            "document type",
        ),
        ("run.gpx.gz", gzip.compress(b" " * (26 * 1024 * 1024)), "unpacks to more than"),
    ],
)
def test_bad_files_are_refused_in_words(name: str, data: bytes, says: str) -> None:
    with pytest.raises(ActivityFileError) as caught:
        read_activity(data, name)
    assert says in str(caught.value)
    assert name.split("/")[-1] in str(caught.value)


def _run(
    minutes: int,
    *,
    title: str = "Run",
    hr: int | None = None,
    km: float | None = None,
    sport: str = "run",
    day: int = 0,
) -> Activity:
    return Activity(
        start=START + timedelta(days=day),
        seconds=minutes * 60,
        sport=sport,
        title=title,
        metres=None if km is None else km * 1000,
        avg_hr=hr,
        max_hr=None if hr is None else hr + 15,
    )


COACH = Zones(hard_hr=165, hard_pace=285)  # hard from 165 bpm or faster than 4:45 per km


@pytest.mark.parametrize(
    ("activity", "usual_long", "kind", "why"),
    [
        (_run(45, title="Easy jog", hr=140, km=8), None, RunKind.EASY, "easy"),
        (_run(25, title="Saturday parkrun", hr=175, km=5), None, RunKind.RACE, "parkrun"),
        (_run(200, title="Berlin Marathon race", km=42.2), None, RunKind.RACE, "race"),
        (_run(50, title="Tempo 3x10", hr=150, km=10), None, RunKind.HARD, "tempo"),
        (_run(50, title="Track intervals"), None, RunKind.HARD, "interval"),
        (_run(45, hr=168, km=8), None, RunKind.HARD, "168 bpm, hard from 165 bpm (set by the coach)"),
        (_run(40, hr=150, km=9), None, RunKind.HARD, "pace 4:26.7 per km, hard from 4:45 per km"),
        (_run(95, hr=140, km=16), None, RunKind.LONG, "95 minutes: 90 minutes or more"),
        (_run(85, hr=140, km=14), None, RunKind.EASY, "easy"),
        # Usual long run 100 minutes: 80 minutes is long for this runner, 70 is not.
        (_run(80, hr=140, km=13), 100, RunKind.LONG, "80 % of the usual long run of 100 minutes"),
        (_run(70, hr=140, km=11), 100, RunKind.EASY, "easy"),
        # A long run with intervals in it is long first: the legs carry the duration.
        (_run(120, title="Long run with tempo finish", km=22), None, RunKind.LONG, "120 minutes"),
        # Never under an hour, however short the usual long run.
        (_run(50, km=9.5, hr=140), 40, RunKind.EASY, "easy"),
        (_run(120, title="Race pace swim", sport="swim"), None, RunKind.EASY, "swim"),
        (_run(150, title="Sunday ride", hr=130, sport="bike"), None, RunKind.LONG, "150 minutes"),
        (_run(60, title="Bike race", hr=170, sport="bike"), None, RunKind.HARD, "170 bpm"),
    ],
)
def test_classification_table(activity: Activity, usual_long: int | None, kind: RunKind, why: str) -> None:
    found = classify(activity, zones=COACH, usual_long=usual_long)
    assert (found.kind, why in found.reason) == (kind, True), found.reason


def test_zones_are_estimated_from_recent_runs_when_the_coach_set_none() -> None:
    recent = [_run(40, hr=140 + i, km=8, day=-i) for i in range(1, 6)]  # max HR seen: 160
    zones = estimate_zones(recent)
    assert zones.estimated
    assert zones.hard_hr == round(160 * 0.85)
    assert zones.hard_pace == pytest.approx(300 * 0.92, abs=0.1)  # usual 5:00 per km
    found = classify(_run(40, hr=140, km=9), zones=zones, usual_long=None)
    assert found.kind is RunKind.HARD
    assert "estimated from recent runs" in found.reason
    assert estimate_zones(recent[:2]) == Zones(estimated=True)  # too little to estimate


def test_usual_long_run_is_the_median_of_weekly_longest_runs() -> None:
    weeks = [_run(m, day=-7 * w) for w, m in enumerate([100, 80, 120, 90], start=1)]
    easy = [_run(30, day=-7 * w - 1) for w in range(1, 5)]
    assert usual_long_minutes(weeks + easy) == 95
    assert usual_long_minutes(weeks[:2]) is None
