"""`crosstrain timetable`: the grid, the JSON, and bad input."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from crosstrain.cli import app
from crosstrain.core.timetable import parse_instance, violations

EXAMPLE = Path(str(resources.files("crosstrain").joinpath("examples"))) / "timetable-small-gym.json"
runner = CliRunner()


def test_timetable_json_is_a_valid_optimal_timetable() -> None:
    result = runner.invoke(app, ["timetable", str(EXAMPLE), "--json", "--time-limit", "10"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"assignments", "opened", "unplaced", "objective", "optimal"}
    assert data["optimal"] is True
    instance = parse_instance(json.loads(EXAMPLE.read_text()))
    assert violations(instance, data["assignments"]) == []
    assert data["objective"]["runners_placed"] == len(data["assignments"])
    assert all(u["reason"] for u in data["unplaced"])


def test_timetable_grid_shows_coaches_days_and_the_verdict() -> None:
    result = runner.invoke(app, ["timetable", str(EXAMPLE), "--time-limit", "10"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "coach0" in result.stdout
    assert "proven optimal" in result.stdout


def test_bad_instance_exits_2_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "slots": [{"id": "a", "coach": "k", "day": "funday", "start": "18:00", "minutes": 60, "capacity": 3}],
                "runners": [],
            }
        )
    )
    result = runner.invoke(app, ["timetable", str(path)])
    assert result.exit_code == 2
    assert "slot 'a'.day: 'funday' is not one of mon" in result.stderr


def test_current_slots_in_the_json_are_kept_and_the_changes_listed(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text())
    first = json.loads(runner.invoke(app, ["timetable", str(EXAMPLE), "--json", "--time-limit", "10"]).stdout)
    for item in data["runners"]:
        item["current"] = first["assignments"].get(item["id"], [])
    moved = next(item for item in data["runners"] if item["current"])
    moved["current"] = [moved["current"][0], "a-removed-slot"]
    path = tmp_path / "running.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["timetable", str(path), "--json", "--time-limit", "10"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["objective"]["bookings_moved"] == 1
    [change] = out["changes"]
    assert change["runner"] == moved["id"]
    assert change["from"][0] == moved["current"][0] in change["to"]
    for item in data["runners"]:
        if item is not moved:
            assert out["assignments"].get(item["id"], []) == item["current"]
    grid = runner.invoke(app, ["timetable", str(path), "--time-limit", "10"], env={"COLUMNS": "200"})
    assert "Bookings moved: 1" in grid.stdout
    assert "a-removed-slot (removed)" in grid.stdout
