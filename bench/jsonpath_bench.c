// SPDX-License-Identifier: MIT
// Micro-benchmark of JSONPath evaluation, the engine's hot path.
//
// Usage: jsonpath_bench [ITERATIONS]   (default 1000000)
// Prints ns per evaluation for a few reference shapes on one record.
#include "jsonpath/jsonpath.h"

#include "core/arena.h"
#include "json/json.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

static const char* const record =
  "{\"id\": 17, \"name\": \"Venus\", \"type\": \"planet\", \"mass\": 4.87e24,"
  " \"radius\": 6051.8, \"moons\": [], \"discovered\": null,"
  " \"orbit\": {\"period\": 224.7, \"star\": {\"name\": \"Sun\"}},"
  " \"tags\": [\"inner\", \"rocky\", \"hot\"],"
  " \"missions\": [{\"name\": \"Venera 7\", \"year\": 1970},"
  "  {\"name\": \"Magellan\", \"year\": 1989},"
  "  {\"name\": \"Akatsuki\", \"year\": 2010}]}";

static LdxStatus
count_node(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  (void)loc;
  size_t* n = (size_t*)handle;
  *n += node != NULL;
  return LDX_SUCCESS;
}

static double
now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int
main(int argc, char** argv)
{
  static const char* const queries[] = {
    "$.name",
    "$.orbit.star.name",
    "$.tags[1]",
    "$.missions[*].name",
    "$..name",
    "$.missions[?@.year > 1980].name",
    "$.tags[?match(@, 'r.*')]",
  };
  const long      n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000L;
  LdxiArena       arena;
  const LdxiJson* doc = NULL;
  ldxi_arena_init(&arena, NULL, 0);
  if (ldxi_json_parse(NULL, &arena, record, strlen(record), &doc, NULL) ||
      n <= 0) {
    return 1;
  }
  for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); ++q) {
    LdxiJsonPath*     path = NULL;
    LdxiJsonPathError err;
    if (ldxi_jsonpath_compile(NULL,
                              queries[q],
                              strlen(queries[q]),
                              LDXI_JSONPATH_STRICT,
                              &path,
                              &err)) {
      fprintf(stderr, "%s: %s\n", queries[q], err.message);
      return 1;
    }
    size_t nodes = 0;
    double t0    = now_ns();
    for (long i = 0; i < n; ++i) {
      ldxi_jsonpath_eval(path, doc, NULL, count_node, &nodes);
    }
    double t1 = now_ns();
    printf("%-34s %8.1f ns/eval  (%zu nodes/eval)\n",
           queries[q],
           (t1 - t0) / (double)n,
           nodes / (size_t)n);
    ldxi_jsonpath_free(path);
  }

  // Compilation, for comparison (done once per mapping in the engine).
  double t0 = now_ns();
  long   m  = n / 10 ? n / 10 : 1;
  for (long i = 0; i < m; ++i) {
    LdxiJsonPath* path = NULL;
    ldxi_jsonpath_compile(NULL, "$.name", 6, LDXI_JSONPATH_STRICT, &path, NULL);
    ldxi_jsonpath_free(path);
  }
  printf(
    "%-34s %8.1f ns/compile\n", "compile $.name", (now_ns() - t0) / (double)m);
  ldxi_arena_free(&arena);
  return 0;
}
