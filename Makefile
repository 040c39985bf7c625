# `make run` serves the app with the Aleppo seed data; `make test` runs the whole suite.
# Both create .venv and install the project into it first, so a fresh clone needs only Python 3.11+.
# `make run` also starts the worker for background jobs beside the server, and stops it with it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

AXE := node_modules/axe-core/axe.min.js

.PHONY: run test lint messages

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

run: export DEBUG = 1
run: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py dev_login
	@echo "A worker runs large imports and exports in the background; it stops with the server."
	$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; exit' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# axe-core for the accessibility scan, where npm is at hand (without it that test is skipped).
$(AXE): package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $(AXE); fi

test: $(INSTALLED) $(AXE)
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# After marking new text for translation: gather it into the Arabic catalogue (GNU gettext),
# translate the new entries in claimtracker/locale/ar/LC_MESSAGES/django.po, run it again.
messages: export DEBUG = 1
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages -l ar --no-obsolete --ignore '.venv/*' \
		--ignore 'tests/*' --ignore 'bench/*' --ignore 'node_modules/*' --ignore 'var/*'
	$(BIN)/python manage.py compilemessages -l ar --ignore .venv
