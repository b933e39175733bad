# Shared by the scripts: installing what is missing on Debian/Ubuntu. Source it, don't run it.

# Run as root, or through sudo when there is one.
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "need root to run: $*" >&2; return 1; fi
}

APT_UPDATED=""
# apt_need PACKAGE...: installs the packages that are not installed yet.
apt_need() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}" >&2
    if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# need_rust: cargo and the pinned toolchain (rust-toolchain.toml), with the Windows target.
need_rust() {
    if ! command -v cargo >/dev/null && [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"; fi
    if ! command -v cargo >/dev/null; then
        # Debian 13 and Ubuntu 24.04 package rustup; older releases get it from rustup.rs.
        if ! apt_need rustup 2>/dev/null; then
            apt_need curl ca-certificates
            curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain none
            export PATH="$HOME/.cargo/bin:$PATH"
        fi
    fi
    if command -v rustup >/dev/null; then
        rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install "$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)"
        rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
        rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
    fi
}

# A build directory outside the clone, shared by every checkout (CI reuses it between runs).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sk-support-target}"

# xvfb_start SCREEN DIR: our own X server (SCREEN like 1920x1080x24) on a free display: -displayfd
# writes its number once it accepts clients. Sets xvfb_pid, exports DISPLAY for it (X, never Wayland);
# its log is DIR/xvfb.log. Exits 2 when it does not start.
xvfb_start() {
    Xvfb -displayfd 3 -screen 0 "$1" -nolisten tcp -noreset 3>"$2/display" 2>"$2/xvfb.log" &
    xvfb_pid=$!
    for _ in $(seq 100); do [ -s "$2/display" ] && break; sleep 0.1; done
    [ -s "$2/display" ] || { echo "Xvfb did not start:" >&2; cat "$2/xvfb.log" >&2; exit 2; }
    export DISPLAY=":$(head -1 "$2/display")"
    unset WAYLAND_DISPLAY XDG_SESSION_TYPE
}
