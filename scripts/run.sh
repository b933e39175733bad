#!/usr/bin/env bash
# Installs what is missing, builds sk-support and starts it with the given arguments
# (none: the window). Paths in the arguments are relative to where you are.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
"$repo/scripts/setup.sh"
. "$repo/scripts/lib.sh"
# What the window loads at run time: X11 or Wayland, keyboard maps, OpenGL (Mesa) through EGL.
# Screen capture (xcap) links PipeWire, GBM and XCB.
apt_need libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon0 libxkbcommon-x11-0 \
    libwayland-client0 libegl1 libegl-mesa0 libgl1-mesa-dri libpipewire-0.3-0 libgbm1 libxcb1 libdbus-1-3
(cd "$repo" && cargo build --release --quiet)
exec "$CARGO_TARGET_DIR/release/sk-support" "$@"
