# logscope: `make demo` and `make test` are the two commands; both install what they need.
# Every install step checks first, so a second run installs nothing.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen library that Cargo.lock pins.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/[^0-9.]/, ""); print}' Cargo.lock)
WASM_OPT_VERSION := 132

# wasm-bindgen-test runs s3-presign's wasm tests in headless Chromium through chromedriver.
WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120

.PHONY: all test demo bench tools lint test-native test-wasm site fuzz clean

all: test

## Tools --------------------------------------------------------------------------------------

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
		|| rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@trunk --version 2>/dev/null | grep -qx 'trunk $(TRUNK_VERSION)' \
		|| cargo install trunk --version $(TRUNK_VERSION) --locked
	@test -n '$(WASM_BINDGEN_VERSION)' || { echo 'no wasm-bindgen in Cargo.lock' >&2; exit 1; }
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' \
		|| cargo install wasm-bindgen-cli --version '=$(WASM_BINDGEN_VERSION)'
	@if ! { command -v chromium && command -v chromedriver; } >/dev/null; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi
	@wasm-opt --version 2>/dev/null | grep -q 'version $(WASM_OPT_VERSION)' \
		|| npm ci --no-audit --no-fund
	@echo "tools ready: trunk $(TRUNK_VERSION), wasm-bindgen $(WASM_BINDGEN_VERSION), wasm-opt $(WASM_OPT_VERSION), $$(chromium --version 2>/dev/null)"

## Checks and tests ---------------------------------------------------------------------------

lint: tools
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --all-features -- -D warnings
	cargo clippy -p s3-presign -p s3-read -p session-log -p doctor -p dashboard --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings

test-wasm: tools
	$(WASM_TEST_ENV) cargo test -p s3-presign --target wasm32-unknown-unknown --test wasm

# The release build of the site: a folder of static files.
site: tools
	trunk build --release
	@ls -l dist/*.wasm | awk '{print "wasm bytes:", $$5}'
	@for f in dist/index.html dist/*.js dist/*.wasm dist/*.css; do gzip -6cn "$$f" | wc -c; done \
		| awk '{s += $$1} END {print "first load, gzip -6:", s, "bytes (budget 300000; make bench reports it as a goal)"}'

# Native tests (the dashboard's models among them: none needs a DOM), end-to-end tests
# against the in-process S3 server, and browser tests on dist/.
test-native: site
	cargo test --workspace --all-features

test: lint test-wasm site test-native

## Fuzzing ---------------------------------------------------------------------------------

# Each target of fuzz/fuzz_targets/ for FUZZ_SECONDS (600 by default), one after another,
# then executions, corpus and coverage per target. Needs the nightly toolchain (cargo-fuzz
# builds with nightly-only sanitizer flags). Not part of `make test`: it takes 40 minutes.
FUZZ_SECONDS ?= 600
CARGO_FUZZ_VERSION := 0.13.2

fuzz:
	@rustc +nightly --version >/dev/null 2>&1 || { echo 'make fuzz needs nightly Rust: rustup toolchain install nightly' >&2; exit 1; }
	@cargo fuzz --version 2>/dev/null | grep -qx 'cargo-fuzz $(CARGO_FUZZ_VERSION)' \
		|| cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

## Benchmarks and demo ------------------------------------------------------------------------

# The boto3 baselines run in a venv with the pinned requirements; the copy of the pins in it
# says they are installed, so the venv is made once and redone only when the pins change.
BENCH_VENV := target/bench/venv

$(BENCH_VENV)/requirements.txt: tests/bench/requirements.txt
	@test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	cp $< $@

# The third one seeds local-s3 with 10,000 sessions and times boto3 (sequential, 16 threads),
# `logscope stats`, a native floor and the dashboard in headless Chromium (cold, then warm)
# over them, then the dashboard's listing and table over 100,000 sessions; it prints the speed
# goals as met or missed and writes target/bench/results.json and target/bench/scale.md.
# The next three put boto3, Chromium's floor, the dashboard and logscope stats on the loopback,
# Sealos and far links (tests/benches/links.rs); the last two measure the summary index on the
# Sealos link at 10,000 and 100,000 sessions (`--index`).
bench: site $(BENCH_VENV)/requirements.txt
	cargo bench -p s3-presign --bench presign
	cargo bench -p session-log --features corpus --bench parse
	cargo bench -p local-s3 --bench listing
	cargo build --release -p logscope
	LOGSCOPE_BENCH_PYTHON=$(CURDIR)/$(BENCH_VENV)/bin/python \
		LOGSCOPE_BENCH_LOGSCOPE=$(CURDIR)/target/release/logscope \
		cargo bench -p logscope-e2e --bench scale
	LOGSCOPE_BENCH_PYTHON=$(CURDIR)/$(BENCH_VENV)/bin/python \
		LOGSCOPE_BENCH_LOGSCOPE=$(CURDIR)/target/release/logscope \
		cargo bench -p logscope-e2e --bench links -- --link loopback --sessions 10000
	LOGSCOPE_BENCH_PYTHON=$(CURDIR)/$(BENCH_VENV)/bin/python \
		LOGSCOPE_BENCH_LOGSCOPE=$(CURDIR)/target/release/logscope \
		cargo bench -p logscope-e2e --bench links -- --link sealos --sessions 10000
	LOGSCOPE_BENCH_PYTHON=$(CURDIR)/$(BENCH_VENV)/bin/python \
		LOGSCOPE_BENCH_LOGSCOPE=$(CURDIR)/target/release/logscope \
		cargo bench -p logscope-e2e --bench links -- --link far --sessions 2000
	LOGSCOPE_BENCH_LOGSCOPE=$(CURDIR)/target/release/logscope \
		cargo bench -p logscope-e2e --bench links -- --link sealos --sessions 10000 --index
	LOGSCOPE_BENCH_LOGSCOPE=$(CURDIR)/target/release/logscope \
		cargo bench -p logscope-e2e --bench links -- --link sealos --sessions 100000 --index

# The dashboard on 127.0.0.1:8080 and a local S3 server on 127.0.0.1:9000 with the sample logs.
demo: site
	cargo run --release -p logscope -- demo --dist dist --sample ../shared/sample

clean:
	rm -rf dist target/criterion target/bench
