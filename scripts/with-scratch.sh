#!/usr/bin/env bash
# Runs a command with TMPDIR set to a fresh directory that is deleted when the command ends, so
# the scratch files and directories the tests write under the temporary directory (fixtures,
# model files, stores, the browser's profile) do not pile up in /tmp from run to run.
# Usage: scripts/with-scratch.sh COMMAND [ARG ...]
set -euo pipefail

dir=$(mktemp -d "${TMPDIR:-/tmp}/iotshield-scratch.XXXXXX")
trap 'rm -rf "$dir"' EXIT
TMPDIR="$dir" "$@"
