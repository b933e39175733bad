#!/bin/sh
# Makes the seed corpus in fuzz/corpus/pkcs12 (not committed): the NCA test keystores, once as
# they are (read with "Qwerty12") and once behind a password-choice byte, plus a few keystores
# made by OpenSSL (PBES2/AES, legacy RC2-40 + 3DES, no MAC).
# Usage, from the repository root: sh fuzz/seed-corpus.sh [path/to/fixtures/nca]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fixtures=${1:-"$here/../../shared/fixtures/nca"}
corpus="$here/corpus/pkcs12"
mkdir -p "$corpus"
n=0
if [ -d "$fixtures" ]; then
    for f in "$fixtures"/*/*.p12; do
        n=$((n + 1))
        cp "$f" "$corpus/nca-$n.p12"
        case "$(basename "$f")" in
            KEY_CEO_REVOKED_2015.p12 | KEY_INDIVIDUAL_VALID_2015.p12) choice='\001' ;; # Aa123456
            *) choice='\000' ;;                                                       # Qwerty12
        esac
        { printf "$choice"; cat "$f"; } >"$corpus/nca-$n-choice.p12"
    done
else
    echo "no fixtures at $fixtures: OpenSSL-made seeds only" >&2
fi
if command -v openssl >/dev/null; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=Fuzz -days 1 \
        -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
    i=0
    for opts in "" "-legacy" "-nomac -certpbe AES-256-CBC" "-certpbe PBE-SHA1-3DES -macalg sha512"; do
        i=$((i + 1))
        # shellcheck disable=SC2086
        openssl pkcs12 -export -in "$tmp/cert.pem" -inkey "$tmp/key.pem" -passout pass:Qwerty12 \
            $opts -out "$corpus/openssl-$i.p12"
    done
fi
echo "seed corpus: $(ls "$corpus" | wc -l) files in $corpus"
