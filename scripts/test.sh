#!/usr/bin/env bash
# Installs what is missing (Debian/Ubuntu) and runs every check and test:
# format, lints (Linux and Windows), unit and integration tests on Linux, the Windows build,
# and the Windows build's tests under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
apt_need ca-certificates gcc pkg-config python3 gcc-mingw-w64-x86-64
# Building screen capture (xcap) for Linux: X11 through xcb, Wayland through PipeWire (bindgen needs
# libclang) and GBM.
apt_need libpipewire-0.3-dev libclang-dev libgbm-dev libxcb1-dev
# The SMTP password in the Secret Service (keyring over D-Bus).
apt_need libdbus-1-dev
# Real browsers and a real JDK for the detection tests (none is ever started by the app on Windows).
apt_need chromium firefox-esr openjdk-17-jre-headless
# OpenSSL: the reference reader of the NCA keystores in the EDS tests.
apt_need openssl
# The window's end-to-end tests (tests/it/gui.rs): a virtual X server, typing into it (setxkbmap
# sets the us, ru and kz layouts), screenshots of failures, and what the app needs to open its
# window there (X11, xkbcommon, EGL/GL with Mesa's software renderer). The capture tests
# (tests/it/capture.rs) paint its root with xsetroot and show a window with ImageMagick's display.
apt_need xvfb xdotool x11-xkb-utils x11-xserver-utils xkb-data imagemagick libx11-6 libx11-xcb1 libxcursor1 \
    libxi6 libxkbcommon0 libxkbcommon-x11-0 libegl1 libegl-mesa0 libgl1-mesa-dri libwayland-client0 libdbus-1-3
# The SMTP tests' server (tests/it/smtp_server.py): aiosmtpd, from Debian/Ubuntu's package, else (a
# python3 that does not see it, e.g. pyenv's) from PyPI.
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    apt_need python3-aiosmtpd
    python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet aiosmtpd==1.4.6
fi
need_rust
step() { printf '\n==> %s\n' "$*"; }
WIN=x86_64-pc-windows-gnu

step "format"
cargo fmt --all --check

step "lints (Linux, Windows)"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --all-targets --target "$WIN" -- -D warnings

step "tests (Linux)"
cargo test --locked

step "fuzzing the keystore and certificate readers (bounded)"
# A fresh machine may lack cargo-fuzz and a C++ compiler (libFuzzer is C++); the nightly
# toolchain comes with the image or from rustup.
apt_need g++
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
sh fuzz/seed-corpus.sh >/dev/null
export SK_FUZZ_TARGET_DIR="$HOME/.cache/sk-support-fuzz"
(cd fuzz && CARGO_TARGET_DIR="$SK_FUZZ_TARGET_DIR" cargo +nightly fuzz build)
for target in pkcs12 certificate; do
    fuzz_log=$(mktemp)
    # -timeout: one input taking over 10 s is a failure too.
    if ! (cd fuzz && CARGO_TARGET_DIR="$SK_FUZZ_TARGET_DIR" cargo +nightly fuzz run "$target" -- \
            -max_total_time="${SK_FUZZ_SECONDS:-45}" -timeout=10 >"$fuzz_log" 2>&1); then
        tail -40 "$fuzz_log"
        echo "fuzzing $target found a failure (input in fuzz/artifacts/$target)" >&2
        exit 1
    fi
    printf '%s: ' "$target"; grep -E "^Done [0-9]+ runs" "$fuzz_log" || tail -1 "$fuzz_log"
    rm -f "$fuzz_log"
done

step "Windows build"
cargo build --locked --all-targets --target "$WIN"

step "Windows tests under Wine"
. scripts/wine-env.sh
wine_setup
trap wine_stop EXIT
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
# The library's unit tests, as Windows programs.
cargo test --locked --target "$WIN" --lib
# The integration tests as a Windows program (Windows paths, processes, files); the .eml checks
# need Python, the Wine set-up needs `wine reg` and the window and capture tests need Xvfb and X
# tools, and the SMTP tests need Python's aiosmtpd, which the Windows side has not: they run in the
# next step.
cargo test --locked --target "$WIN" --test it -- --skip eml:: --skip detect::wine_ --skip detect::compose_ \
    --skip cert::compose_fills --skip gui:: --skip capture:: --skip smtp:: --skip ui_mail::
# What `winecfg -v` switches: the Windows build reports Windows 10 after it, Windows 7 SP1 before.
python3 - "$CARGO_TARGET_DIR/$WIN/debug/sk-support.exe" <<'PY'
import json, subprocess, sys
exe = sys.argv[1]
def os_name():
    out = subprocess.run(["wine", exe, "detect", "--json"], capture_output=True, check=True, timeout=60)
    return json.loads(out.stdout)["os"]
failed = 0
try:
    subprocess.run(["wine", "winecfg", "-v", "win10"], check=True, capture_output=True, timeout=60)
    win10 = os_name()
finally:
    subprocess.run(["wine", "winecfg", "-v", "win7"], check=True, capture_output=True, timeout=60)
win7 = os_name()
checks = [
    ("winecfg -v win10 gives Windows 10", win10["name"].startswith("Windows 10") and win10["version"].startswith("10.0.")),
    ("winecfg -v win7 gives Windows 7 SP1 (build 7601)", win7["name"] == "Windows 7" and win7["service_pack"] == "Service Pack 1" and win7["build"] == "7601"),
]
for name, ok in checks:
    print(("ok     " if ok else "FAILED ") + name)
    failed += not ok
print(f"{len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY

# The whole integration suite, from Linux, against the Windows sk-support.exe. The window tests
# (under Wine on their own Xvfb, WGPU_BACKEND=gl) and the capture tests (GDI capturing their own
# Xvfb) run afterwards, each set alone: every program of a Wine prefix shares one desktop process,
# and one started by a command-line test has no display.
export SK_SUPPORT_TEST_BIN="$CARGO_TARGET_DIR/$WIN/debug/sk-support.exe" SK_SUPPORT_TEST_RUNNER=wine
cargo test --locked --test it -- --skip gui:: --skip capture::
cargo test --locked --test it gui::
cargo test --locked --test it capture::
