# Two entry points for a fresh machine: `make demo` (set up + run on the bundled corpus) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: setup demo test check bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dev]'
	touch $@

demo: setup
	@mkdir -p $(OUT)
	$(BIN)/kehoach extract corpus/plans/* -o $(OUT) --force
	$(BIN)/kehoach extract corpus/plans/* -o $(OUT) --format md --force --quiet
	$(BIN)/kehoach extract corpus/plans/* -o $(OUT) --format csv --force --quiet
	$(BIN)/kehoach eval corpus/gold
	$(BIN)/kehoach derive corpus/plans/tinh-ha-giang-du-lich-cong-dong.md --unit "UBND xã Quản Bạ" --date 2026-01 \
		-o $(OUT)/derived-ke-hoach-xa-quan-ba.docx --review $(OUT)/derived-review.md --force
	$(BIN)/kehoach lint $(OUT)/derived-ke-hoach-xa-quan-ba.docx
	$(BIN)/kehoach coverage corpus/plans/tinh-ha-giang-du-lich-cong-dong.md $(OUT)/derived-ke-hoach-xa-quan-ba.docx \
		-o $(OUT)/coverage-xa-quan-ba.xlsx --force
	$(BIN)/kehoach diff corpus/pairs/agencies-merger/old.md corpus/pairs/agencies-merger/new.md
	$(BIN)/kehoach diff corpus/pairs/agencies-merger/old.md corpus/pairs/agencies-merger/new.md -o $(OUT)/so-sanh.docx --force
	$(BIN)/kehoach eval-diff corpus/pairs
	@echo "Extracted plans are in $(OUT)/ (JSON, outline .md, targets/responsibilities .csv);"
	@echo "the commune plan derived from the provincial one is $(OUT)/derived-ke-hoach-xa-quan-ba.docx (review: $(OUT)/derived-review.md),"
	@echo "its coverage of the parent $(OUT)/coverage-xa-quan-ba.xlsx; a revised plan with tracked changes $(OUT)/so-sanh.docx"

test: setup
	$(BIN)/python -m pytest

# Style and types, as pre-commit runs them: ruff (format, lint, import order) and mypy (strict on the contract).
check: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/extract_bench.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache build dist
