#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# iCalendar benchmark: a feed of N concerts (default 100,000) in four time
# zones, written by `ldexport convert events.nt -f ics` and by the npm
# ical-generator (with @touch4it/ical-timezones for the VTIMEZONEs) from the
# same events, run side by side.  Reports the best wall time of RUNS runs
# and its peak RSS (GNU time), the feed sizes, and checks that both feeds
# hold the same UIDs.
#   bench/ics/run.sh [LDEXPORT [N [RUNS]]]
# ldexport's time includes reading and indexing the RDF (1.0 M triples for
# 100,000 events); the peer reads events already resolved to text (JSON).
# Two more ldexport rows separate the writer from the input: the same
# N-Triples to N-Quads (parse and stream only), and the N-Triples read by
# raptor in chunks instead of our reader (which loads the whole text).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ldexport=$(readlink -f "${1:-$here/../../build/ldexport}")
n=${2:-100000}
runs=${3:-3}
work=$(mktemp -d /tmp/ldx-bench-ics-XXXXXX)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1764547200

if [ ! -d "$here/node_modules/ical-generator" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
    echo "note: could not install ical-generator (npm); its row stays empty" >&2
fi
node "$here/gen.mjs" "$work" "$n"

# measure NAME CMD...: best wall time and its peak RSS over $runs runs.
measure() {
  local name=$1 best_t="" best_m="" t m
  shift
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
      echo "$name: FAILED"; tail -5 "$work/err" >&2; return 1; }
    read -r t m <"$work/time"
    if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a<b)}'; then
      best_t=$t
      best_m=$m
    fi
  done
  printf "%-44s %8s s %9.1f MiB\n" "$name" "$best_t" "$(awk -v k="$best_m" 'BEGIN{print k/1024}')"
}

echo "events: $n ($(wc -l <"$work/events.nt") triples, $(du -m "$work/events.nt" | cut -f1) MiB N-Triples)"
printf "%-44s %10s %13s\n" "writer" "time" "peak RSS"
measure "ldexport convert -f ics" \
  "$ldexport" convert "$work/events.nt" -f ics -o "$work/ours.ics"
measure "ical-generator 11.1.2 (node $(node --version))" \
  node "$here/ical-generator.mjs" "$work/events.json" "$work/peer.ics" || true
measure "  ldexport, input read by raptor in chunks" \
  "$ldexport" convert "$work/events.nt" -s nquads -f ics -o "$work/ours-raptor.ics"
measure "  ldexport -f nquads (input only, no feed)" \
  "$ldexport" convert "$work/events.nt" -f nquads -o /dev/null
echo "feed sizes: ldexport $(du -m "$work/ours.ics" | cut -f1) MiB," \
  "ical-generator $(du -m "$work/peer.ics" 2>/dev/null | cut -f1) MiB"
if [ -s "$work/peer.ics" ]; then
  uids() { sed -n 's/^UID:\([^\r]*\)\r\{0,1\}$/\1/p' "$1" | LC_ALL=C sort; }
  if cmp -s <(uids "$work/ours.ics") <(uids "$work/peer.ics"); then
    echo "same $(uids "$work/ours.ics" | wc -l) UIDs in both feeds"
  else
    echo "the feeds hold different UIDs" >&2
    exit 1
  fi
fi
