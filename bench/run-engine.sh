#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Engine benchmark: N records x P properties (default 100,000 x 10 = 1M
# triples) mapped to N-Quads from JSON and from CSV, by ldexport and by the
# npm RocketRML engine run side by side on the same input and mapping.
# Reports wall time and peak RSS (GNU time) and the ratio to the peer.
#   bench/run-engine.sh [LDEXPORT [N [P [RUNS]]]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ldexport=$(readlink -f "${1:-$here/../build/ldexport}")
n=${2:-100000}
p=${3:-10}
runs=${4:-3}
work=$(mktemp -d /tmp/ldx-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

"$here/gen-data.sh" "$work" "$n" "$p"
if [ ! -d "$here/peers/node_modules" ]; then
  (cd "$here/peers" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
    echo "note: could not install the peers (npm); peer columns stay empty" >&2
fi

# measure CMD...: best wall time and its peak RSS over $runs runs.
measure() {
  local best_t="" best_m="" t m
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
      echo "FAILED" ; cat "$work/err" >&2; return 1; }
    read -r t m <"$work/time"
    if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a<b)}'; then
      best_t=$t best_m=$m
    fi
  done
  echo "$best_t $best_m"
}

echo "| input | engine | time (s) | peak RSS (MB) | triples | vs RocketRML |"
echo "|---|---|---|---|---|---|"
for kind in json csv; do
  cd "$work"
  if ! "$ldexport" map "mapping-$kind.ttl" -o "ldx-$kind.nq" 2>"$work/err"; then
    echo "| $kind | ldexport | unsupported: $(head -1 "$work/err") | | | |"
    continue
  fi
  read -r lt lm < <(measure "$ldexport" map "mapping-$kind.ttl" -o "ldx-$kind.nq")
  lq=$(wc -l <"ldx-$kind.nq")
  pt="" pm="" pq=""
  if [ -d "$here/peers/node_modules" ]; then
    # One run of the peer: it takes seconds to minutes.
    if read -r pt pm < <(runs=1 measure node "$here/peers/rocketrml-run.js" \
        "mapping-$kind.ttl" "rr-$kind.nq"); then
      pq=$(sort -u "rr-$kind.nq" | wc -l)
    fi
  fi
  ratio=""
  [ -n "$pt" ] && ratio=$(awk -v a="$pt" -v b="$lt" 'BEGIN{printf "%.1fx faster", a/b}')
  echo "| $kind | ldexport | $lt | $((lm / 1024)) | $lq | $ratio |"
  [ -n "$pt" ] && echo "| $kind | RocketRML 2.1.2 | $pt | $((pm / 1024)) | $pq | |"
done
