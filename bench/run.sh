#!/usr/bin/env bash
# Benchmark entry point, called by `make bench` from the repo root (after the release build).
# Sets up bench/.venv with the Python peers, then runs the benchmarks; arguments pass through
# (e.g. `bench/run.sh --quick`, `bench/run.sh --keep`).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
VENV="$BENCH_DIR/.venv"
REQS="$BENCH_DIR/requirements.txt"
STAMP="$VENV/.requirements.installed"
BIN="$REPO_DIR/.build/release/iotshield"

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

"$VENV/bin/python" "$BENCH_DIR/ingest_bench.py" "$@"
