# Two commands do all the set-up from a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
# Every folder holding a Python package: the apps and the configuration.
APPS := $(sort $(dir $(wildcard */__init__.py)))

.PHONY: install run test worker lint format check audit messages clean bench mutation dictionaries

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml setup.py tests/browser/package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	# The project itself, editable: this is what makes the `site/` folder importable as `config`.
	$(PY) -m pip install --quiet --no-deps -e .
	# axe-core for the accessibility tests, from the npm registry (pinned in package-lock.json).
	if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --silent; fi
	touch $(STAMP)

install: $(STAMP)

# Serve the demo portal on http://127.0.0.1:8000/ with the background worker beside it.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Portail : http://127.0.0.1:8000/   Back office : http://127.0.0.1:8000/admin/"
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) worker --interval 1 & \
	$(MANAGE) stripe_standin --port 12111 & \
	$(MANAGE) runserver 127.0.0.1:8000

# The worker alone (what production runs next to gunicorn).
worker: install
	$(MANAGE) worker

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# The apps' dependencies point one way (contracts in pyproject.toml).
	$(VENV)/bin/lint-imports
	# No block of six or more duplicated lines outside tests and migrations.
	$(VENV)/bin/pylint --score=no $(APPS) setup.py gunicorn.conf.py

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Migrations in step with the models; production settings pass the deployment checks.
check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
	ALLOWED_HOSTS=portail.example.fr ANYMAIL_PROVIDER=postmark \
	$(MANAGE) check --deploy --fail-level WARNING

# Known vulnerabilities in the pinned dependencies, from PyPI's advisory data. --strict:
# a dependency that could not be audited fails too, instead of passing unchecked. Needs
# PyPI's JSON API, which this machine's package mirror lacks: not in .ci/run (README).
audit: install
	$(VENV)/bin/pip-audit --strict --vulnerability-service pypi -r requirements-dev.txt

# Refresh the French translations after changing a string in the code.
messages: install
	$(MANAGE) makemessages --locale fr --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(MANAGE) compilemessages --locale fr --ignore '.venv/*'

# The password check's French dictionaries, made anew from their pinned data packages
# (clients/dictionaries/build.py says which); needs npm and PyPI. The files are committed.
dictionaries: install
	$(PY) clients/dictionaries/build.py

clean:
	rm -rf $(VENV) var

# Throughput of the client pages against a bare Django view, with gunicorn, PostgreSQL and
# Redis on this machine (bench/bench.py says what it needs); not part of `make test` nor CI.
bench: install
	$(PY) bench/bench.py
	$(PY) bench/client_features.py
	$(PY) bench/back_office.py

# Mutation testing of the modules that hold the rules ([tool.mutmut] in pyproject.toml):
# each small change mutmut makes to them must make a test fail. Writes the report to
# mutation/report.md (per module: killed, survived, equivalent, score) and fails below
# 90 %. About two hours on two cores; not part of `make test` nor CI (README, "Tests").
mutation: install
	rm -rf mutants
	-$(VENV)/bin/mutmut run --max-children $$(nproc)
	$(PY) mutation/report.py > mutation/report.md; status=$$?; cat mutation/report.md; exit $$status
