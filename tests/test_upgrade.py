"""Upgrading a gym (issue 28): a database made by an early version (the demo gym of 26 November 2026, 49 migrations,
kept in tests/data) migrates to this version with every row kept and its pages answering; `manage.py preflight` says
what to do before and that it is ready after; new code in an old virtualenv is told what to install."""

from __future__ import annotations

import ast
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from crosstrain.preflight import explain_missing_module, requirement_problems, wanted_extras

ROOT = Path(__file__).resolve().parents[1]
OLD_GYM = ROOT / "tests" / "data" / "demo-gym-2026-11-26.sqlite3.gz"
# Tables Django fills itself on migrate: the migrations applied, content types and their permissions.
GROWS_ON_MIGRATE = {"django_migrations", "django_content_type", "auth_permission"}

PAGES = """
from django.test import Client
from crosstrain.accounts.models import User, Runner
from crosstrain.programs.models import Program
answers = {}
ana = User.objects.get(username="demo-ana")
coach = User.objects.get(username="coach-maya")
runner = Runner.objects.get(user=ana)
session = Program.objects.filter(runner=runner, status="published").get().sessions.order_by("date").first()
for who, paths in (
    (ana, ["/me/", "/me/history/", "/me/progress/", f"/me/sessions/{session.id}/", "/me/plan/"]),
    (coach, ["/coach/", f"/coach/runners/{runner.id}/", "/coach/training/", "/coach/cohorts/"]),
):
    client = Client()
    client.force_login(who)
    for path in paths:
        answers[path] = client.get(path).status_code
print(answers)
"""


def _counts(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database)) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'") if "sqlite_" not in t]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _manage(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_", "DATABASE_URL", "DJANGO_"))}
    env.update(DATABASE_URL=f"sqlite:///{database}", CROSSTRAIN_ALLOWED_HOSTS="testserver")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_an_early_gym_upgrades_with_every_row_kept_and_its_pages_answering(tmp_path: Path) -> None:
    database = tmp_path / "gym.sqlite3"
    with gzip.open(OLD_GYM) as packed, database.open("wb") as out:
        shutil.copyfileobj(packed, out)
    before = _counts(database)
    assert before["training_setlog"] > 1000
    assert before["django_migrations"] == 49

    told = _manage(database, "preflight")
    assert told.returncode == 1, told.stdout + told.stderr
    assert "migration(s) to apply" in told.stdout
    assert "then run manage.py migrate" in told.stdout
    assert "Not ready: migrations first." in told.stdout

    migrated = _manage(database, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr

    after = _counts(database)
    for table, rows in before.items():
        if table not in GROWS_ON_MIGRATE:
            assert after.get(table) == rows, f"{table}: {rows} rows before the upgrade, {after.get(table)} after"

    ready = _manage(database, "preflight")
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "every migration is applied" in ready.stdout
    assert "Ready to start." in ready.stdout
    # The defaults that changed since then are said, so the upgrade changes nothing silently.
    assert "CROSSTRAIN_HSTS_SECONDS is not set" in ready.stdout
    assert "run_worker" in ready.stdout

    pages = _manage(database, "shell", "-c", PAGES)
    assert pages.returncode == 0, pages.stderr
    answers = ast.literal_eval(pages.stdout.strip().splitlines()[-1])  # the dict the snippet printed
    assert answers, pages.stdout
    assert all(status == 200 for status in answers.values()), answers


def test_new_code_in_an_old_virtualenv_is_told_what_to_install(tmp_path: Path) -> None:
    """After `git pull` without a reinstall, a package the code now needs is missing: the admin is told which and
    the command that installs it, instead of a bare traceback."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "crosstrain"\ndependencies = ["django>=5.2,<5.3", "crosstrain-not-a-real-package>=1"]\n'
        '[project.optional-dependencies]\npostgres = ["psycopg[binary]>=99"]\n'
    )
    error = ModuleNotFoundError("No module named 'crosstrain_not_a_real_package'")
    said = explain_missing_module(error, {"DATABASE_URL": "postgres:///crosstrain"}, pyproject)
    assert said is not None
    assert "crosstrain-not-a-real-package is not installed" in said
    assert "psycopg" in said
    assert "the code needs psycopg[binary]>=99" in said
    assert "django" not in said.split("older than the code")[1].split("Install")[0]  # django is as it should be
    assert "pip install -e '.[postgres]'" in said


def test_the_checkout_s_requirements_are_all_met_here() -> None:
    # The environment the tests run in is the one `make install` made: nothing for the preflight to complain of.
    assert requirement_problems(["postgres", "redis"]) == []
    assert wanted_extras({"DATABASE_URL": "postgres:///x", "CROSSTRAIN_CACHE_URL": "redis://r:6379/1"}) == [
        "postgres",
        "redis",
    ]


def test_a_missing_module_that_is_not_the_virtualenv_s_fault_is_raised_as_it_is(tmp_path: Path) -> None:
    """Every requirement met, yet a module is missing (a typo in a setting, a stray import): manage.py shows the
    real error rather than a wrong hint."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        DJANGO_SETTINGS_MODULE="crosstrain.web.no_such_settings_module",
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode != 0
    assert "No module named 'crosstrain.web.no_such_settings_module'" in done.stderr
    assert "virtualenv is older" not in done.stderr


@pytest.mark.parametrize("missing", ["csp"])
def test_manage_py_explains_a_package_missing_from_the_virtualenv(tmp_path: Path, missing: str) -> None:
    """The real path through manage.py: the settings import a package the virtualenv lacks. Here the package is
    hidden (a stand-in that cannot be imported) and its distribution's metadata too, as in a virtualenv made
    before the code needed it."""
    shadow = tmp_path / "shadow"
    (shadow / missing).mkdir(parents=True)
    (shadow / missing / "__init__.py").write_text(
        f"raise ModuleNotFoundError(\"No module named '{missing}'\", name='{missing}')\n"
    )
    (shadow / "sitecustomize.py").write_text(
        "import importlib.metadata as m\n"
        "_version = m.version\n"
        "def version(name):\n"
        "    if name.lower().replace('_', '-') == 'django-csp':\n"
        "        raise m.PackageNotFoundError(name)\n"
        "    return _version(name)\n"
        "m.version = version\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_", "DATABASE_URL", "DJANGO_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", PYTHONPATH=str(shadow))
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1
    assert "crosstrain cannot start: No module named 'csp'" in done.stderr
    assert "django-csp is not installed" in done.stderr
    assert ".venv/bin/pip install -e '.[postgres]'" in done.stderr
    assert "Traceback" not in done.stderr
