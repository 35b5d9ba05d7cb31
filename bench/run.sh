#!/usr/bin/env bash
# Benchmark entry point, called by `make bench` from the repo root (after the release build).
# Sets up bench/.venv with the Python peers, then runs the benchmarks.
#
#   bench/run.sh [--only NAME[,NAME...]] [options passed to every benchmark]
#
# NAME is one of the entries of BENCHMARKS below (default: all, in that order); the other
# options (e.g. --quick, --keep, --runs N) pass through to each benchmark script.
# `make bench BENCH_ARGS="--only ingest --quick"` does the same through make.
# IOTSHIELD_BIN=PATH benchmarks that binary instead of the repo's .build/release/iotshield.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
VENV="$BENCH_DIR/.venv"
REQS="$BENCH_DIR/requirements.txt"
STAMP="$VENV/.requirements.installed"
# IOTSHIELD_BIN overrides the binary (e.g. a build with another --scratch-path).
BIN="${IOTSHIELD_BIN:-$REPO_DIR/.build/release/iotshield}"
export IOTSHIELD_BIN="$BIN"

cd "$REPO_DIR"

# Python peers: create the venv once; run pip only when requirements.txt changed since the last
# successful install or a listed package is gone (pip itself then skips what is satisfied).
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
all_installed() {
    "$VENV/bin/python" - "$REQS" <<'PY'
import re, sys
from importlib.metadata import PackageNotFoundError, version
for line in open(sys.argv[1]):
    name = re.split(r"[\s<>=!~;\[#]", line.strip(), maxsplit=1)[0]
    if name:
        try:
            version(name)
        except PackageNotFoundError:
            sys.exit(1)
PY
}
if ! cmp -s "$REQS" "$STAMP" || ! all_installed; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQS"
    cp "$REQS" "$STAMP"
fi

if [[ ! -x "$BIN" ]]; then
    echo "bench/run.sh: $BIN not found; build it first" \
         "(swift build -c release, or just \`make bench\`)." >&2
    exit 1
fi

# The exact invocation, recorded in bench/RESULTS.md.
BENCH_INVOCATION="bench/run.sh"
if (( $# )); then
    BENCH_INVOCATION+=" $(printf '%q ' "$@")"
    BENCH_INVOCATION="${BENCH_INVOCATION% }"
fi
export BENCH_INVOCATION

# name → script; each script appends its own section to bench/RESULTS.md.
BENCHMARKS=(
    "ingest:ingest_bench.py"
    "prep:prep_bench.py"
    "models:models_bench.py"
    "memory:memory_bench.py"
    "service:service_bench.py"
    "sensor:sensor_bench.py"
)

ONLY=""
PASS=()
while (( $# )); do
    case "$1" in
        --only) ONLY="${2:?--only needs a name}"; shift 2 ;;
        --only=*) ONLY="${1#--only=}"; shift ;;
        *) PASS+=("$1"); shift ;;
    esac
done

ran=0
for entry in "${BENCHMARKS[@]}"; do
    name="${entry%%:*}"; script="${entry#*:}"
    if [[ -n "$ONLY" && ",$ONLY," != *",$name,"* ]]; then continue; fi
    echo "== bench: $name ($script)"
    "$VENV/bin/python" "$BENCH_DIR/$script" "${PASS[@]}"
    ran=$((ran + 1))
done
if (( ran == 0 )); then
    echo "bench/run.sh: no benchmark named '$ONLY' (have: ${BENCHMARKS[*]%%:*})" >&2
    exit 2
fi
