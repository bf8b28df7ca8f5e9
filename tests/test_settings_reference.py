"""The configuration reference in the docs cannot drift from the settings: it is generated from a table that must
describe exactly the variables settings.py reads."""

from __future__ import annotations

from crosstrain.web.settings_reference import GROUPS, VARIABLES, markdown_tables, read_in_settings


def test_every_variable_read_is_described_and_nothing_else() -> None:
    described = {v.name for v in VARIABLES}
    read = read_in_settings()
    assert read - described == set(), f"settings.py reads these, undescribed: {read - described}"
    assert described - read == set(), f"settings_reference describes these, no longer read: {described - read}"


def test_a_new_variable_in_the_settings_is_noticed() -> None:
    source = 'import os\nX = os.environ.get("CROSSTRAIN_SHINY_NEW", "1")\nmessage = "set CROSSTRAIN_DEBUG=0 first"\n'
    assert read_in_settings(source) == {"CROSSTRAIN_SHINY_NEW"}


def test_the_reference_lists_every_variable_once_under_a_known_group() -> None:
    assert all(v.group in GROUPS for v in VARIABLES)
    names = [v.name for v in VARIABLES]
    assert len(names) == len(set(names))
    rows = [line for line in markdown_tables().splitlines() if line.startswith("| `")]
    assert sorted(row.split("`")[1] for row in rows) == sorted(names)
