"""Before (re)starting after an upgrade: is the virtualenv as new as the code? Imports nothing from Django, so it can
explain what is missing when Django itself, or a package the settings load, is not there.

`manage.py preflight` adds what needs the database (migrations to apply, the task worker) and the settings whose
defaults changed; manage.py calls `explain_missing_module` when a package the code needs cannot be imported."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # an old virtualenv may lack it (django-csp brings it); pip always carries a copy
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[assignment]

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
INSTALL = ".venv/bin/pip install -e '.[{extras}]'"


def wanted_extras(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The optional parts this deployment's settings use: the PostgreSQL driver, Redis (queue or shared cache)."""
    extras = []
    if environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        extras.append("postgres")
    if environ.get("CROSSTRAIN_TASKS") == "rq" or environ.get("CROSSTRAIN_CACHE_URL", ""):
        extras.append("redis")
    return extras


def _requirements(extras: Iterable[str], pyproject: Path | None) -> list[Requirement]:
    """What the code asks for: the checkout's pyproject.toml (the code that will run), else the installed
    package's own metadata (a wheel install)."""
    path = pyproject or PYPROJECT
    if path.is_file():
        project = tomllib.loads(path.read_text())["project"]
        lines = list(project.get("dependencies", []))
        for extra in extras:
            lines += project.get("optional-dependencies", {}).get(extra, [])
        # An extra that names another of this package's extras (crosstrain[redis]) is this package, installed.
        return [r for r in map(Requirement, lines) if r.name != "crosstrain"]
    wanted = set(extras)
    found = []
    for line in metadata.requires("crosstrain") or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in wanted):
            requirement.marker = None
            found.append(requirement)
    return found


def requirement_problems(extras: Iterable[str] = (), pyproject: Path | None = None) -> list[str]:
    """One sentence per package the code needs that is missing or of a version it does not accept."""
    problems = []
    for requirement in _requirements(list(extras), pyproject):
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{requirement.name} is not installed (the code needs {requirement})")
            continue
        if requirement.specifier and not requirement.specifier.contains(installed, prereleases=True):
            problems.append(f"{requirement.name} {installed} is installed; the code needs {requirement}")
    return problems


def install_hint(extras: Iterable[str]) -> str:
    return INSTALL.format(extras=",".join(extras) or "postgres")


def explain_missing_module(
    error: ModuleNotFoundError, environ: Mapping[str, str] = os.environ, pyproject: Path | None = None
) -> str | None:
    """What to tell an admin whose virtualenv is older than the code (`No module named 'csp'` after a `git pull`),
    or None when every requirement is met (the error is then someone else's, and is raised as it is)."""
    extras = wanted_extras(environ)
    problems = requirement_problems(extras, pyproject)
    if not problems:
        return None
    lines = [
        f"crosstrain cannot start: {error}. The virtualenv is older than the code (an upgrade without a reinstall?):",
        *(f"  - {problem}" for problem in problems),
        f"Install what the code needs, then try again:  {install_hint(extras)}",
    ]
    return "\n".join(lines)
