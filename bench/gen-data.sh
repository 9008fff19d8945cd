#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Generate the engine benchmark's input: N records of P properties
# (KROWN "raw data" shape: id, p1..pP with values V_j-i) as JSON and CSV,
# and a legacy-RML mapping for each that both ldexport and RocketRML run.
#   gen-data.sh DIR [N [P]]
set -euo pipefail
dir=$1
n=${2:-100000}
p=${3:-10}
mkdir -p "$dir"

awk -v n="$n" -v p="$p" 'BEGIN {
  printf "{\"records\":[";
  for (i = 0; i < n; i++) {
    printf "%s{\"id\":%d", (i ? "," : ""), i;
    for (j = 1; j <= p; j++) printf ",\"p%d\":\"V_%d-%d\"", j, j, i;
    printf "}";
  }
  print "]}";
}' >"$dir/data.json"

awk -v n="$n" -v p="$p" 'BEGIN {
  printf "id"; for (j = 1; j <= p; j++) printf ",p%d", j; print "";
  for (i = 0; i < n; i++) {
    printf "%d", i; for (j = 1; j <= p; j++) printf ",V_%d-%d", j, i; print "";
  }
}' >"$dir/data.csv"

mapping() { # FORMULATION SOURCE ITERATOR
  echo '@prefix rr: <http://www.w3.org/ns/r2rml#> .'
  echo '@prefix rml: <http://semweb.mmlab.be/ns/rml#> .'
  echo '@prefix ql: <http://semweb.mmlab.be/ns/ql#> .'
  echo '@prefix ex: <http://ex.com/> .'
  echo "<#TM> a rr:TriplesMap ;"
  echo "  rml:logicalSource [ rml:source \"$2\" ; rml:referenceFormulation ql:$1 $3 ] ;"
  echo '  rr:subjectMap [ rr:template "http://ex.com/table/{id}" ]'
  for ((j = 1; j <= p; j++)); do
    echo "  ; rr:predicateObjectMap [ rr:predicate ex:p$j ; rr:objectMap [ rml:reference \"p$j\" ] ]"
  done
  echo '.'
}
mapping JSONPath data.json '; rml:iterator "$.records[*]"' >"$dir/mapping-json.ttl"
mapping CSV data.csv '' >"$dir/mapping-csv.ttl"
