# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install lint messages clean bench vendor

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

# axe-core (MPL-2.0), the accessibility checker that tests/browser/test_accessibility.py runs in
# Chromium. Its files are committed, so the tests run offline and CI needs no npm; this target
# fetches the pinned release again from the npm registry, checks it against the pinned integrity
# and copies axe.min.js and its licences. To upgrade: `npm view axe-core version`, then set both
# lines from `npm pack axe-core@NEW --json` (its "integrity") and run `make vendor`.
AXE_VERSION := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_DIR := tests/browser/vendor/axe-core
vendor:
	rm -rf var/vendor && mkdir -p var/vendor $(AXE_DIR)
	cd var/vendor && npm pack --silent --json axe-core@$(AXE_VERSION) > pack.json
	grep -qF '"integrity": "$(AXE_INTEGRITY)"' var/vendor/pack.json \
		|| { echo "axe-core $(AXE_VERSION) does not match AXE_INTEGRITY" >&2; exit 1; }
	tar -xzf var/vendor/axe-core-$(AXE_VERSION).tgz -C var/vendor
	cp var/vendor/package/axe.min.js var/vendor/package/LICENSE \
		var/vendor/package/LICENSE-3RD-PARTY.txt $(AXE_DIR)/
	echo "axe-core $(AXE_VERSION) $(AXE_INTEGRITY)" > $(AXE_DIR)/VERSION
	rm -rf var/vendor

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
