#!/usr/bin/env bash
# The window's benchmarks, on a virtual X server (Xvfb, Mesa's software renderer):
#   1. time to the first frame: the app against examples/baseline_window.rs (an empty window with
#      the app's renderer set-up), N runs each, alternating; target: app median ≤ 1.2 × baseline;
#   2. frame times while the environment probes run: max frame ≤ 16 ms;
#   3. repaints when idle: ≤ 1 a second (idle_frames ≤ 3 over the 3 s watched).
# Usage: scripts/bench-gui.sh [N]   (N runs of each for 1, default 15)
# SK_BENCH_PROFILE=dist measures the shipping build (fat LTO: a much longer build) instead of release.
# Exits 1 when a target is missed, 2 when a run fails. Not part of scripts/test.sh: figures
# depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
apt_need xvfb xdotool x11-xkb-utils xkb-data libx11-6 libx11-xcb1 libxcursor1 libxi6 libxkbcommon0 \
    libxkbcommon-x11-0 libegl1 libegl-mesa0 libgl1-mesa-dri libwayland-client0 libdbus-1-3
need_rust

runs="${1:-15}"
profile="${SK_BENCH_PROFILE:-release}"
case "$runs" in '' | *[!0-9]* | 0) echo "usage: $0 [N]  (N ≥ 1)" >&2; exit 2 ;; esac

echo "building (profile $profile)…" >&2
cargo build --locked --quiet --profile "$profile" --bin sk-support --example baseline_window
app="$CARGO_TARGET_DIR/$profile/sk-support"
baseline="$CARGO_TARGET_DIR/$profile/examples/baseline_window"

work=$(mktemp -d)
xvfb_pid=""
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

xvfb_start 1280x1024x24 "$work"
export SK_SUPPORT_LANG=en

value() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" | head -1; }

# first_frame PROGRAM: runs it with SK_SUPPORT_BENCH=first-frame and an empty data folder (the
# same start every time: no draft to restore); prints its first_frame_ms, nothing if it failed.
first_frame() {
    rm -rf "$work/data" && mkdir "$work/data"
    SK_SUPPORT_BENCH=first-frame SK_SUPPORT_DATA_DIR="$work/data" timeout 60 "$1" 2>>"$work/stderr" |
        value first_frame_ms || true
}


median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Warm the file cache and Mesa's shader cache: the first start of each is not measured.
first_frame "$app" >/dev/null
first_frame "$baseline" >/dev/null

# Other work on the machine shifts every figure: say how busy it was.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "first frame, $runs runs each (ms):"
: >"$work/app.ms"
: >"$work/baseline.ms"
for i in $(seq "$runs"); do
    a=$(first_frame "$app")
    b=$(first_frame "$baseline")
    if [ -z "$a" ] || [ -z "$b" ]; then
        echo "run $i: no first_frame_ms reported; errors:" >&2
        tail -20 "$work/stderr" >&2
        exit 2
    fi
    echo "$a" >>"$work/app.ms"
    echo "$b" >>"$work/baseline.ms"
    printf '  %2d  app %7.1f   baseline %7.1f\n' "$i" "$a" "$b"
done
app_ms=$(median <"$work/app.ms")
base_ms=$(median <"$work/baseline.ms")
ratio=$(awk -v a="$app_ms" -v b="$base_ms" 'BEGIN { printf "%.2f", a / b }')

missed=0
check() { # check NAME OK DETAIL
    if [ "$2" = 1 ]; then printf 'ok      %s: %s\n' "$1" "$3"; else printf 'MISSED  %s: %s\n' "$1" "$3"; missed=1; fi
}

echo
printf 'median first frame: app %.1f ms, baseline %.1f ms\n' "$app_ms" "$base_ms"
check "first frame ≤ 1.2 × baseline" "$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2) }')" "ratio $ratio"

# Frames while the probes run, then repaints while idle. The app reports once it has watched 3 s
# of idle; if it is still silent long after that (a window with nothing to do may not wake up to
# report), one pointer move inside the window wakes it: the frame it causes comes after the 3 s
# and is not counted.
rm -rf "$work/data" && mkdir "$work/data"
SK_SUPPORT_BENCH=frames SK_SUPPORT_DATA_DIR="$work/data" timeout 90 "$app" >"$work/frames" 2>>"$work/stderr" &
frames_pid=$!
nudges=0
for t in $(seq 600); do
    sleep 0.1
    kill -0 "$frames_pid" 2>/dev/null || break
    # From 15 s on (probes end within 3.5 s, then 3 s are watched), every 2 s.
    if [ "$t" -ge 150 ] && [ $((t % 20)) -eq 10 ]; then
        win=$(xdotool search --onlyvisible --name "Court Cabinet" 2>/dev/null | head -1 || true)
        if [ -n "$win" ]; then
            xdotool mousemove --window "$win" $((100 + nudges)) 100 2>/dev/null || true
            nudges=$((nudges + 1))
        fi
    fi
done
wait "$frames_pid" || { echo "the frames run failed or timed out:" >&2; tail -20 "$work/stderr" >&2; exit 2; }
line=$(grep -m1 '^max_frame_ms=' "$work/frames" || true)
[ -n "$line" ] || { echo "the frames run reported nothing" >&2; exit 2; }
echo
echo "frames: $line"
[ "$nudges" -gt 0 ] && echo "  (the app reported only after $nudges pointer move(s): it did not wake up by itself)"
max_frame=$(printf '%s' "$line" | value max_frame_ms)
idle_frames=$(printf '%s' "$line" | value idle_frames)
check "max frame ≤ 16 ms while the probes run" "$(awk -v m="$max_frame" 'BEGIN { print (m <= 16) }')" "$max_frame ms"
check "idle: ≤ 1 repaint/s (idle_frames ≤ 3 over 3 s)" "$([ "$idle_frames" -le 3 ] && echo 1 || echo 0)" \
    "$idle_frames frames"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$missed"
