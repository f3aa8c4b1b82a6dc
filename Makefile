# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install lint messages clean bench

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --once
	PORT=$(PORT) bash bin/run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# Regenerate the translation catalogues after changing user-facing strings (needs gettext).
messages: install
	$(PY) manage.py makemessages --locale zh_Hans --no-obsolete --no-location \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

# Benchmarks (docs/PERFORMANCE.md): builds the portal_bench database at the given scale, serves
# it with gunicorn and measures every page with wrk. Quick: make bench ISSUES=20000 DURATION=5s
STATIONS ?= 1000
DEPUTIES ?= 10000
ISSUES ?= 1000000
ACTIVITIES ?= 200000
DUE ?= 10000
DURATION ?= 20s
WARMUP ?= 5s
bench: install
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) -m bench.run --stations $(STATIONS) --deputies $(DEPUTIES) --issues $(ISSUES) \
		--activities $(ACTIVITIES) --due $(DUE) --duration $(DURATION) --warmup $(WARMUP)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
