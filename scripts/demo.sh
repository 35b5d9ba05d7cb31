#!/usr/bin/env bash
# The demo: the main job on the bundled real CICIoT2023 sample.
# Usage: scripts/demo.sh BIN OUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"

echo "== 1. ingest the bundled real CICIoT2023 rows (data/ciciot2023/) into a column store"
"$bin" ingest data/ciciot2023 --out "$out/sample.iotc"
echo
echo "== 2. inspect the store"
"$bin" inspect "$out/sample.iotc"
echo
echo "demo outputs are in $out/"
