PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
# an editable install (the checkout's code runs as is) always gets setuptools' notice "Editable
# installation ... folders with the same name as your package may take precedence": by design
# here (factdesk/ links to the checkout's folders), so that one notice is not shown
PIP_INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: run test check bench bench-50k bench-smoke bench-hostile eval screenshots screenshots-terminals clean

# `make run` installs what running needs; `make test` (and the other targets) add the test tools
$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(PIP_INSTALL) -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PIP_INSTALL) -e '.[test]'
	touch $(STAMP)

run: $(RUNTIME)
	$(BIN)/factdesk

# the whole suite, with the habits checked first: formatting, lint, types (the factdesk package)
test: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

check: test

screenshots: $(STAMP)
	$(BIN)/python -m factdesk.tui.screenshots screenshots

clean:
	rm -rf $(VENV) build *.egg-info

# Real terminal emulators under Xvfb (not part of `make test`: it needs a display server and
# the terminals: apt-get install xvfb xdotool imagemagick x11-utils xterm xfce4-terminal mlterm konsole)
screenshots-terminals: $(STAMP)
	tools/terminal_screenshots.sh

bench: $(STAMP)
	$(BIN)/python -m bench --n 10000

bench-50k: $(STAMP)
	$(BIN)/python -m bench --n 50000

bench-smoke: $(STAMP)
	$(BIN)/python -m bench --n 200

bench-hostile: $(STAMP)
	$(BIN)/python -m bench.hostile --n 3000

eval: $(STAMP)
	$(BIN)/python -m eval.score
