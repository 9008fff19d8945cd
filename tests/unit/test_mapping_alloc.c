// SPDX-License-Identifier: MIT
// Every allocation failure while loading, compiling and running a mapping
// (templates, a join, graphs, language tags, a data error path) ends with
// a clean failure status and nothing leaked.
#undef NDEBUG

#include "failing_alloc.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* const mapping =
  "@prefix rml: <http://w3id.org/rml/> .\n"
  "@prefix ex: <http://ex.com/> .\n"
  "ex:People a rml:TriplesMap ;\n"
  "  rml:logicalSource [ rml:source [ rml:root rml:MappingDirectory ;\n"
  "      rml:path \"people.json\" ] ; rml:referenceFormulation rml:JSONPath ;\n"
  "    rml:iterator \"$.people[*]\" ] ;\n"
  "  rml:subjectMap [ rml:template \"http://ex.com/p/{$.id}\" ; rml:class ex:P "
  ";\n"
  "    rml:graph ex:G ] ;\n"
  "  rml:predicateObjectMap [ rml:predicate ex:name ;\n"
  "    rml:objectMap [ rml:reference \"$.name\" ; rml:language \"fr\" ] ] ,\n"
  "  [ rml:predicate ex:team ; rml:objectMap [ rml:parentTriplesMap ex:Teams "
  ";\n"
  "      rml:joinCondition [ rml:child \"$.team\" ; rml:parent \"$.no\" ] ] ] "
  ".\n"
  "ex:Teams a rml:TriplesMap ;\n"
  "  rml:logicalSource [ rml:source [ rml:root rml:MappingDirectory ;\n"
  "      rml:path \"teams.json\" ] ; rml:referenceFormulation rml:JSONPath ;\n"
  "    rml:iterator \"$[*]\" ] ;\n"
  "  rml:subjectMap [ rml:template \"http://ex.com/t/{$.no}\" ] ;\n"
  "  rml:predicateObjectMap [ rml:predicate ex:label ;\n"
  "    rml:objectMap [ rml:template \"Team {$.no}\" ; rml:termType rml:Literal "
  "] ] .\n";

static LdxStatus
null_sink(void* handle, const LdxEvent* ev)
{
  size_t* n = (size_t*)handle;
  *n += ev->type == LDX_EVENT_QUAD;
  return LDX_SUCCESS;
}

static void
quiet(void* handle, const LdxDiag* diag)
{
  (void)handle;
  (void)diag;
}

static LdxStatus
run_once(FailingAlloc* fa, const char* dir, size_t* quads)
{
  LdxAllocator a     = failing_alloc(fa);
  LdxWorld*    world = ldx_world_new(&a);
  if (!world) {
    return LDX_BAD_ALLOC;
  }
  ldx_world_set_diag_func(world, quiet, NULL);
  char name[512];
  snprintf(name, sizeof(name), "%s/mapping.ttl", dir);
  LdxMapping* m  = NULL;
  LdxStatus   st = ldx_mapping_new(world, &m);
  if (!st) {
    st = ldx_mapping_load_string(m, mapping, strlen(mapping), name, NULL);
  }
  if (!st) {
    LdxSink sink = { quads, null_sink };
    st           = ldx_mapping_run(m, NULL, sink, NULL);
  }
  ldx_mapping_free(m);
  ldx_world_free(world);
  return st;
}

int
main(void)
{
  char dir[] = "/tmp/ldx-test-alloc-XXXXXX";
  assert(mkdtemp(dir));
  char path[600];
  snprintf(path, sizeof(path), "%s/people.json", dir);
  FILE* f = fopen(path, "w");
  assert(f);
  fputs("{\"people\": [{\"id\": 1, \"name\": \"Zoë\", \"team\": 7},"
        " {\"id\": 2, \"name\": \"Bob\", \"team\": 8}]}",
        f);
  fclose(f);
  snprintf(path, sizeof(path), "%s/teams.json", dir);
  f = fopen(path, "w");
  assert(f);
  fputs("[{\"no\": 7}, {\"no\": 8}]", f);
  fclose(f);

  FailingAlloc fa    = { 0, 0, 0 };
  size_t       quads = 0;
  LdxStatus    st    = run_once(&fa, dir, &quads);
  size_t       total = fa.count;
  assert(!st && fa.live == 0);
  assert(quads == 8);

  size_t clean_bad_alloc = 0;
  for (size_t i = 1; i <= total; ++i) {
    failing_alloc_reset(&fa, i);
    quads = 0;
    st    = run_once(&fa, dir, &quads);
    if (fa.live != 0) {
      fprintf(stderr,
              "allocation %zu of %zu: %ld blocks leaked\n",
              i,
              total,
              fa.live);
      assert(0);
    }
    if (st == LDX_SUCCESS) {
      fprintf(stderr,
              "allocation %zu of %zu failed but the run succeeded\n",
              i,
              total);
      assert(0);
    }
    if (st != LDX_BAD_ALLOC && getenv("LDX_TEST_VERBOSE")) {
      fprintf(
        stderr, "allocation %zu of %zu: %s\n", i, total, ldx_strerror(st));
    }
    clean_bad_alloc += st == LDX_BAD_ALLOC;
  }
  // Every failure is reported as what it is.
  if (clean_bad_alloc != total) {
    fprintf(stderr,
            "%zu of %zu failures were not LDX_BAD_ALLOC\n",
            total - clean_bad_alloc,
            total);
    assert(0);
  }
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  return system(cmd) ? 1 : 0;
}
