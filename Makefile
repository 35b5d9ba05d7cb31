# IoTShield — the two commands are `make demo` and `make test`.
SWIFT      ?= swift
BIN        := .build/release/iotshield
DEMO_OUT   := demo-out

.PHONY: all deps build test demo bench clean

all: build

## deps: install missing Debian packages (idempotent; quiet when present)
deps:
	@scripts/deps.sh

## build: release build of the iotshield command
build: deps
	$(SWIFT) build -c release --product iotshield

## test: build and run every test (debug build). The service's tests run on their own:
## on 2 cores, CPU-heavy tests in parallel would starve the server under test. Each run has a
## throwaway PostgreSQL server on loopback (scripts/with-postgres.sh) for the PostgreSQL store's tests.
test: deps
	@scripts/deps.sh chromium postgresql   # the dashboard's browser test; the PostgreSQL store's tests
	$(SWIFT) build --build-tests
	scripts/with-scratch.sh scripts/with-postgres.sh $(SWIFT) test --skip-build --skip IoTServiceTests
	scripts/with-scratch.sh scripts/with-postgres.sh $(SWIFT) test --skip-build --no-parallel --filter IoTServiceTests

## demo: the main job on the bundled real sample (Chromium checks that the report renders)
demo: build
	@scripts/deps.sh chromium curl
	@scripts/demo.sh $(BIN) $(DEMO_OUT)

## bench: benchmarks side by side with their peers; appends to bench/RESULTS.md
bench: build
	@bench/run.sh $(BENCH_ARGS)

clean:
	rm -rf .build $(DEMO_OUT)
