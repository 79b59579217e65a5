# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Both create .venv, install torch (CPU build, pinned) before everything else, then coach.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run index test lint bench clean postgres

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first: this pin resolves to the CPU build; a bare requirement pulls a CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

index: install
	$(BIN)/coach bootstrap corpus

run: index
	$(BIN)/coach serve --host $(HOST) --port $(PORT)

# The app-database tests start a throwaway PostgreSQL; install it only where it is missing.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

test: install postgres
	$(BIN)/ruff check coach tests evals benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	$(BIN)/python -m evals.gate

lint: install
	$(BIN)/ruff check coach tests evals benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python -m benchmarks.ingest
	$(BIN)/python -m benchmarks.skills

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
