// SPDX-License-Identifier: MIT
// Throughput of the JSON reader on a file.
//
// Usage: json_bench FILE [ITERATOR [RUNS]]   (default "$.records[*]", 5)
// Prints MB/s of the document parser (from memory, into an arena) and of
// the streaming reader (from the file, one record at a time).
#include "json/json.h"
#include "json/json_stream.h"
#include "jsonpath/jsonpath.h"

#include "ldexport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static LdxStatus
read_file(void* handle, char* buf, size_t size, size_t* got)
{
  *got = fread(buf, 1, size, (FILE*)handle);
  return LDX_SUCCESS;
}

static LdxStatus
count_record(void* handle, const LdxiJson* record, const LdxiJsonPathLoc* loc)
{
  (void)record;
  (void)loc;
  ++*(size_t*)handle;
  return LDX_SUCCESS;
}

int
main(int argc, char** argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: json_bench FILE [ITERATOR [RUNS]]\n");
    return 2;
  }
  const char* query = argc > 2 ? argv[2] : "$.records[*]";
  const long  runs  = argc > 3 ? strtol(argv[3], NULL, 10) : 5;
  FILE*       in    = fopen(argv[1], "rb");
  if (!in || runs <= 0) {
    return 1;
  }
  fseek(in, 0, SEEK_END);
  const long size = ftell(in);
  fseek(in, 0, SEEK_SET);
  char* text = (char*)malloc(size > 0 ? (size_t)size : 1);
  if (!text || fread(text, 1, (size_t)size, in) != (size_t)size) {
    return 1;
  }
  LdxWorld* world = ldx_world_new(NULL);
  LdxiArena arena;
  ldxi_arena_init(&arena, world, 1u << 20);
  const double mb = (double)size / 1e6;

  double best = 1e9;
  for (long r = 0; r < runs; ++r) {
    const LdxiJson* root = NULL;
    LdxiJsonError   err;
    const double    t0 = now_s();
    if (ldxi_json_parse(world, &arena, text, (size_t)size, &root, &err)) {
      fprintf(stderr, "%zu:%zu: %s\n", err.line, err.column, err.message);
      return 1;
    }
    const double t = now_s() - t0;
    best           = t < best ? t : best;
    ldxi_arena_reset(&arena);
  }
  printf("parse   %8.1f MB/s  (%.1f MB in %.3f s)\n", mb / best, mb, best);

  LdxiJsonPath* path = NULL;
  if (ldxi_jsonpath_compile(
        world, query, strlen(query), LDXI_JSONPATH_STRICT, &path, NULL)) {
    return 1;
  }
  size_t                  n_steps = 0;
  const LdxiJsonPathStep* steps   = ldxi_jsonpath_steps(path, &n_steps);
  if (!steps) {
    fprintf(stderr, "%s: not a streamable iterator\n", query);
    return 1;
  }
  best           = 1e9;
  size_t records = 0;
  for (long r = 0; r < runs; ++r) {
    fseek(in, 0, SEEK_SET);
    records                             = 0;
    const LdxiJsonStreamOptions options = { read_file, in, 0, steps, n_steps };
    LdxiJsonError               err;
    const double                t0 = now_s();
    if (ldxi_json_stream(
          world, &options, &arena, count_record, &records, &err)) {
      fprintf(stderr, "%zu:%zu: %s\n", err.line, err.column, err.message);
      return 1;
    }
    const double t = now_s() - t0;
    best           = t < best ? t : best;
  }
  printf("stream  %8.1f MB/s  (%zu records of %s in %.3f s)\n",
         mb / best,
         records,
         query,
         best);
  ldxi_jsonpath_free(path);
  ldxi_arena_free(&arena);
  ldx_world_free(world);
  free(text);
  fclose(in);
  return 0;
}
