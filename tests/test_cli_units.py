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
