"""The core's problems in a form's words: the one place core field paths become labels a person reads.

The core names fields by their JSON path ('races[1].date', 'hurdle_step.left') because the CLI and the API speak
JSON; a person filling a web form reads "Line 2 (…), date: …" or "Hurdle step, left side: missing". The core's
messages stay as they are for the CLI and the API; only the web forms read them through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosstrain.core.vocabulary import ScreenTest

# A problem starts with the path it is about: 'field', field.side, 'field[i].part' (quoted or not), then ':' or ' '.
_PATH = re.compile(r"^'?(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<part>[a-z_]+))?'?(?P<sep>:\s*|\s+)")
# Other words of the core's vocabulary a message may hold (bone_stress, foam_roller, lower_back): said with spaces.
_SNAKE = re.compile(r"\b([a-z]+(?:_[a-z0-9]+)+)\b")
# A value the core quotes with repr() ('2027-13-01', 'broken'): shown as typed.
_QUOTED = re.compile(r"'([^'\n]{1,80})'")

# The parts of a listed item (a race line, an injury line) and of other JSON objects, in words.
PART_LABELS = {
    "date": "date",
    "distance_km": "distance",
    "priority": "priority",
    "title": "name",
    "area": "area",
    "kind": "kind",
    "left": "left side",
    "right": "right side",
    "hand_length_cm": "hand length",
    "left_distance_cm": "left fist distance",
    "right_distance_cm": "right fist distance",
    "kettlebells_kg": "kettlebells",
    "dumbbells_max_kg": "heaviest dumbbell pair",
    "birth_date": "birth date",
    "pelvic_floor_cleared": "pelvic-floor check",
}

# Core fields with no form field of the same name, said in words.
FIELD_LABELS: dict[str, str] = {
    **{test.value: test.label for test in ScreenTest},
    "shoulder_clearing_pain": "Shoulder clearing",
    "spinal_extension_pain": "Spinal extension clearing",
    "spinal_flexion_pain": "Spinal flexion clearing",
    "tibia_length_cm": "Tibia length",
    "session_minutes": "Session minutes",
    "running_week": "Training week",
    "runs_ics": "Running plan",
    "training_days": "Training days",
    "implements": "Weights",
    "conditions": "Conditions",
}


def words(text: str) -> str:
    """Vocabulary words and quoted values of a message as a person writes them."""
    text = _QUOTED.sub(lambda m: m.group(1), text)
    return _SNAKE.sub(lambda m: m.group(1).replace("_", " "), text)


@dataclass(frozen=True)
class FormProblem:
    path: str  # the core's first name in the path ('races'), to find the form's field
    part: str | None  # 'left', 'date', ...
    index: int | None  # the item of a list, from 0
    message: str  # what the problem says after its path, in words


def split_problem(problem: str) -> FormProblem | None:
    """The path a core problem is about and the rest of it; None when it names no field."""
    match = _PATH.match(problem)
    if match is None:
        return None
    # A path is quoted, has a side or an item, or is a snake_case name: "give either ..." is a sentence.
    is_path = "'" in match.group(0) or "_" in match.group("name") or match.group("index") or match.group("part")
    if not is_path and not match.group("sep").startswith(":"):
        return None
    rest = problem[match.end() :]
    if not match.group("sep").startswith(":"):
        rest = rest.removeprefix("is ")  # "hurdle_step.left is missing" → "missing"
    index = match.group("index")
    return FormProblem(match.group("name"), match.group("part"), None if index is None else int(index), words(rest))


def label_for(name: str, part: str | None, form_label: str | None = None) -> str:
    """ "Hurdle step, left side", "Races", "Weights, kettlebells"."""
    label = form_label or FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()
    if part:
        label = f"{label}, {PART_LABELS.get(part, part.replace('_', ' '))}"
    return label


def line_message(number: int, line: str | None, part: str | None, message: str) -> str:
    """A problem with one line of a list the form takes a line at a time."""
    where = f"Line {number}" + (f" ({line})" if line else "")
    if part:
        where += f", {PART_LABELS.get(part, part.replace('_', ' '))}"
    return f"{where}: {message}"
