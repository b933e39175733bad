#!/usr/bin/env bash
# Encoding a screenshot, on a realistic frame: a virtual X server (Xvfb, 1920×1080) shows the app's
# own window (release build, Mesa's software renderer, an empty data folder), the README's
# screenshot in ImageMagick's viewer and a page of text; `sk-support capture` captures it, then
# `cargo bench --bench screenshot` measures the app's PNG (oxipng) against the image crate's
# encoder and optipng -o2 on the frame (targets: ≤ 1.1 × optipng's size, ≤ 300 ms).
# Usage: scripts/bench-capture.sh [RUNS]   (default 5). The frame is kept as
# ${TMPDIR:-/tmp}/sk-support-bench-frame.png. Exits 1 when a target is missed, 2 when a step fails.
# Not part of scripts/test.sh: figures depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
apt_need xvfb xdotool x11-xserver-utils imagemagick optipng fonts-dejavu-core libx11-6 libx11-xcb1 libxcursor1 \
    libxi6 libxkbcommon0 libxkbcommon-x11-0 libegl1 libegl-mesa0 libgl1-mesa-dri libwayland-client0 libdbus-1-3 \
    libpipewire-0.3-dev libclang-dev libgbm-dev libxcb1-dev
need_rust

runs="${1:-5}"
case "$runs" in '' | *[!0-9]* | 0) echo "usage: $0 [RUNS]  (RUNS ≥ 1)" >&2; exit 2 ;; esac

echo "building (release)…" >&2
cargo build --locked --quiet --release --bin sk-support
app="$CARGO_TARGET_DIR/release/sk-support"

work=$(mktemp -d)
pids=()
stop_all() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    pids=()
}
cleanup() {
    stop_all
    rm -rf "$work"
}
trap cleanup EXIT

xvfb_start 1920x1080x24 "$work"
export SK_SUPPORT_LANG=en

# A desktop's colour, then the windows (no window manager: each stays where it is put).
xsetroot -solid '#3a6ea5'
mkdir "$work/data"
SK_SUPPORT_DATA_DIR="$work/data" "$app" >"$work/app.log" 2>&1 &
pids+=($!)
display -geometry +620+150 docs/screenshot.png 2>>"$work/display.log" &
pids+=($!)
# A page of text as a terminal shows it (ImageMagick reads no @file under Debian's policy: the text
# is an argument).
convert -size 1000x290 xc:'#1e1e1e' -font DejaVu-Sans-Mono -pointsize 13 -fill '#d4d4d4' \
    -annotate +12+22 "$(head -19 README.md | cut -c1-118)" "$work/text.png"
display -geometry +30+780 "$work/text.png" 2>>"$work/display.log" &
pids+=($!)
pids+=("$xvfb_pid")

# Wait for the app's window and the two viewers, then for the app to finish its first frames
# (detection fills the environment section within about 3.5 s).
for _ in $(seq 600); do
    app_win=$(xdotool search --onlyvisible --name "Court Cabinet" 2>/dev/null | head -1 || true)
    viewers=$(xdotool search --onlyvisible --class display 2>/dev/null | wc -l || true)
    [ -n "$app_win" ] && [ "$viewers" -ge 2 ] && break
    sleep 0.1
done
[ -n "${app_win:-}" ] || { echo "the app's window did not appear:" >&2; tail -20 "$work/app.log" >&2; exit 2; }
sleep 5

frame="${TMPDIR:-/tmp}/sk-support-bench-frame.png"
"$app" capture --out "$work/frame.png" >/dev/null || { echo "capture failed" >&2; exit 2; }
cp "$work/frame.png" "$frame"
echo "frame: $frame ($(identify -format '%wx%h, %k colours' "$frame"))"

# The windows are no longer needed: the measurement gets the whole machine.
stop_all

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
status=0
cargo bench --locked --quiet --bench screenshot -- "$frame" "$runs" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
