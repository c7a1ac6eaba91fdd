#!/usr/bin/env bash
# The throughput benchmark: installs what it needs (GNU time, pcre2grep) when missing,
# builds Winnow in release mode and runs Tests/Benchmarks/bench.py (settings in its header).
# The table goes to standard output and .build/bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v pcre2grep >/dev/null || missing+=(pcre2-utils)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
make --no-print-directory build >&2
exec python3 Tests/Benchmarks/bench.py
