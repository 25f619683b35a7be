# Two entry points for a fresh machine: `make demo` (set up + run on the bundled corpus) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: setup demo test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: setup
	@mkdir -p $(OUT)
	$(BIN)/kehoach extract corpus/plans/* -o $(OUT) --force
	$(BIN)/kehoach extract corpus/plans/* -o $(OUT) --format md --force --quiet
	$(BIN)/kehoach extract corpus/plans/* -o $(OUT) --format csv --force --quiet
	$(BIN)/kehoach eval corpus/gold
	@echo "Extracted plans are in $(OUT)/ (JSON, outline .md, targets/responsibilities .csv)"

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/extract_bench.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache build dist
