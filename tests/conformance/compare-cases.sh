#!/bin/sh
# SPDX-License-Identifier: MIT
# Data-driven tests of rdf_compare.  compare-cases/NAME.a.nq is the expected
# side, NAME.b.nq the actual one; NAME starts with eq- (exit 0), ne- (exit
# 1) or err- (exit 2).  NAME.out, when present, is the exact output (diff
# or FILE:LINE message; '#' lines in it are comments).  The verdict must not
# depend on the argument order.
set -u

top_src=${LDX_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${LDX_TOP_BUILDDIR:-$(pwd)}
cmp=$top_build/tests/conformance/rdf_compare
[ -x "$cmp" ] || {
  echo "rdf_compare not built: $cmp"
  exit 99
}
cd "$top_src/tests/conformance/compare-cases" || exit 99

fails=0
n=0
for a in *.a.nq; do
  name=${a%.a.nq}
  n=$((n + 1))
  case $name in
  eq-*) want=0 ;;
  ne-*) want=1 ;;
  err-*) want=2 ;;
  *)
    echo "FAIL: $name: name must start with eq-, ne- or err-"
    fails=$((fails + 1))
    continue
    ;;
  esac
  out=$("$cmp" "$name.a.nq" "$name.b.nq" 2>&1)
  rc=$?
  "$cmp" -q "$name.b.nq" "$name.a.nq" > /dev/null 2>&1
  rc_swapped=$?
  if [ "$rc" -ne "$want" ] || [ "$rc_swapped" -ne "$want" ]; then
    echo "FAIL: $name: exit $rc (swapped: $rc_swapped), expected $want"
    printf '%s\n' "$out" | sed 's/^/  | /'
    fails=$((fails + 1))
  elif [ -f "$name.out" ] && [ "$out" != "$(grep -v '^#' "$name.out")" ]; then
    echo "FAIL: $name: output differs from $name.out:"
    printf '%s\n' "$out" | sed 's/^/  | /'
    fails=$((fails + 1))
  else
    echo "ok: $name"
  fi
done
echo "$n cases, $fails failed"
[ $fails -eq 0 ]
