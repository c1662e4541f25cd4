# Set-up and everyday commands. `make run` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
PORT   ?= 8501
# 127.0.0.1: this machine only. ADDRESS=0.0.0.0 listens on the network (put a login in front:
# README, "Running for a team").
ADDRESS ?= 127.0.0.1

.PHONY: run test bench lint format samples clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.address $(ADDRESS)

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n 2 --dist loadgroup -m "not spark" tests/analytics tests/app
	$(PY) -m pytest -p no:xdist -m spark tests/analytics/test_engine_exact.py
	$(PY) -m pytest tests/e2e

bench: $(VENV)/.dev
	$(PY) -m bench.run

samples: $(VENV)/.runtime
	$(PY) sample_data/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
