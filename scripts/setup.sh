#!/usr/bin/env bash
# Installs what sk-support needs to build and run on Debian/Ubuntu. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
apt_need ca-certificates gcc pkg-config
need_rust
