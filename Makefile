# critmin: every target sets itself up on a fresh machine that has Python 3.11 and pip.
PYTHON ?= python3.11
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run test eval agreement train bench ui release clean

# uv lives in its own small environment so `uv sync` never removes it from the project's.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs exactly the locked versions (uv.lock), the spaCy English model included, compiled to bytecode
# once here: no later process compiles the libraries' sources again, even where PYTHONDONTWRITEBYTECODE
# is set (this machine sets it: every build spent about 3 s compiling Dagster, SQLAlchemy and alembic).
$(VENV)/.synced: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	$(VENV)/bin/python -m compileall -q pipeline schemas
	@touch $@

setup: $(VENV)/.synced

run: setup
	$(VENV)/bin/critmin build

test: setup
	$(VENV)/bin/pytest

# Builds every evaluation corpus, scores it with ../shared/eval/score.py, writes warehouse/eval/results.md.
eval: setup
	$(VENV)/bin/python -m pipeline.evaluation

# Scores the second real-news gold (tests/realnews/gold-second) against the first, and the reverse: how far two
# annotators agree; with critmin beside them when `make eval` has built the development part. Gold files only.
agreement: setup
	$(VENV)/bin/python -m pipeline.agreement

# Refits pipeline/extract/models/scorer.json from the real-news development gold (needs tests/realnews/texts).
train: setup
	$(VENV)/bin/python -m pipeline.train

# Builds generated corpora of 1,000, 4,000 and 16,000 articles (1 in 10 on topic) and 1,000 on topic, each
# beside a plain spaCy pass over the same texts; writes warehouse/bench/results.md. About half an hour on
# 2 cores. BENCH_ARGS="--stream 200 --on-topic 100" for a quick look.
bench: setup
	$(VENV)/bin/python -m pipeline.bench.run $(BENCH_ARGS)

# Releases the last build as warehouse/releases/<version>/ and <version>.zip; VERSION=2026.11.0 picks the version.
release: setup
	$(VENV)/bin/critmin release $(if $(VERSION),--version $(VERSION))

ui: setup
	mkdir -p .dagster_home
	cp dagster-instance.yaml .dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(VENV)/bin/dagster dev -h 127.0.0.1 -p 3000  # the code location (critmin, pipeline.definitions) is named in pyproject.toml

clean:
	rm -rf $(VENV) $(TOOLS) .dagster_home
	# warehouse/landing/ is kept: fetched pages cannot be fetched again as they were.
	find warehouse -mindepth 1 -maxdepth 1 ! -name sample ! -name README.md ! -name bench ! -name landing -exec rm -rf {} +
	rm -rf warehouse/bench/work
