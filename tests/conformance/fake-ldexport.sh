#!/bin/sh
# SPDX-License-Identifier: MIT
# Stand-in for `ldexport map` used by selftest.sh.  It "runs" a conformance
# case by writing the case's expected outputs back (for N-Quads: comments
# dropped, lines shuffled, blank nodes renamed, a non-ASCII character
# \u-escaped, one line duplicated), so a correct runner must pass it.
#
# LDX_FAKE_MODE picks the behaviour:
#   ideal    as above; a case without expected outputs (an error case) gets
#            exit 1 and a message on stderr
#   copy     as above, but always exit 0 (error cases must then fail)
#   drop     like ideal, minus the last quad of the default output
#   sleep    hang, with a background child, until killed
#   segv     die of SIGSEGV
#   garbage  write a default output that is not N-Quads
#   noout    exit 0 without writing anything
# The case folder is LDX_FAKE_SUITE_DIR/ID, else $LDX_CONFORMANCE_DIR/rml/*/ID,
# where ID is the name of the working directory (the runner's scratch copy).
set -u

mode=${LDX_FAKE_MODE:-ideal}
id=$(basename "$PWD")
printf '%s\n' "$@" > fake-argv.txt

die() {
  echo "fake-ldexport: $*" >&2
  exit 2
}

if [ $# -lt 4 ] || [ "$1" != map ] || [ "$3" != -o ]; then
  die "unexpected arguments: $*"
fi
mapping=$2
out=$4
[ -f "$mapping" ] || die "$mapping not found in $PWD"

src=
if [ -n "${LDX_FAKE_SUITE_DIR:-}" ]; then
  src=$LDX_FAKE_SUITE_DIR/$id
else
  for d in "${LDX_CONFORMANCE_DIR:-/nonexistent}"/rml/*/"$id"; do
    src=$d
  done
fi
[ -d "$src" ] || die "no case folder for $id"

case $mode in
sleep)
  sleep 300 &
  echo "$$ $!" > fake-pids.txt
  wait
  exit 0
  ;;
segv)
  kill -SEGV $$
  exit 0
  ;;
noout)
  exit 0
  ;;
garbage)
  echo '<http://example.com/s> <http://example.com/p> oops .' > "$out"
  exit 0
  ;;
esac

# Deterministic shuffling, different for each case.
yes "$id" | head -c 65536 > .fake-random

scramble() { # FILE IS_DEFAULT
  grep -v '^[[:space:]]*#' "$1" | grep -v '^[[:space:]]*$' > .fake-lines
  if [ "$mode" = drop ] && [ "$2" = yes ]; then
    sed '$d' .fake-lines > .fake-dropped
    mv .fake-dropped .fake-lines
  fi
  shuf --random-source=.fake-random .fake-lines |
    awk '{
      out = ""; s = $0
      while (match(s, /_:[A-Za-z0-9_.-]*[A-Za-z0-9_-]/)) {
        l = substr(s, RSTART, RLENGTH)
        if (!(l in m)) m[l] = "_:fk" (++n) "x"
        out = out substr(s, 1, RSTART - 1) m[l]
        s = substr(s, RSTART + RLENGTH)
      }
      print out s
    }' | sed 's/ë/\\u00EB/g; s/ü/\\U000000FC/g' > .fake-shuffled
  cat .fake-shuffled
  head -n 1 .fake-shuffled
}

is_utf16() {
  case $(head -c 2 "$1" | od -An -tx1 | tr -d ' \n') in
  fffe | feff) return 0 ;;
  esac
  return 1
}

# Expected outputs are the files the runner left out of the copy.
found=no
for f in "$src"/*; do
  name=$(basename "$f")
  [ -f "$f" ] || continue
  [ -e "$name" ] && continue
  found=yes
  case $name in
  output.nq | default.nq)
    dest=$out
    default=yes
    ;;
  *)
    dest=$name
    default=no
    ;;
  esac
  case $name in
  *.nq | *.nt)
    if is_utf16 "$f"; then
      cp "$f" "$dest"
    else
      scramble "$f" $default > "$dest"
    fi
    ;;
  *)
    cp "$f" "$dest"
    ;;
  esac
done
rm -f .fake-random .fake-lines .fake-shuffled

if [ $found = no ] && [ "$mode" != copy ]; then
  echo "fake-ldexport: $mapping: mapping rejected (fake)" >&2
  exit 1
fi
exit 0
