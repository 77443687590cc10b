# The two set-up commands the README names: `make demo` and `make test`.
# Each creates the virtualenv and installs what it needs on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint types unit postgresql bench faults snapshot-update clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11+ or run make PYTHON=python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/replydesk --demo

test: lint types unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

# The team store's tests run a throwaway PostgreSQL from the machine's binaries; install them
# where they are missing (Debian/Ubuntu; sudo when not root).
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null || { \
	  command -v apt-get >/dev/null || { echo "error: the team-store tests need PostgreSQL's server (pg_ctl); install your system's postgresql package"; exit 1; }; \
	  echo "installing PostgreSQL for the team-store tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; }

unit: $(STAMP) postgresql
	$(BIN)/pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python -m bench.run

# The long reliability runs: 1 000 crash rounds, 10 minutes of faults (bench/results/faults.json).
faults: $(STAMP)
	$(BIN)/python -m bench.faults

snapshot-update: $(STAMP)
	$(BIN)/pytest tests/snapshots --snapshot-update

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
