#!/usr/bin/env bash
# Installs what is missing, builds sk-support and starts it with the given arguments
# (none: the help; later the window). Paths in the arguments are relative to where you are.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
"$repo/scripts/setup.sh"
. "$repo/scripts/lib.sh"
(cd "$repo" && cargo build --release --quiet)
exec "$CARGO_TARGET_DIR/release/sk-support" "$@"
