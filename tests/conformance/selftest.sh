#!/bin/sh
# SPDX-License-Identifier: MIT
# Self-test of run_suite, with fake-ldexport.sh standing in for the tool:
# a small generated suite (tricky CSV, base IRIs, subfolders, compressed
# and Turtle outputs, more outputs than metadata columns), then the real
# suites: a faithful fake must pass everything, misbehaving fakes must fail
# with the right notes, and no process may outlive the runner.
set -u

top_src=${LDX_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${LDX_TOP_BUILDDIR:-$(pwd)}
run=$top_build/tests/conformance/run_suite
fake=$top_src/tests/conformance/fake-ldexport.sh
rml=${LDX_CONFORMANCE_DIR:-$top_src/../shared/conformance}/rml
tmp=$top_build/tests/conformance/selftest.tmp

fails=0
fail() {
  echo "FAIL: $*"
  fails=$((fails + 1))
}
pass() {
  echo "ok: $*"
}

[ -x "$run" ] || {
  echo "run_suite not built: $run"
  exit 99
}
# The fake and the runner's format conversions need these.
for tool in rapper gzip xz unzip tar shuf od awk; do
  command -v $tool > /dev/null || {
    echo "$tool not installed; skipping the runner self-test"
    exit 77
  }
done
rm -rf "$tmp"
mkdir -p "$tmp"
: > "$tmp/empty.xfail"

# runit NAME SUITE DIR XFAIL [ARGS...]: runs the runner, keeping its console
# output in $tmp/NAME.out, report in $tmp/NAME.csv; sets $rc.
runit() {
  name=$1 suite=$2 dir=$3 xfail=$4
  shift 4
  "$run" --suite "$suite" --dir "$dir" --xfail "$xfail" --ldexport "$fake" \
    --work "$tmp/work-$name" --report "$tmp/$name.csv" "$@" \
    > "$tmp/$name.out" 2>&1
  rc=$?
}

# expect_rc NAME CODE
expect_rc() {
  if [ "$rc" -eq "$2" ]; then
    pass "$1: exit $rc"
  else
    fail "$1: exit $rc, expected $2"
    sed 's/^/  | /' "$tmp/$1.out"
  fi
}

# expect_line NAME FIXED-STRING: the console output has a line with it.
expect_line() {
  if grep -F -- "$2" "$tmp/$1.out" > /dev/null; then
    pass "$1: says '$2'"
  else
    fail "$1: no line with '$2'"
    sed 's/^/  | /' "$tmp/$1.out"
  fi
}

# expect_row NAME ID STATUS [NOTE-PREFIX]
expect_row() {
  row=$(grep "^$2," "$tmp/$1.csv")
  # Notes with commas are quoted in the CSV.
  case $row in
  "$2,$3,${4:-}"* | "$2,$3,\"${4:-}"*) pass "$1: $2 $3 ${4:-}" ;;
  *) fail "$1: report row for $2 is '$row', expected '$2,$3,${4:-}...'" ;;
  esac
}

# The summary must be the last line, in exactly this form.
expect_summary() { # NAME SUITE PASSED FAILED
  last=$(tail -n 1 "$tmp/$1.out")
  if [ "$last" = "$2: $3 passed, $4 failed" ]; then
    pass "$1: summary '$last'"
  else
    fail "$1: last line '$last', expected '$2: $3 passed, $4 failed'"
  fi
}

# Processes are reaped asynchronously after SIGKILL; allow a moment.
expect_dead() { # NAME PID...
  name=$1
  shift
  for pid in "$@"; do
    n=0
    while kill -0 "$pid" 2> /dev/null && [ $n -lt 50 ]; do
      sleep 0.1
      n=$((n + 1))
    done
    if kill -0 "$pid" 2> /dev/null; then
      fail "$name: process $pid survived the runner"
      kill -9 "$pid" 2> /dev/null
    else
      pass "$name: process $pid is gone"
    fi
  done
}

###########################################################################
# 1. A generated mini suite.

mini=$tmp/mini
mk() { # CASE FILE: stdin becomes the file
  mkdir -p "$(dirname "$mini/$1/$2")"
  cat > "$mini/$1/$2"
}
mkdir -p "$mini"
# Columns in another order than upstream, quoted fields with commas,
# doubled quotes and a line break, CRLF line ends, a trailing blank line.
printf '%s\r\n' \
  'error,"ID",title,mapping,base_iri,output1,output2,output3,output4' \
  'false,T1-basic,"A ""quoted"", title",mapping.ttl,http://example.com/base/,output.nq,,,' \
  'false,T2-targets,"two' \
  'lines, and a comma",mapping.ttl,,default.nq,dump1.nq,dump2.ttl,' \
  'true,T3-error,"error, expected",mapping.ttl,,,,,' \
  'false,T4-subdir,sub,mapping.ttl,,output.nq,dump1.nq.gz,,' \
  'false,T5-blank,"blank nodes",mapping.ttl,,output.nq,,,' \
  'false,T6-jsonld,json-ld,mapping.ttl,,output.nq,dump1.jsonld,,' \
  'false,T7-many,"four targets",mapping.ttl,,default.nq,dump1.nq,dump2.nq,dump3.nq' \
  '' > "$mini/metadata.csv"
for c in T1-basic T2-targets T3-error T4-subdir T5-blank T6-jsonld T7-many; do
  echo '# not read by the fake' | mk $c mapping.ttl
done
mk T1-basic output.nq << 'EOF'
# comment line

<http://example.com/Person/Emily Smith> <http://xmlns.com/foaf/0.1/name> "Zoë"@EN-gb .
<http://example.com/s>  <http://example.com/p>   "tab\tand \"quote\""^^<http://www.w3.org/2001/XMLSchema#string> <graph:1>.
<http://example.com/s> <http://example.com/p> "x" . # trailing comment
EOF
: | mk T2-targets default.nq
mk T2-targets dump1.nq << 'EOF'
<http://example.com/a> <http://example.com/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
EOF
mk T2-targets dump2.ttl << 'EOF'
@prefix ex: <http://example.com/> .
ex:a ex:p "1" ; ex:q [ ex:r ex:b ] .
EOF
echo 'id' | mk T4-subdir sub/dir/data.csv
mk T4-subdir output.nq << 'EOF'
<http://example.com/a> <http://example.com/p> <http://example.com/b> .
EOF
printf '<http://example.com/z> <http://example.com/p> "z" .\n' |
  gzip -c | mk T4-subdir dump1.nq.gz
mk T5-blank output.nq << 'EOF'
_:a <http://example.com/next> _:b _:g .
_:b <http://example.com/next> _:c _:g .
_:c <http://example.com/next> _:a _:g .
_:g <http://example.com/label> "graph" .
EOF
mk T6-jsonld output.nq << 'EOF'
<http://example.com/a> <http://example.com/p> "1" .
EOF
echo '{}' | mk T6-jsonld dump1.jsonld
for f in default.nq dump1.nq dump2.nq dump3.nq dump4.nq; do
  echo "<http://example.com/$f> <http://example.com/p> \"$f\" ." |
    mk T7-many $f
done
printf '# known failures of the mini suite (none; CRLF line)\r\n' \
  > "$tmp/mini.xfail"

export LDX_FAKE_SUITE_DIR="$mini"

LDX_FAKE_MODE=ideal runit mini-ideal mini "$mini" "$tmp/mini.xfail"
expect_rc mini-ideal 0
expect_summary mini-ideal mini 7 0
expect_row mini-ideal T1-basic passed
expect_row mini-ideal T2-targets passed
expect_row mini-ideal T3-error passed "exit 1: fake-ldexport: mapping.ttl: mapping rejected"
expect_row mini-ideal T4-subdir passed
expect_row mini-ideal T5-blank passed
expect_row mini-ideal T6-jsonld passed
expect_row mini-ideal T7-many passed
if [ "$(head -n 1 "$tmp/mini-ideal.csv")" = "testcase_id,status,notes" ] &&
  [ "$(wc -l < "$tmp/mini-ideal.csv")" -eq 8 ]; then
  pass "mini-ideal: report header and one row per case"
else
  fail "mini-ideal: bad report"
  cat "$tmp/mini-ideal.csv"
fi
w=$tmp/work-mini-ideal
if [ "$(tr '\n' ' ' < "$w/T1-basic/fake-argv.txt")" = \
  "map mapping.ttl -o ldexport-output.nq --base http://example.com/base/ " ] &&
  [ "$(tr '\n' ' ' < "$w/T2-targets/fake-argv.txt")" = \
    "map mapping.ttl -o ldexport-output.nq " ]; then
  pass "mini-ideal: command lines with and without --base"
else
  fail "mini-ideal: unexpected command lines"
fi
if [ -f "$w/T4-subdir/sub/dir/data.csv" ]; then
  pass "mini-ideal: case folder copied recursively"
else
  fail "mini-ideal: sub/dir/data.csv was not copied"
fi
if grep -F '=== dump4.nq ===' "$w/T7-many/ldexport-diff.txt" > /dev/null; then
  pass "mini-ideal: dump files beyond output3 are compared too"
else
  fail "mini-ideal: dump4.nq of T7-many was not compared"
fi

LDX_FAKE_MODE=copy runit mini-copy mini "$mini" "$tmp/mini.xfail"
expect_rc mini-copy 1
expect_row mini-copy T3-error failed "expected an error, exit 0"
expect_line mini-copy "mini: unexpected failure: T3-error: expected an error, exit 0"
expect_summary mini-copy mini 6 1

LDX_FAKE_MODE=drop runit mini-drop mini "$mini" "$tmp/empty.xfail" \
  --only T1-basic --only T5-blank
expect_rc mini-drop 1
expect_row mini-drop T1-basic failed "output differs: 1 missing, 0 extra"
expect_row mini-drop T5-blank failed "output differs:"
expect_summary mini-drop mini 0 2
if grep -F 'only in expected' "$tmp/work-mini-drop/T1-basic/ldexport-diff.txt" \
  > /dev/null; then
  pass "mini-drop: diff file lists the missing quad"
else
  fail "mini-drop: no readable diff"
fi

# Known-failures list problems.
printf 'T1-basic\tpretend broken\nNOPE-1\tno such case\n' > "$tmp/bad.xfail"
LDX_FAKE_MODE=ideal runit mini-badlist mini "$mini" "$tmp/bad.xfail" \
  --only T1-basic
expect_rc mini-badlist 1
expect_line mini-badlist "bad.xfail:2: NOPE-1 is not a test case of mini"
expect_line mini-badlist "mini: unexpected pass: T1-basic is listed in bad.xfail (pretend broken); remove it from the list"

# Missing tool: a setup error, not a suite full of failures.
"$run" --suite mini --dir "$mini" --xfail "$tmp/empty.xfail" \
  --ldexport "$tmp/no-such-ldexport" --work "$tmp/work-missing" \
  --report "$tmp/missing.csv" > "$tmp/missing.out" 2>&1
rc=$?
expect_rc missing 2

###########################################################################
# 2. The real suites.

unset LDX_FAKE_SUITE_DIR
if [ ! -f "$rml/core/metadata.csv" ]; then
  echo "conformance suites not found under $rml; real-suite checks skipped"
  [ $fails -eq 0 ] || exit 1
  rm -rf "$tmp"
  exit 0
fi
export LDX_CONFORMANCE_DIR="${rml%/rml}"

# A faithful tool passes every case of every suite, except the one whose
# expected output cannot be read (invalid RDF/JSON).  JSON-LD is read back
# with pyld (tests/jsonld/tordf.py).
printf 'RMLTTC0004e\tRDF/JSON with numbers\n' > "$tmp/io-fake.xfail"
for s in core io fnml cc lv; do
  x=$tmp/empty.xfail
  [ $s = io ] && x=$tmp/io-fake.xfail
  LDX_FAKE_MODE=ideal runit ideal-$s $s "$rml/$s" "$x"
  expect_rc ideal-$s 0
  if grep ',failed,' "$tmp/ideal-$s.csv" | grep -v '^RMLTTC0004[ae],' |
    grep . > /dev/null; then
    fail "ideal-$s: failures with a faithful tool"
  fi
done
expect_summary ideal-core core 76 0
expect_row ideal-io RMLTTC0004a passed
if [ "$(sed -n 5,6p "$tmp/work-ideal-core/RMLTC0001a-JSON/fake-argv.txt" |
  tr '\n' ' ')" = "--base http://example.com/ " ]; then
  pass "ideal-core: base_iri passed as --base"
else
  fail "ideal-core: --base missing"
fi

# Always exit 0: exactly the error cases fail, each with the same note.
LDX_FAKE_MODE=copy runit copy-core core "$rml/core" "$tmp/empty.xfail"
expect_rc copy-core 1
nfail=$(grep -c ',failed,' "$tmp/copy-core.csv")
nerr=$(grep -c ',failed,"expected an error, exit 0"$' "$tmp/copy-core.csv")
if [ "$nfail" -gt 0 ] && [ "$nfail" -eq "$nerr" ]; then
  pass "copy-core: $nfail error cases fail, nothing else"
else
  fail "copy-core: $nfail failures, $nerr of them error cases"
fi
expect_summary copy-core core $((76 - nfail)) "$nfail"

one=RMLTC0001a-JSON
LDX_FAKE_MODE=drop runit drop-core core "$rml/core" "$tmp/empty.xfail" \
  --only $one
expect_rc drop-core 1
expect_row drop-core $one failed "output differs: 1 missing, 0 extra"
expect_line drop-core "core: unexpected failure: $one: output differs: 1 missing, 0 extra"
printf '# comment\n\n%s\tdrops a quad\n' $one > "$tmp/drop.xfail"
LDX_FAKE_MODE=drop runit drop-listed core "$rml/core" "$tmp/drop.xfail" \
  --only $one
expect_rc drop-listed 0
expect_summary drop-listed core 0 1

start=$(date +%s)
LDX_FAKE_MODE="sleep" runit sleep-core core "$rml/core" "$tmp/empty.xfail" \
  --only $one,RMLTC0002e-JSON --timeout 2
took=$(($(date +%s) - start))
expect_rc sleep-core 1
expect_row sleep-core $one failed "timeout"
expect_row sleep-core RMLTC0002e-JSON failed "timeout"
if [ $took -lt 20 ]; then
  pass "sleep-core: finished in ${took}s"
else
  fail "sleep-core: took ${took}s"
fi
for c in $one RMLTC0002e-JSON; do
  # shellcheck disable=SC2046
  expect_dead sleep-core $(cat "$tmp/work-sleep-core/$c/fake-pids.txt")
done

LDX_FAKE_MODE=segv runit segv-core core "$rml/core" "$tmp/empty.xfail" \
  --only $one,RMLTC0002e-JSON
expect_rc segv-core 1
expect_row segv-core $one failed "killed by signal 11"
expect_row segv-core RMLTC0002e-JSON failed "killed by signal 11"

LDX_FAKE_MODE=garbage runit garbage-core core "$rml/core" "$tmp/empty.xfail" \
  --only $one
expect_row garbage-core $one failed "output not N-Quads: line 1:"

LDX_FAKE_MODE=noout runit noout-core core "$rml/core" "$tmp/empty.xfail" \
  --only $one
expect_row noout-core $one failed "ldexport-output.nq not written"

# The committed known-failures lists name only existing cases.
for s in core io fnml cc lv; do
  first=$(sed -n 2p "$tmp/ideal-$s.csv" | cut -d, -f1)
  LDX_FAKE_MODE=ideal runit list-$s $s "$rml/$s" \
    "$top_src/tests/conformance/$s.xfail" --only "$first"
  if grep 'is not a test case\|listed twice' "$tmp/list-$s.out" > /dev/null; then
    fail "$s.xfail names unknown or duplicate cases"
    sed 's/^/  | /' "$tmp/list-$s.out"
  else
    pass "$s.xfail: all ids exist"
  fi
done

if [ $fails -ne 0 ]; then
  echo "$fails check(s) failed; files kept in $tmp"
  exit 1
fi
rm -rf "$tmp"
exit 0
