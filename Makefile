# Every verb works the same locally and in CI. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPEC := openapi/webpos.yaml
GEN_PACKAGE := webpos_generated
GEN_DIR := generated_client/$(GEN_PACKAGE)
STAMP := $(VENV)/.installed

.PHONY: help install generate check-generated lint-spec lint typecheck test test-only test-lowest demo bench clean

help: ## List the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --group dev -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the SDK with every dev tool
	@echo "installed into $(VENV)"

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

generate: $(STAMP) ## Regenerate generated_client/ from the spec through custom_templates/
	$(BIN)/python scripts/generate.py --output $(GEN_DIR)

check-generated: $(STAMP) ## Fail when generated_client/ differs from a fresh generation, or a template's upstream base moved
	$(BIN)/python scripts/template_bases.py --check
	$(BIN)/python scripts/generate.py --check $(GEN_DIR)

lint-spec: $(STAMP) node_modules/.installed ## Validate the spec; lint it with the committed Redocly ruleset and Spectral's spectral:oas (no finding allowed)
	$(BIN)/openapi-spec-validator $(SPEC)
	REDOCLY_TELEMETRY=off npx --no-install redocly lint $(SPEC) --config redocly.yaml --format stylish
	npx --no-install spectral lint $(SPEC) --ruleset .spectral.yaml --fail-severity=hint

.PHONY: spec-reuse dist
SPEC_REUSE := spec-reuse
spec-reuse: node_modules/.installed ## Generate TypeScript types from the spec (openapi-typescript) and type-check spec-reuse/usage.ts
	npx --no-install openapi-typescript $(SPEC) --redocly redocly.yaml --output $(SPEC_REUSE)/generated/webpos.d.ts
	npx --no-install tsc --project $(SPEC_REUSE)/tsconfig.json --strict --noEmit

.PHONY: spec-reuse-e2e
spec-reuse-e2e: node_modules/.installed ## Generate a TypeScript client with @hey-api/openapi-ts and compile spec-reuse/e2e.ts on it (run by tests/test_spec_reuse_e2e.py)
	rm -rf $(SPEC_REUSE)/generated/hey-api $(SPEC_REUSE)/generated/e2e-build
	npx --no-install openapi-ts --input $(abspath $(SPEC)) --output $(abspath $(SPEC_REUSE))/generated/hey-api \
	  --client @hey-api/client-fetch --silent --no-log-file
	npx --no-install tsc --project $(SPEC_REUSE)/tsconfig.e2e.json

lint: $(STAMP) ## ruff over the hand-written code
	$(BIN)/ruff check webpos_sdk tests scripts benchmarks generator
	$(BIN)/ruff format --check webpos_sdk tests scripts benchmarks generator

typecheck: $(STAMP) ## mypy --strict over the facade and the generated package; users' code (tests/typing) under mypy --strict and pyright strict; every exported symbol's type known (pyright --verifytypes, 100%)
	$(BIN)/mypy
	$(BIN)/mypy --strict --warn-unused-ignores tests/typing
	$(BIN)/basedpyright -p tests/typing/pyrightconfig.json tests/typing
	@out=$$(PYTHONPATH=.:generated_client $(BIN)/basedpyright --verifytypes webpos_sdk --ignoreexternal) \
	  && echo "$$out" | grep "completeness" || { echo "$$out" | grep -A2 -E "error|completeness"; exit 1; }

.PHONY: docs chromium openssl redis-server java
docs: $(STAMP) node_modules/.installed ## Build the HTTP API reference (Redoc) and the Python API reference (pdoc) into docs/
	$(BIN)/python scripts/build_docs.py --output docs

redis-server:
	@command -v redis-server >/dev/null || { \
	  echo "redis-server missing: installing Debian's package"; \
	  (apt-get update -qq && apt-get install -y -qq redis-server) >/dev/null; }

java:
	@command -v java >/dev/null || { \
	  echo "java missing: installing Debian's JRE (for the stock openapi-generator)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless) >/dev/null; }

openssl:
	@command -v openssl >/dev/null || { \
	  echo "openssl missing: installing Debian's package"; \
	  (apt-get update -qq && apt-get install -y -qq openssl) >/dev/null; }

chromium:
	@command -v chromium >/dev/null || { \
	  echo "chromium missing: installing Debian's package"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/dev/null; }

test: $(STAMP) node_modules/.installed redis-server openssl java chromium ## Install what is needed, then run every check and test
	$(MAKE) --no-print-directory lint-spec check-generated lint typecheck spec-reuse docs
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-stdlib-json

STDLIB_JSON_TESTS := tests/test_generated_client.py tests/test_callbacks.py tests/test_conformance.py \
  tests/test_facade_client.py tests/test_facade_errors.py tests/test_oracle_values.py tests/test_json_backend.py
.PHONY: test-stdlib-json
test-stdlib-json: $(STAMP) ## The decoding tests again on the standard library's JSON (orjson installed, WEBPOS_SDK_JSON=stdlib)
	WEBPOS_SDK_JSON=stdlib $(BIN)/python -m pytest -q $(STDLIB_JSON_TESTS)

test-only: $(STAMP) ## Run pytest alone (no install of system packages)
	$(BIN)/python -m pytest $(ARGS)

test-lowest: ## Run the unit tests under the lowest httpx, attrs and python-dateutil pyproject.toml allows (in .venv-lowest)
	$(PYTHON) scripts/lowest_versions.py $(ARGS)

demo: $(STAMP) ## Full payment-order lifecycle against the built-in sandbox
	$(BIN)/webpos demo

bench: $(STAMP) ## Benchmarks against baselines measured in the same run (not part of make test)
	$(BIN)/python benchmarks/run.py $(ARGS)
	$(BIN)/python benchmarks/faults.py

dist: $(STAMP) ## Build the sdist, then the wheel from it, into dist/ and twine-check both
	rm -rf dist
	$(BIN)/python -m build --outdir dist
	$(BIN)/twine check --strict dist/*

clean: ## Remove the virtualenv, node_modules, caches, built docs and the benchmark venv
	rm -rf $(VENV) node_modules .mypy_cache .pytest_cache .ruff_cache build dist *.egg-info docs/api docs/python docs/index.html spec-reuse/generated .bench .venv-lowest
