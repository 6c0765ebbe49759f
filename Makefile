# Kring: `make run` to try it, `make test` to check it. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*/pyproject.toml)
STAMP := $(VENV)/.installed

.PHONY: run test bench lint typecheck pytest install translations clean

run: install translations
	$(BIN)/kring demo
	KRING_LIST_TENANTS=true $(BIN)/kring serve

test: install translations
	bash scripts/test-services.sh $(MAKE) --no-print-directory lint typecheck pytest

# make bench BENCH_ARGS="--scale national": the pages measured beside a country's data
bench: install translations
	bash scripts/test-services.sh $(BIN)/python bench/run.py $(BENCH_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml $(PLUGINS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $(STAMP)

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d platform/kring/translations -D messages >/dev/null

messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output -o platform/kring/translations/messages.pot platform/kring
	$(BIN)/pybabel update -i platform/kring/translations/messages.pot -d platform/kring/translations

clean:
	rm -rf $(VENV) instance .test-services
