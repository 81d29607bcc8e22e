# Two commands do all set-up: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_WARM := $(VENV)/.compiled-loops
# The files that hold the engine's compiled loops: after an update that changes any of them,
# the loops are compiled again here, before the game or the tests, not inside the first turn.
LOOPS := $(shell grep -rl --include='*.py' '@kernel' game 2>/dev/null)

.PHONY: play test lint format bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

$(STAMP_WARM): $(STAMP_RUN) $(LOOPS)
	$(PY) -m game.warm
	touch $@

play: $(STAMP_RUN) $(STAMP_WARM)
	$(PY) main.py

test: $(STAMP_TEST) $(STAMP_WARM)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: $(STAMP_TEST)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: $(STAMP_TEST)
	$(PY) benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
