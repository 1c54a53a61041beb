# Two commands on a fresh machine: `make run` (install, migrate, seed the demo, serve) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test install dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# torch is installed first and pinned: 2.13.0 is the CPU build; an unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,openai-whisper,postgres]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

run: install
	$(BIN)/qa-app db upgrade
	$(BIN)/qa-app demo
	$(BIN)/qa-app serve

# The scale tests also run against PostgreSQL and Redis: tests/services.sh starts both on loopback (as root, as CI
# runs) and prints their URLs. Where it cannot, those tests are skipped — except in CI, where they fail.
test: dev
	eval "$$(bash tests/services.sh || echo 'echo services not started: the PostgreSQL and Redis tests will be skipped >&2')" \
		&& $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info test-output
