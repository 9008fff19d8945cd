#!/bin/sh
# SPDX-License-Identifier: MIT
# Side by side: 50,000 triples of schema.org events into JSON-LD with
# ldexport and with jsonld.js (fromRDF + compact), on the same machine and
# the same data.  Run from the build directory after `make bench`:
#   sh SRCDIR/bench/jsonld_compare.sh [TRIPLES [RUNS]]
# Each tool runs RUNS times in its own process (/usr/bin/time: wall time
# and peak RSS); the best of the runs is printed.
set -eu
n=${1:-50000}
runs=${2:-3}
src=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/ldx-jsonld-bench
mkdir -p "$work"
bench/jsonld_bench -n "$n" --nquads "$work/data.nq"

best() { # best wall time and its peak RSS over RUNS runs of "$@"
  b_t=999999
  b_m=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out.log" 2>&1
    read -r t m <"$work/time"
    if [ "$(echo "$t < $b_t" | bc)" = 1 ]; then b_t=$t b_m=$m; fi
  done
  echo "$b_t s, peak RSS $b_m KiB"
}

echo "in-process writer (quads already in memory):"
bench/jsonld_bench -n "$n" -r 5
echo "ldexport convert data.nq -f jsonld (parse + shape + write): $(best \
  ./ldexport convert "$work/data.nq" -s nquads -f jsonld -o "$work/ldx.jsonld")"
echo "node jsonld_fromrdf.js data.nq (parse + fromRDF + compact + write): $(best \
  node "$src/bench/jsonld_fromrdf.js" "$work/data.nq" "$work/js.jsonld")"
node "$src/bench/jsonld_fromrdf.js" "$work/data.nq" "$work/js.jsonld"
ls -l "$work/ldx.jsonld" "$work/js.jsonld"
