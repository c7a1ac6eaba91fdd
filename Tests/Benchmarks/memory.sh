#!/usr/bin/env bash
# Memory benchmark: cleans a generated 1 GiB JSONL file with the release build of `winnow clean`
# under GNU time and prints its peak resident memory. Fails when the peak is over the limit.
#   make bench-memory                       (or: bash Tests/Benchmarks/memory.sh)
#   BENCH_BYTES=200000000 make bench-memory a smaller input; BENCH_LIMIT_MB sets the limit (200)
# The data is generated once under .build/bench/ (never committed) and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${BENCH_BYTES:-1073741824}
LIMIT_MB=${BENCH_LIMIT_MB:-200}
JOBS=${BENCH_JOBS:-$(nproc)}
BENCH=.build/bench
DATA=$BENCH/corpus-$SIZE.jsonl
OUT=$BENCH/out
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi
make --no-print-directory build
mkdir -p "$BENCH"
[ -f "$DATA" ] || python3 Tests/Benchmarks/make_jsonl.py corpus "$DATA" "$SIZE"
rm -rf "$OUT"

command=(.build/release/winnow clean "$DATA" --out "$OUT" --jobs "$JOBS" --stats "$BENCH/stats.json" --rejects "$BENCH/rejects.jsonl" --quiet)
echo "running: ${command[*]}"
status=0
/usr/bin/time -v -o "$BENCH/time.txt" "${command[@]}" || status=$?

peak_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$BENCH/time.txt")
wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$BENCH/time.txt")
documents=$(python3 -c "import json; s = json.load(open('$BENCH/stats.json')); print(s['documents'], 'documents,', s['cleaned'], 'cleaned,', s['rejected']['total'], 'rejected')")
seconds=$(python3 -c "import json; print(json.load(open('$BENCH/stats.json'))['elapsed_seconds'])")
output_bytes=$(du -sb "$OUT" | cut -f1)
rm -rf "$OUT"

echo "input:  $DATA, $SIZE bytes; $documents"
echo "output: $output_bytes bytes; exit status $status"
echo "time:   $wall wall clock, $(python3 -c "print(round($SIZE / 1e6 / $seconds, 2))") MB/s with --jobs $JOBS on $(nproc) cores"
echo "peak resident memory: $((peak_kb / 1024)) MB (limit $LIMIT_MB MB)"
if [ "$status" -ne 0 ]; then echo "FAIL: winnow exited with $status"; exit 1; fi
if [ $((peak_kb / 1024)) -ge "$LIMIT_MB" ]; then echo "FAIL: peak memory over $LIMIT_MB MB"; exit 1; fi
echo "OK"
