# Two commands do all set-up on a fresh machine:
#   make run   — create .venv, install, ingest corpus/ into the embedded store and print what was found
#   make test  — create .venv, install, run the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench clean neo4j-up neo4j-down

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/plangraph demo corpus

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .plangraph .pytest_cache

# A local Neo4j Community 5.26 on bolt://127.0.0.1:7687 (NEO4J_BOLT=host:port to change) from Maven Central,
# no Docker: needs Java 17 and Maven (graph/neo4j_server/README.md). `make test` does not need it.
neo4j-up:
	graph/neo4j_server/neo4j.sh up

neo4j-down:
	graph/neo4j_server/neo4j.sh down
