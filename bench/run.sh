#!/usr/bin/env bash
# End-to-end benchmark of `claimcheck check` on generated corpora.
#
#   bash bench/run.sh                 # 10 MB, 100 MB and 1 GB, with 1 and 2 threads
#   SIZES="10 100" THREADS=2 bash bench/run.sh
#
# For each size: generates the corpus once (gen-corpus, seed 1) under $WORK
# (a folder of files, or from JSONL_FROM megabytes on, default 1000, one JSON
# Lines file read with --jsonl, as large news datasets are shipped), then runs, for each thread count, a cold check (no cache) and, once, a
# second run on a warm claim cache (corpora over `cache-max-bytes`, 4 GiB by
# default, are never cached). Each run is timed with /usr/bin/time -v
# (wall time, peak resident memory) and its JSON is checked against the
# corpus manifest (bench/verify.py: every planted contradiction found, no
# other error). Prints a Markdown table for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES="${SIZES:-10 100 1000}"
THREADS="${THREADS:-1 2}"
WORK="${WORK:-/tmp/claimcheck-bench}"
JSONL_FROM="${JSONL_FROM:-1000}"
mkdir -p "$WORK"
cargo build --release --quiet --bins
BIN="$ROOT/target/release/claimcheck"
GEN="$ROOT/target/release/gen-corpus"

# run LABEL THREADS CORPUS OUT [extra args...] -> prints a table row
run() {
  local label=$1 threads=$2 corpus=$3 out=$4
  shift 4
  local timing="$WORK/time.txt" input=("$corpus") manifest="$corpus/manifest.json"
  if [ -f "$corpus" ]; then
    input=(--jsonl "$corpus")
    manifest="$corpus.manifest.json"
  fi
  (cd "$WORK" && /usr/bin/time -v "$BIN" check "${input[@]}" --isolated --format json -j "$threads" -o "$out" "$@" \
    2> "$timing") || true
  local wall rss bytes verdict claims
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$timing" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$timing")
  bytes=$(python3 -c "import json;print(json.load(open('$manifest'))['bytes'])")
  verdict=$(python3 "$ROOT/bench/verify.py" "$corpus" "$out" | head -1)
  claims=$(echo "$verdict" | sed -E 's/.*claims=([0-9]+).*/\1/')
  python3 - "$label" "$threads" "$wall" "$rss" "$bytes" "$claims" "$verdict" <<'PY'
import sys
label, threads, wall, rss, size, claims, verdict = sys.argv[1:]
wall, size, claims = float(wall), int(size), int(claims)
print(f"| {size/1e6:,.0f} MB | {label} | {threads} | {wall:,.1f} s | {size/1e6/wall:,.2f} MB/s | {claims/wall:,.0f} | {int(rss):,} MB | {verdict} |")
PY
}

echo "| corpus | run | threads | wall | throughput | claims/s | peak RSS | check against the manifest |"
echo "|---|---|---|---|---|---|---|---|"
for mb in $SIZES; do
  if [ "$mb" -ge "$JSONL_FROM" ]; then
    corpus="$WORK/corpus-$mb.jsonl"
    [ -f "$corpus.manifest.json" ] || "$GEN" --mb "$mb" --seed 1 --jsonl "$corpus" 2> /dev/null
  else
    corpus="$WORK/corpus-$mb"
    [ -f "$corpus/manifest.json" ] || "$GEN" --mb "$mb" --seed 1 "$corpus" 2> /dev/null
  fi
  for t in $THREADS; do
    run cold "$t" "$corpus" "$WORK/out-$mb-$t.json" --no-cache
  done
  # The claim cache: fill it, then time a re-run of the unchanged corpus.
  # Corpora over `cache-max-bytes` (4 GiB by default) are never cached.
  if [ "$mb" -le 4096 ]; then
    rm -rf "$WORK/.claimcheck-cache"
    last=${THREADS##* }
    run "cold, filling the cache" "$last" "$corpus" "$WORK/out-$mb-fill.json"
    run cached "$last" "$corpus" "$WORK/out-$mb-cached.json"
  fi
done
