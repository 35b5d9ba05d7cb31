#!/usr/bin/env bash
# Screenshot of a web page with headless Chromium (Debian's `chromium`).
# Usage: scripts/screenshot.sh URL OUT.png [WIDTH,HEIGHT]
# Waits up to 5 s of page time for scripts (the dashboard's first fetches) before the shot.
set -euo pipefail
(( $# >= 2 )) || { echo "usage: $0 URL OUT.png [WIDTH,HEIGHT]" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || { echo "screenshot: chromium not found (scripts/deps.sh chromium installs it)" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$profile" --hide-scrollbars --window-size="${3:-1440,900}" --virtual-time-budget=5000 \
    --screenshot="$2" "$1" >/dev/null 2>&1
[[ -s "$2" ]] || { echo "screenshot: no picture written for $1" >&2; exit 1; }
