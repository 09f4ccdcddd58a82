# `make run` and `make test` set everything up on a fresh machine (a virtualenv in .venv).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check fast bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	# Bytecode now, as a wheel install would: with PYTHONDONTWRITEBYTECODE set, every command
	# would otherwise compile quizprep's sources again (~0.1 s of a cold `quizprep grade`).
	$(PY) -m compileall -q quizprep
	touch $(STAMP)

run: $(STAMP)  ## start quizprep on the built-in bank
	$(VENV)/bin/quizprep

test: $(STAMP)  ## the whole test suite, slow tests included
	$(PY) -m pytest -q

fast: $(STAMP)  ## the suite without the slow tests
	$(PY) -m pytest -q -m "not slow"

check: $(STAMP)  ## format, lint, type-check, then the quick tests
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -m "not slow"

bench: $(STAMP)  ## grading benchmarks (reported in notes, never asserted in tests)
	$(PY) bench/grade_bench.py
	$(PY) bench/app_bench.py
	$(PY) bench/batch_bench.py
	$(PY) bench/exercise_bench.py
	$(PY) bench/cold_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
