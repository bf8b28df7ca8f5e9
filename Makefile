# Two front-door commands: `make demo` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: install demo serve cli-demo test lint typecheck docs screenshots unit test-postgres test-calendar bench loadtest clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Install, migrate, load the demo gym (safe to re-run), print the logins, then serve with the task worker beside
# the web server (reminders and emails are printed in this terminal); one Ctrl-C stops both. UNITS=imperial makes
# it a US gym (pounds, miles, US dates, New York time).
demo: install
	$(BIN)/python manage.py migrate --no-input
	HOST=$(HOST) $(BIN)/python manage.py demo_data $(if $(UNITS),--units $(UNITS))
	@echo "Serving on http://$(HOST)/ with the task worker beside it (reminders and other emails are printed here). Ctrl-C stops both."
	PYTHON_BIN=$(BIN)/python scripts/demo-serve $(HOST)

# The command line on the bundled examples.
cli-demo: install
	$(BIN)/crosstrain screen crosstrain/examples/screen-ana.json
	$(BIN)/crosstrain plan crosstrain/examples/profile-gym-novice.json

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# The docs site (MkDocs, Material theme) from docs/ into site/, strict: a broken link or a page missing from the
# navigation fails the build. The configuration reference and the OpenAPI page are generated (scripts/docs_hooks.py).
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# The README's and the docs' screenshots, taken anew in Chromium on a fresh demo gym.
screenshots: install
	$(BIN)/python scripts/screenshots

# Every test, at the pinned instant (tests/conftest.py): the browser tests and the production lane (gunicorn, DEBUG
# off, collected static files: tests/production) included.
unit: install
	$(BIN)/pytest

# The database tests again, against a real PostgreSQL server started for the run (skipped if none is installed,
# except in CI, where .ci/run installs one).
test-postgres: install
	@if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then \
		scripts/with-postgres $(BIN)/pytest tests/web; \
	elif [ -n "$$CI" ]; then echo "CI: PostgreSQL server missing" >&2; exit 1; \
	else echo "PostgreSQL server not installed: skipping the PostgreSQL lane"; fi

# The date-sensitive tests (marked `calendar`) again at each date of tests/clock.py's SWEEP: every weekday, the ends
# of a month and a year, a leap day, both daylight-saving changes (European and US rules), a late evening west of UTC.
test-calendar: install
	$(BIN)/python scripts/calendar-sweep

test: lint typecheck docs unit test-postgres test-calendar

bench: install
	$(BIN)/python -m benchmarks

# Page speed from outside (gunicorn + locust) as ratios to a bare view; not part of `make test`.
#   make loadtest ARGS='--scale large --database postgres'
loadtest: install
	$(BIN)/python -m benchmarks.loadtest $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis site
