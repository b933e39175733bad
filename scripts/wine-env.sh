# Sets up Wine for running the Windows build's tests. Source it after lib.sh.
# A private prefix under ~/.cache, so nothing of the user's own Wine is touched.
apt_need wine wine64 gcc-mingw-w64-x86-64
export WINEPREFIX="${SK_WINEPREFIX:-$HOME/.cache/sk-support-wine}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"  # no Mono/Gecko install prompts
wine_setup() {
    if [ ! -f "$WINEPREFIX/system.reg" ]; then
        echo "creating the Wine prefix $WINEPREFIX" >&2
        wineboot --init >/dev/null 2>&1 || true
        wineserver -w || true
    fi
    local shim="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
    local src="scripts/wine/processprng.c"
    if [ ! -f "$shim" ] || [ "$src" -nt "$shim" ]; then
        x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" "$src" scripts/wine/processprng.def -ladvapi32
    fi
    # Start the server and Wine's services now, detached from our output: started later by a
    # test's child process, they would inherit its pipes and the test would wait for ever.
    # (A server left running, e.g. by an earlier run, is replaced: it is not persistent.)
    wineserver -k </dev/null >/dev/null 2>&1 || true
    wineserver -w </dev/null >/dev/null 2>&1 || true
    wineserver -p </dev/null >/dev/null 2>&1
    wine cmd /c exit </dev/null >/dev/null 2>&1 || true
}

wine_stop() {
    wineserver -k >/dev/null 2>&1 || true
}
