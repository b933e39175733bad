#!/usr/bin/env bash
# Installs what sk-support needs to build and run on Debian/Ubuntu. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
apt_need ca-certificates gcc pkg-config
# Screen capture (xcap) on Linux: X11 through xcb, Wayland through PipeWire (bindgen needs libclang)
# and GBM.
apt_need libpipewire-0.3-dev libclang-dev libgbm-dev libxcb1-dev
apt_need libdbus-1-dev  # the SMTP password in the Secret Service (keyring over D-Bus)
need_rust
