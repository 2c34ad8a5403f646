# Everything a new user needs: `make demo` and `make test`. Needs only python3 (3.11), git, make;
# npm (optional) fetches the U.S. Web Design System and axe-core, never committed.
PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synced-stamp
# USWDS's built files, copied where Django's staticfiles finds them (git-ignored).
USWDS_DIST := node_modules/@uswds/uswds/dist
USWDS_STATIC := src/aordesk/portal/static/uswds
ASSETS := $(USWDS_STATIC)/css/uswds.min.css
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test test-pg check lint typecheck bench install clean screenshots deploy-check

$(UV):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --compile-bytecode --python $(PYTHON)
	@touch $(STAMP)

# Without npm the pages keep a small stand-in stylesheet and the accessibility test skips.
$(ASSETS): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && \
	  rm -rf $(USWDS_STATIC) && mkdir -p $(USWDS_STATIC)/css $(USWDS_STATIC)/js && \
	  cp -R $(USWDS_DIST)/fonts $(USWDS_DIST)/img $(USWDS_STATIC)/ && \
	  cp $(USWDS_DIST)/js/uswds.min.js $(USWDS_STATIC)/js/ && \
	  cp $(USWDS_DIST)/css/uswds.min.css $(USWDS_STATIC)/css/; \
	else \
	  echo "npm not found: skipping the U.S. Web Design System and axe-core (pages use a stand-in stylesheet, the accessibility test skips)"; \
	fi

install: $(STAMP) $(ASSETS)

demo: $(STAMP) $(ASSETS)
	$(BIN)/aordesk demo

test: $(STAMP) $(ASSETS)
	$(BIN)/pytest $(PYTEST_ARGS)

test-pg: $(STAMP) $(ASSETS)
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# Rewrites docs/screenshots/ from the synthetic staff scene (never run by CI).
screenshots: $(STAMP) $(ASSETS)
	$(BIN)/pytest -m screenshots tests/portal/test_screenshots.py

check: lint typecheck test

# systemd-analyze verify on deploy/systemd, nginx -t on deploy/nginx, check --deploy.
deploy-check: $(STAMP)
	deploy/check.sh

bench: $(STAMP)
	@# Bytecode up front: with PYTHONDONTWRITEBYTECODE set, every worker process would
	@# otherwise compile Django and aordesk again at start.
	$(BIN)/python -m compileall -q src bench
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) var node_modules $(USWDS_STATIC)
