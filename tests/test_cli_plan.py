"""`crosstrain plan`: the program as a report, JSON, a calendar file and a Markdown handout."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from crosstrain.cli import app
from crosstrain.core.catalogue import default_catalogue

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))
runner = CliRunner()
WIDE = {"COLUMNS": "160"}


def test_plan_json_has_the_documented_shape() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-gym-novice.json"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["start"] == "2026-09-21"
    assert data["refer"] is False
    assert len(data["weeks"]) == 6
    sessions = [s for w in data["weeks"] for s in w["sessions"]]
    assert len(sessions) == 12
    assert all(s["minutes"] <= 45 for s in sessions)
    assert [b["kind"] for b in sessions[0]["blocks"]] == ["smr", "mobility", "strength"]
    assert {"date": "2026-09-22", "kind": "hard", "sport": "run", "title": None, "why": None} in data["running"]


def test_plan_report_shows_weeks_sessions_and_the_next_phase() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-gym-novice.json")], env=WIDE)
    assert result.exit_code == 0
    out = result.stdout
    assert out.count("session A") == 6
    assert "Week 6" in out
    assert "Your left active straight-leg raise scored 1" in out
    assert "phase one" in out


def test_a_painful_screen_puts_the_referral_first() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-painful-shoulder.json")], env=WIDE)
    first_lines = "\n".join(result.stdout.splitlines()[:4])
    assert "Refer to a clinician first" in first_lines


def test_an_imported_running_plan_shows_how_each_run_was_classified() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-running-plan.json"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["running_source"] == "running-plan-half.ics"
    race = [r for r in data["running"] if r["kind"] == "race"]
    assert race == [
        {
            "date": "2026-11-15",
            "kind": "race",
            "sport": "run",
            "title": "Autumn Half Marathon",
            "why": "title says 'Half Marathon'",
        }
    ]
    assert any("week 6 has 1 session" in w for w in data["warnings"])


def test_ics_and_markdown_files_are_written(tmp_path: Path) -> None:
    out_ics, out_md = tmp_path / "ana.ics", tmp_path / "ana.md"
    args = ["plan", str(EXAMPLES / "profile-gym-novice.json"), "--ics", str(out_ics), "--markdown", str(out_md)]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(out_ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 12
    first = min(events, key=lambda e: e.get("DTSTART").dt)
    assert str(first.get("DTSTART").dt) == "2026-09-22"
    assert "Strength & mobility A" in str(first.get("SUMMARY"))
    assert "Leg lowering 1" in str(first.get("DESCRIPTION"))
    markdown = out_md.read_text()
    assert markdown.startswith("# Ana: 6-week strength & mobility program")
    assert markdown.count("### ") == 12
    assert "## After these six weeks" in markdown


def test_a_bad_profile_exits_2_naming_the_field(tmp_path: Path) -> None:
    profile = json.loads((EXAMPLES / "profile-gym-novice.json").read_text())
    profile["experience"] = "expert"
    profile["screen"] = str(EXAMPLES / "screen-ana.json")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(profile))
    result = runner.invoke(app, ["plan", str(path)])
    assert result.exit_code == 2
    assert "'experience': 'expert' is not one of novice, intermediate, advanced" in result.stderr
    assert result.stdout == ""


def test_plan_markdown_and_calendar_carry_the_cues_and_the_next_step(tmp_path: Path) -> None:
    md, ics = tmp_path / "plan.md", tmp_path / "plan.ics"
    result = runner.invoke(
        app, ["plan", str(EXAMPLES / "profile-masters-half.json"), "--markdown", str(md), "--ics", str(ics)]
    )
    assert result.exit_code == 0, result.output
    handout = md.read_text("utf-8")
    assert default_catalogue()["trap-bar-deadlift"].cues[0] in handout
    assert "**Next:**" in handout
    assert "warm-up set" in handout
    assert "foot contacts" in handout
    assert "Races: 2026-10-11 (5 km, priority C" in handout
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    description = str(events[0]["DESCRIPTION"])
    assert "How: " in description
    assert "Next: " in description


def test_plan_report_shows_cues_and_race_phases() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-masters-half.json")], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "How: " in result.stdout
    assert "Race lead-in (the 21.1 km race (A) on 2026-10-25)" in result.stdout
    assert "Back after the 21.1 km race (A)" in result.stdout
    assert "Two runs today: lift after the second one" in result.stdout


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", 7, "'age': 7 is not an age"),
        ("lifting_experience", "pro", "'lifting_experience': 'pro' is not one of"),
        ("injuries", [{"area": "elbow", "kind": "tendon", "date": "2026-01-01"}], "'injuries[0].area': 'elbow'"),
        ("injuries", [{"area": "tibia", "kind": "stress", "date": "2026-01-01"}], "'injuries[0].kind': 'stress'"),
        ("races", [{"date": "2026-10-25", "distance_km": -3}], "'races[0].distance_km': -3 is not a distance"),
        ("races", [{"date": "2026-10-25", "priority": "D"}], "'races[0].priority': 'D' is not one of A"),
        ("races", [{"distance_km": 10}], "'races[0].date'"),
    ],
)
def test_bad_v2_profile_fields_exit_2_naming_the_field(tmp_path: Path, field: str, value: object, message: str) -> None:
    data = json.loads((EXAMPLES / "profile-masters-half.json").read_text("utf-8"))
    data[field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), "utf-8")
    result = runner.invoke(app, ["plan", str(path)], env=WIDE)
    assert result.exit_code == 2
    assert message in result.output


def test_plan_markdown_shows_the_findings_notices_and_what_waits(tmp_path: Path) -> None:
    """(v3) A runner with an Achilles tendinopathy, not yet cleared after a birth, training at home with kettlebells
    around a hard bike session and a match: the handout says what each finding asks for and what waits."""
    md = tmp_path / "plan.md"
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-home-kettlebells.json"), "--markdown", str(md)])
    assert result.exit_code == 0, result.output
    handout = md.read_text("utf-8")
    assert "Silbernagel 2007" in handout
    assert "pelvic-health physiotherapist" in handout
    assert "## What waits, and why" in handout
    assert "- Your achilles tendinopathy (2026-07-01) is less than 6 months old: hops, bounds and box jumps" in handout
    assert "Use your kettlebell (12, 24 kg) in place of the dumbbells" in handout
    assert "Two sessions today: lift after the second one" in handout  # an easy run and hard bike intervals
