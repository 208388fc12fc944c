# healthdash — every set-up step lives here, so a fresh machine needs only
# `make serve` (run the app) or `make test` (pass every test). A second run
# skips what is already installed.
#
# Tools are installed, never downloaded by Trunk: Trunk runs --offline with
# wasm-bindgen-cli (the exact version in Cargo.lock) and binaryen's wasm-opt
# (npm, node_modules/.bin) on PATH. Debian's binaryen is never used: its
# wasm-opt writes modules Chromium rejects (see ../shared/notes/toolchain.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
TRUNK_VERSION := 0.21.14
WASM_SPLIT_VERSION := 0.2.4
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3; exit}' Cargo.lock)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
CHROMIUM := /usr/bin/chromium
BUNDLE := public/bundle
HEALTHDASH := cargo run --release --quiet -p healthdash-cli --
# The real public datasets (Open Government Licence), read in place, never copied.
SHARED_DATA := ../shared/data
# Bundles built from them for the browser tests, loaded with data=real/<name>/manifest.json.
REAL := dist/real
export HEALTHDASH_BIN := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/release/healthdash

.PHONY: help setup tools node-tools python-tools browser bundle build site-bundles real-bundles broken-bundles serve test test-rust test-e2e clean

help:
	@echo "make serve   set up, build the default bundle and the release app, serve at http://127.0.0.1:$(PORT)/"
	@echo "make test    set up, then run the Rust tests, the release wasm build and the browser tests"

## --- set-up -----------------------------------------------------------------

setup: tools node-tools python-tools

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "Installing Trunk $(TRUNK_VERSION) (about 10 minutes on 2 cores)…"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (the version in Cargo.lock)…"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi
	@if ! cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; then \
	  echo "Installing wasm-split-cli $(WASM_SPLIT_VERSION) (splits the app's .wasm, tools/split_wasm.py)…"; \
	  cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary --locked --force; fi

# ECharts, wasm-opt, Playwright and axe-core for the app and the browser tests;
# hyparquet for the interop test (crates/cli/tests/cli/interop.rs).
node-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# pyarrow, DuckDB and polars: the interop tests check that bundles open in them
# and that Parquet they write opens in healthdash.
python-tools:
	@python3 -c "import pyarrow, duckdb, polars" 2>/dev/null || python3 -m pip install --quiet pyarrow duckdb polars

browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's Chromium…"; apt-get update -qq && apt-get install -y -qq chromium; }

## --- build ------------------------------------------------------------------

# The embedded default bundle: synthetic demonstration data, generated (never committed).
bundle:
	$(HEALTHDASH) synth --out $(BUNDLE)

# The site: the app, the demonstration bundle, every real bundle built from
# ../shared/data, and catalogue.json (the landing page's list of bundles).
build: setup bundle
	trunk build --release --offline
	$(MAKE) site-bundles

# Real bundles and the catalogue, added to dist/ after Trunk (which replaces dist/).
site-bundles: real-bundles
	$(HEALTHDASH) catalogue --out dist/catalogue.json dist/bundle $(REAL)/sustainability $(REAL)/discharge $(REAL)/beds $(REAL)/ae $(REAL)/ae-duckdb $(REAL)/fingertips

# Trust lookups, the old → current code crosswalk and IMD 2025 by ICB: the NHS
# hierarchy and peer context the discharge and beds bundles share.
NHS_CONTEXT := $(SHARED_DATA)/lookups/lookup_nhs_trusts22_icb22.csv $(SHARED_DATA)/lookups/lookup_nhs_trusts22_nhs_region21.csv \
  $(SHARED_DATA)/boundaries/code_crosswalk.csv $(SHARED_DATA)/imd/imd2025_england_icb24.csv

# ONS boundaries the real bundles ship for maps (matched by code; the crosswalk beside them maps older codes).
NHS_SHAPES := --boundaries $(SHARED_DATA)/boundaries/icb23_en_bsc.geojson $(SHARED_DATA)/boundaries/nhser24_en_bsc.geojson
LA_SHAPES := --boundaries $(SHARED_DATA)/boundaries/ctyua23_en_bsc.geojson $(SHARED_DATA)/boundaries/lad24_en_bsc.geojson

# Bundles built with `healthdash build` from the real published files, served
# beside the app (dist/real/<name>/) and listed in its catalogue. Metadata of
# the shipped bundles lives in bundles/<name>.toml. fingertips-suppressed is the
# North West export with counts below 10 withheld (issue 16), for
# e2e/specs/suppression.spec.ts; it is not in the catalogue.
real-bundles: ae-duckdb
	$(HEALTHDASH) build $(SHARED_DATA)/fingertips/fingertips-export-north-west.csv \
	  --meta crates/cli/tests/fixtures/fingertips-north-west.toml --areas $(SHARED_DATA)/fingertips/areas.csv \
	  --published 2025-01-01 --out $(REAL)/fingertips $(LA_SHAPES)
	$(HEALTHDASH) build $(SHARED_DATA)/fingertips/fingertips-export-north-west.csv \
	  --meta crates/cli/tests/fixtures/fingertips-north-west.toml --areas $(SHARED_DATA)/fingertips/areas.csv \
	  --published 2025-01-01 --suppress-below 10 --out $(REAL)/fingertips-suppressed
	$(HEALTHDASH) build $(SHARED_DATA)/ae/england_trust_accidents_emergency.csv $(SHARED_DATA)/ae/england_icb_accidents_emergency.csv \
	  $(SHARED_DATA)/lookups/lookup_nhs_trusts22_icb22.csv $(SHARED_DATA)/lookups/lookup_nhs_trusts22_nhs_region21.csv \
	  $(SHARED_DATA)/imd/imd2025_england_icb24.csv \
	  --areas $(SHARED_DATA)/fingertips/areas.csv --published 2025-01-01 --out $(REAL)/ae $(NHS_SHAPES)
	$(HEALTHDASH) build $(SHARED_DATA)/discharge/england_trust_criteria_to_reside.csv \
	  $(SHARED_DATA)/discharge/england_icb_criteria_to_reside.csv \
	  $(SHARED_DATA)/discharge/england_delayed_discharge_reasons_trust.csv \
	  $(SHARED_DATA)/beds/england_critical_general_acute_beds.csv $(NHS_CONTEXT) \
	  --meta bundles/discharge.toml --published 2025-01-01 --out $(REAL)/discharge $(NHS_SHAPES)
	$(HEALTHDASH) build $(SHARED_DATA)/beds/england_critical_general_acute_beds.csv $(NHS_CONTEXT) \
	  --meta bundles/beds.toml --published 2025-01-01 --out $(REAL)/beds $(NHS_SHAPES)
	$(HEALTHDASH) build $(SHARED_DATA)/sustainability/eric_trust_energy_water_2013-14_to_2016-17.csv \
	  $(SHARED_DATA)/sustainability/carbon_factors_defra.csv \
	  --meta bundles/sustainability.toml --published 2025-01-01 --out $(REAL)/sustainability

# The A&E bundle again, published as a publisher with DuckDB would
# (examples/publish-with-duckdb): values from SQL, manifest from `healthdash
# index`. In the catalogue, so e2e/specs/real-data.spec.ts opens it on every
# view. Its areas table is a build by-product, kept out of dist/.
DUCKDB_AREAS := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/ae-duckdb-areas.csv
.PHONY: ae-duckdb
ae-duckdb: python-tools
	python3 examples/publish-with-duckdb/publish.py $(SHARED_DATA) $(REAL)/ae-duckdb $(DUCKDB_AREAS)
	$(HEALTHDASH) index $(REAL)/ae-duckdb --meta examples/publish-with-duckdb/meta.toml --areas $(DUCKDB_AREAS)

# Broken and hostile bundles (generated from the default one) for the reliability tests.
broken-bundles: python-tools
	python3 e2e/fixtures/make_broken.py $(BUNDLE) dist/broken

serve: build
	@echo "Serving dist/ at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	node e2e/static-server.mjs dist $(PORT)

## --- tests ------------------------------------------------------------------

test: setup browser
	$(MAKE) test-rust
	$(MAKE) build
	$(MAKE) test-e2e

test-rust:
	cargo test --workspace

test-e2e: broken-bundles
	npx playwright test --config e2e/playwright.config.ts

clean:
	rm -rf dist $(BUNDLE) e2e/test-results e2e/playwright-report

## --- Spark publishing recipe (not part of `make test`) -----------------------

# examples/publish-with-spark: the A&E values computed by PySpark in local
# mode, indexed by `healthdash index`, then checked against healthdash's own
# build of the same files (compare.py: files, metadata, organisations, every
# row). Installs a Java runtime (Debian's default-jre-headless) when none is on
# PATH, and PySpark with pip.
SPARK_OUT := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/spark
.PHONY: test-spark
test-spark: python-tools
	@command -v java >/dev/null || { echo "Installing a Java runtime for Spark…"; apt-get update -qq && apt-get install -y -qq default-jre-headless; }
	@python3 -c "import pyspark" 2>/dev/null || { echo "Installing PySpark…"; python3 -m pip install --quiet pyspark; }
	rm -rf $(SPARK_OUT) && mkdir -p $(SPARK_OUT)
	python3 examples/publish-with-spark/publish.py $(SHARED_DATA) $(SPARK_OUT)/ae-spark $(SPARK_OUT)/areas.csv
	$(HEALTHDASH) index $(SPARK_OUT)/ae-spark --meta examples/publish-with-spark/meta.toml --areas $(SPARK_OUT)/areas.csv
	$(HEALTHDASH) build $(SHARED_DATA)/ae/england_trust_accidents_emergency.csv $(SHARED_DATA)/ae/england_icb_accidents_emergency.csv \
	  $(SHARED_DATA)/lookups/lookup_nhs_trusts22_icb22.csv $(SHARED_DATA)/lookups/lookup_nhs_trusts22_nhs_region21.csv \
	  $(SHARED_DATA)/imd/imd2025_england_icb24.csv \
	  --areas $(SHARED_DATA)/fingertips/areas.csv --published 2025-01-01 --out $(SPARK_OUT)/ae
	python3 examples/publish-with-spark/compare.py $(SPARK_OUT)/ae $(SPARK_OUT)/ae-spark

## --- fuzzing (not part of `make test`) --------------------------------------

# cargo fuzz (libFuzzer) on the data engine: fuzz/fuzz_targets/{manifest,parquet,url,bundle}.rs
# (bundle: a whole bundle, manifest and files, mutated with structure and run
# through every view; it builds its seed bundle in memory).
# cargo-fuzz compiles with nightly-only rustc flags (-Zsanitizer=address). The
# machine has only stable Rust and no nightly can be fetched, so RUSTC_BOOTSTRAP=1
# lets the stable compiler accept them; AddressSanitizer's runtime ships with
# stable's rust-std, so the targets run under ASan as they would on nightly (ASan
# is also what makes -malloc_limit_mb work). Each target runs FUZZ_SECONDS,
# seeded from the default bundle (fuzz/seeds/seeds.py), a tiny bundle healthdash
# writes from fuzz/seeds/values.csv, and fuzz/seeds/url/; corpora and crashes stay
# in fuzz/corpus/ and fuzz/artifacts/ (not committed). Any crash, panic, leak,
# timeout or input that makes it allocate over 2 GB fails the target. Minimise a
# crash with `RUSTC_BOOTSTRAP=1 cargo fuzz tmin --fuzz-dir fuzz <target> <file>`
# and add it to crates/core/tests/fuzz_regressions.rs, named after where the reader
# refuses it and why (e.g. parquet-footer-chunk-past-data-<crash>.parquet).
.PHONY: fuzz
FUZZ_SECONDS ?= 60
CARGO_FUZZ_VERSION := 0.13.2
FUZZ := RUSTC_BOOTSTRAP=1 cargo fuzz
FUZZ_FLAGS := -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 -print_final_stats=1
fuzz: bundle python-tools
	@if [ "$$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $(CARGO_FUZZ_VERSION)" ]; then \
	  echo "Installing cargo-fuzz $(CARGO_FUZZ_VERSION)…"; \
	  cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked; fi
	$(HEALTHDASH) build fuzz/seeds/values.csv --meta fuzz/seeds/values.toml --published 2024-06-30 --out fuzz/corpus/seed-bundle
	mkdir -p fuzz/corpus/manifest fuzz/corpus/parquet fuzz/corpus/url fuzz/corpus/bundle
	cp fuzz/corpus/seed-bundle/manifest.json fuzz/corpus/manifest/seed-small.json
	cp fuzz/url-manifest.json fuzz/corpus/manifest/seed-url.json
	for f in fuzz/corpus/seed-bundle/values/*.parquet; do cp $$f fuzz/corpus/parquet/seed-healthdash-$$(basename $$f); done
	python3 fuzz/seeds/seeds.py $(BUNDLE) fuzz/corpus
	$(FUZZ) build --fuzz-dir fuzz
	@failed=""; for t in manifest parquet url bundle; do \
	  echo "== fuzz $$t: $(FUZZ_SECONDS) s"; \
	  seeds=""; extra=""; \
	  if [ $$t = url ]; then seeds=fuzz/seeds/url; extra=-dict=fuzz/url.dict; fi; \
	  if [ $$t = bundle ]; then extra="-max_len=2048 -len_control=0"; fi; \
	  $(FUZZ) run --fuzz-dir fuzz $$t fuzz/corpus/$$t $$seeds -- -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) $$extra \
	    || failed="$$failed $$t"; done; \
	if [ -n "$$failed" ]; then echo "make fuzz: crashes in:$$failed (inputs in fuzz/artifacts/)"; exit 1; fi; \
	echo "make fuzz: no crash in manifest, parquet, url, bundle ($(FUZZ_SECONDS) s each)"

## --- browser benchmark (not part of `make test`) ------------------------------

# `make bench`: the healthdash engine compiled to wasm against DuckDB-wasm and
# hyparquet + JavaScript in headless Chromium, on synthetic bundles of about
# 100 000, 1 million and 10 million rows, plus the app's cold start and filter
# change; writes BENCHMARKS.md. BENCH_SIZES=100k,1m picks sizes; BENCH_RUNS,
# BENCH_LOAD_RUNS and BENCH_APP_RUNS set repetitions (see bench/run.mjs).
# The peers are installed here only (bench/package-lock.json), never by `make test`.
.PHONY: bench bench-wasm
BENCH_PKG := dist/bench/pkg

bench-wasm:
	cargo build --release --target wasm32-unknown-unknown -p healthdash-bench-wasm -j 2
	wasm-bindgen --target web --out-dir $(BENCH_PKG) \
	  $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown/release/healthdash_bench_wasm.wasm

# What each crate costs in the app's .wasm (twiggy on Cargo's output, grouped
# by bench/wasm_size.py), then the shipped files' sizes, raw and gzip.
TWIGGY_VERSION := 0.8.0
.PHONY: wasm-size
wasm-size: build
	@if [ "$$(twiggy --version 2>/dev/null)" != "twiggy-opt $(TWIGGY_VERSION)" ]; then \
	  echo "Installing twiggy $(TWIGGY_VERSION)…"; cargo install twiggy --version $(TWIGGY_VERSION) --locked; fi
	twiggy top -n 1000000 -f csv $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown/release/healthdash-web.wasm | python3 bench/wasm_size.py
	@for f in dist/*.wasm dist/healthdash-web-*.js; do printf '%10s raw %10s gzip  %s\n' "$$(stat -c %s $$f)" "$$(gzip -9 -c $$f | wc -c)" "$$f"; done

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	@touch $@

bench: build browser bench/node_modules/.installed
	cargo build --release -p healthdash-cli -j 2
	node bench/prepare.mjs
	$(MAKE) bench-wasm
	node bench/run.mjs
