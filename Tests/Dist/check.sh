#!/usr/bin/env bash
# Checks that a `make dist` binary is relocatable: it needs no shared library but the C library and
# its companions (no Swift runtime, Foundation, ICU, PCRE2, zlib or libstdc++), and it runs from an
# empty folder with a bare environment (no LD_LIBRARY_PATH, no toolchain on PATH), with the default
# rules embedded and a --rules pack read from a file beside it.
# usage: Tests/Dist/check.sh [BINARY]   (default dist/winnow)
set -euo pipefail
binary=$(realpath "${1:-dist/winnow}")
allowed='^(libc|libm|libgcc_s|libpthread|libdl|librt|libutil|ld-linux-x86-64|ld-linux-aarch64)\.so'
fail() { echo "dist check: $*" >&2; exit 1; }

[ -x "$binary" ] || fail "$binary is not an executable (run make dist)"
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf found no NEEDED entries in $binary"
unexpected=$(grep -Ev "$allowed" <<<"$needed" || true)
[ -z "$unexpected" ] || fail "$binary needs libraries a bare Linux machine lacks: $(tr '\n' ' ' <<<"$unexpected")"
if ldd "$binary" | grep -Ei 'swift|foundation|icu|pcre|libz\.|libstdc\+\+|not found'; then
	fail "ldd shows a library that should be linked in"
fi

folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
cp "$binary" "$folder/winnow"
cat >"$folder/in.jsonl" <<'EOF'
{"id":"a","text":"Home | News | Sport\nThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate about the cost of the works.\nShare on Facebook"}
{"id":"b","text":"Die Bahnstrecke zwischen Kassel und Fulda ist seit der Nacht zum Mittwoch gesperrt, teilte eine Sprecherin der Bahn am Morgen mit.\nDiese Seite teilen"}
not json
EOF
cat >"$folder/pack.yaml" <<'EOF'
rules:
  - id: dist-check-harbour
    label: teasers
    patterns: ['^The harbour wall']
    priority: 99
EOF
run() { (cd "$folder" && env -i PATH=/usr/bin:/bin HOME="$folder" ./winnow "$@"); }
status=0
output=$(run clean --format jsonl --rejects rejects.jsonl --stats stats.json in.jsonl) || status=$?
[ "$status" = 1 ] || fail "winnow clean exited $status, expected 1 (one malformed line rejected)"
[ "$(grep -c '"segments"' <<<"$output")" = 2 ] || fail "expected two cleaned documents, got: $output"
grep -q '"label":"navigation","by":"rule:' <<<"$output" || fail "the embedded default rules did not label the menu: $output"
grep -q '"reason":"malformed JSON"' "$folder/rejects.jsonl" || fail "the malformed line was not rejected"
grep -q '"documents": 3' "$folder/stats.json" || fail "stats: $(cat "$folder/stats.json")"
status=0
output=$(run clean --format jsonl --rules pack.yaml in.jsonl 2>/dev/null) || status=$?
grep -q 'rule:dist-check-harbour' <<<"$output" || fail "the --rules pack beside the binary was not used: $output"
glibc=$(objdump -T "$binary" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -1 || true)
echo "dist check: $binary runs from an empty folder with a bare environment; it needs only: $(tr '\n' ' ' <<<"$needed")(${glibc:-glibc} or later)"
