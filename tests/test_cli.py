"""The command line as a coach uses it: readable reports, JSON for other tools, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosstrain.cli import app

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))
runner = CliRunner()


def test_exercises_json_lists_every_entry_with_the_documented_fields() -> None:
    result = runner.invoke(app, ["exercises", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) >= 40
    fields = {"id", "name", "category", "pattern", "stance", "load", "areas", "corrects", "equipment"}
    fields |= {"setting", "regresses_to", "progresses_to"}
    assert all(fields <= row.keys() for row in rows)
    goblet = next(r for r in rows if r["id"] == "goblet-squat")
    assert (goblet["pattern"], goblet["load"], goblet["regresses_to"]) == (
        "squat",
        "external",
        ["goblet-squat-to-box"],
    )


def test_exercises_can_be_filtered_by_category() -> None:
    result = runner.invoke(app, ["exercises", "--category", "smr", "--json"])
    rows = json.loads(result.stdout)
    assert {r["category"] for r in rows} == {"smr"}
    assert len(rows) == 7


def test_exercises_table_shows_names_and_doses() -> None:
    result = runner.invoke(app, ["exercises", "--category", "strength"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Goblet squat" in result.stdout
    assert "2×10 reps" in result.stdout
    assert "Foam roll" not in result.stdout


def test_an_unknown_category_is_refused_with_the_choices() -> None:
    result = runner.invoke(app, ["exercises", "--category", "cardio"])
    assert result.exit_code == 2
    assert "smr" in result.output


def test_screen_json_has_the_interchange_shape() -> None:
    result = runner.invoke(app, ["screen", str(EXAMPLES / "screen-ana.json"), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"scores", "sides", "total", "asymmetries", "weak_link", "refer", "painful"}
    assert data["total"] == 14
    assert data["weak_link"] == "active_straight_leg_raise"
    assert data["sides"]["hurdle_step"] == {"left": 2, "right": 3}
    assert data["refer"] is False


def test_screen_report_says_what_to_work_on_first() -> None:
    result = runner.invoke(app, ["screen", str(EXAMPLES / "screen-ana.json")], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Total: 14 / 21" in result.stdout
    assert "Weak link: Active straight-leg raise scored 1" in result.stdout
    assert "Leg lowering 1" in result.stdout
    assert "does not predict injury" in result.stdout


def test_a_painful_screen_leads_with_the_referral() -> None:
    path = EXAMPLES / "screen-painful-shoulder.json"
    data = json.loads(runner.invoke(app, ["screen", str(path), "--json"]).stdout)
    assert data["refer"] is True
    assert "shoulder_mobility" in data["painful"]
    report = runner.invoke(app, ["screen", str(path)], env={"COLUMNS": "200"}).stdout
    lines = report.splitlines()
    title = next(i for i, line in enumerate(lines) if "What to work on first" in line)
    assert "Refer to a clinician" in lines[title + 1]
    assert "not loaded until a clinician has cleared it" in report


def test_a_measured_shoulder_is_scored_from_the_distances() -> None:
    data = json.loads(runner.invoke(app, ["screen", str(EXAMPLES / "screen-measured-shoulder.json"), "--json"]).stdout)
    assert data["sides"]["shoulder_mobility"] == {"left": 2, "right": 1}


def test_examples_lists_the_bundled_files() -> None:
    result = runner.invoke(app, ["examples"], env={"COLUMNS": "250"})
    assert "screen-ana.json" in result.stdout


def test_bad_input_exits_2_with_the_message_on_stderr_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"deep_squat": 4}))
    done = subprocess.run(
        [sys.executable, "-m", "crosstrain.cli", "screen", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "deep_squat" in done.stderr
    assert "4" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "a JSON object"),
    ],
)
def test_a_file_that_is_not_a_screen_object_is_explained(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "screen.json"
    path.write_text(content)
    result = runner.invoke(app, ["screen", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_file_is_explained(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "nope.json" in result.stderr
