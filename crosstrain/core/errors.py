"""The one exception family of the core.

Every message names what is wrong, the value that was given and what is allowed, so a coach can fix the
input without reading code.
"""

from __future__ import annotations

import json
from pathlib import Path


class CoreError(Exception):
    """Base of every error the core raises on purpose."""


class InputError(CoreError):
    """Input that cannot be used as given. Holds every problem found, one line each."""

    def __init__(self, problems: list[str], *, source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        if len(problems) == 1:
            message = f"{head}{problems[0]}"
        else:
            message = f"{head}{len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems)
        super().__init__(message)


class ScreenInputError(InputError):
    """A movement screen that cannot be scored as given."""


class CatalogueError(InputError):
    """An exercise catalogue entry that breaks the catalogue's rules."""


class ProfileError(InputError):
    """A runner profile that cannot be used to design a program."""


class ProgramError(CoreError):
    """A program that cannot be designed within the runner's constraints (e.g. too little time)."""


class RunningPlanError(InputError):
    """A running plan (.ics) that cannot be read."""


def read_json(path: Path, error: type[InputError]) -> object:
    """Read a JSON file; a missing file or broken JSON becomes `error`, naming the file, line and column."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise error([f"cannot read the file: {exc.strerror}"], source=str(path)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error([f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"], source=str(path)) from None
