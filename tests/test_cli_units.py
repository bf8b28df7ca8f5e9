"""`crosstrain plan --units imperial|metric` (issue 25): the program reads in pounds and miles, or kilograms and
kilometres (the default); the profile's numbers stay in SI either way."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosstrain.cli import app

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))
runner = CliRunner()
WIDE = {"COLUMNS": "200"}
KG = re.compile(r"\d kg\b|\bkg\)| km\b")
LB = re.compile(r"\d lb\b|\blb\)| mi\b")


@pytest.mark.parametrize("profile", ["profile-masters-half.json", "profile-home-kettlebells.json"])
def test_an_imperial_plan_reads_in_pounds_and_miles_and_a_metric_one_in_kilograms(profile: str, tmp_path: Path) -> None:
    path = str(EXAMPLES / profile)
    imperial = runner.invoke(
        app, ["plan", path, "--units", "imperial", "--markdown", str(tmp_path / "lb.md")], env=WIDE
    )
    assert imperial.exit_code == 0, imperial.output
    metric = runner.invoke(app, ["plan", path, "--markdown", str(tmp_path / "kg.md")], env=WIDE)
    assert metric.exit_code == 0, metric.output
    files = ((tmp_path / "lb.md").read_text(), (tmp_path / "kg.md").read_text())
    for pounds, kilograms in ((imperial.stdout, metric.stdout), files):
        assert LB.search(pounds), pounds[:2000]
        assert not KG.search(pounds), KG.findall(pounds)
        assert KG.search(kilograms)
        assert not LB.search(kilograms), LB.findall(kilograms)


def test_the_steps_and_the_races_read_in_the_unit() -> None:
    path = str(EXAMPLES / "profile-masters-half.json")
    imperial = runner.invoke(app, ["plan", path, "--units", "imperial"], env=WIDE).stdout
    assert "add 5 lb" in imperial  # the bar's step: a pair of 2.5-lb plates
    assert "2.5-5 lb per dumbbell" in imperial
    assert "(13.1 mi, A)" in imperial  # the half marathon
    assert "the 13.1 mi race (A)" in imperial
    metric = runner.invoke(app, ["plan", path, "--units", "metric"], env=WIDE).stdout
    assert "add 2.5 kg" in metric
    assert "(21.1 km, A)" in metric


def test_json_keeps_its_si_fields_and_the_words_follow_the_unit() -> None:
    path = str(EXAMPLES / "profile-masters-half.json")
    data = json.loads(runner.invoke(app, ["plan", path, "--json", "--units", "imperial"]).stdout)
    assert any("distance_km" in race for race in data["races"])
    text = json.dumps(data["weeks"])
    assert "lb" in text
    assert " kg" not in text


def test_an_unknown_unit_is_refused_naming_the_choices() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-gym-novice.json"), "--units", "stone"])
    assert result.exit_code == 2
    assert "'stone' is not one of" in result.output
    assert "'imperial'" in result.output


US_DAY = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b")
GB_DAY = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


@pytest.mark.parametrize(
    ("options", "shape", "not_shape"),
    [
        ([], GB_DAY, US_DAY),
        (["--units", "imperial"], US_DAY, GB_DAY),
        (["--units", "imperial", "--dates", "en-GB"], GB_DAY, US_DAY),
        (["--dates", "en-US"], US_DAY, GB_DAY),
    ],
)
def test_days_read_in_the_chosen_style_in_the_report_the_handout_and_the_pdf(
    options: list[str], shape: re.Pattern[str], not_shape: re.Pattern[str], tmp_path: Path
) -> None:
    # Run as a coach runs it: its own process, no Django settings loaded (the PDF's days come from the app's format
    # modules all the same).
    import os
    import subprocess
    import sys

    import pypdf

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | WIDE
    handout, printed = tmp_path / "plan.md", tmp_path / "plan.pdf"
    command = [sys.executable, "-m", "crosstrain.cli", "plan", str(EXAMPLES / "profile-masters-half.json")]
    done = subprocess.run(
        [*command, *options, "--markdown", str(handout), "--pdf", str(printed)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    pdf_text = "\n".join(page.extract_text() for page in pypdf.PdfReader(printed).pages[:3])
    for text in (done.stdout, handout.read_text(), pdf_text):
        assert shape.search(text), text[:1000]
        assert not not_shape.search(text), not_shape.findall(text)


def test_an_unknown_date_style_is_refused_naming_the_choices() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "profile-masters-half.json"), "--dates", "fr-FR"])
    assert result.exit_code == 2
    assert "en-GB" in result.output
    assert "en-US" in result.output
