# The two commands of the README: `make run` and `make test`. Both need only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck contracts bench clean
#: mypy cannot follow the editable install's import hook (setup.py's package-dir mapping puts compat/ at
#: schemata.compat), so it reads a tree of symlinks laid out as the installed namespace (pyproject's mypy_path).
TYPECHECK_TREE := build/typecheck/schemata

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/schemata serve --host 127.0.0.1 --port 8081 --database-url sqlite:///./schemata.db

test: lint contracts typecheck
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .

# The import contracts of pyproject.toml ([tool.importlinter]); grimp finds the mapped packages through the hook.
contracts: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	mkdir -p $(TYPECHECK_TREE)
	for folder in compat registry cli; do ln -sfn ../../../$$folder $(TYPECHECK_TREE)/$$folder; done
	$(BIN)/mypy -p schemata

bench: $(STAMP)
	$(BIN)/python -m benchmarks.registry_throughput

clean:
	rm -rf $(VENV) *.egg-info build .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
