#!/usr/bin/env bash
# Installs what IoTShield needs from Debian's packages, only what is missing; quiet when all is there.
# Usage: scripts/deps.sh [extra-package ...]
set -euo pipefail

packages=(libzstd-dev libpcap-dev zlib1g-dev libopenblas-dev libpq-dev pkg-config "$@")

if ! command -v swift >/dev/null 2>&1; then
    echo "deps: the Swift toolchain (swift) is not on PATH; install Swift 6 first (https://www.swift.org/install/)." >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
(( ${#missing[@]} == 0 )) && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
echo "deps: installing ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
