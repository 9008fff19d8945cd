// SPDX-License-Identifier: MIT
// libFuzzer harness for the JSON reader and JSONPath.
//
// The input is a JSON text (so corpus files are plain JSON).  Each run:
// - parses it into the document model;
// - streams it for several simple queries with chunk and read sizes drawn
//   from the input's hash, and checks that the stream agrees with the
//   document parser and a JSONPath evaluation: same records and locations,
//   or the same error at the same line, column and byte;
// - evaluates a few general queries on the document, and writes it out and
//   parses it again (the result must be equal).
// Any disagreement aborts.
//
// Build and run: `make fuzz-json` in a build directory (see
// src/json/module.am for the clang command), then
//   ./fuzz_json -max_total_time=60 -dict=fuzz/json.dict CORPUS_DIR
// tests/unit/test_json_regress.c runs it on tests/regress/json/ without
// libFuzzer.
#include "core/arena.h"
#include "core/buf.h"
#include "json/json.h"
#include "json/json_stream.h"
#include "jsonpath/jsonpath.h"

#include "ldexport.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static const char* const stream_queries[] = {
  "$",     "$[*]",     "$.*",     "$.a",     "$.a[*]",
  "$[0]",  "$[1].*",   "$.*.*",   "$[*][*]", "$.records[*]",
  "$.a.b", "$['a b']", "$[2][0]", "$.*[1]",  "$.zz",
};

static const char* const eval_queries[] = {
  "$..*",
  "$..[?@.a]",
  "$[?@ == 1 || @ == 'a' || @ == true]",
  "$..[1:3]",
  "$..[-1]",
  "$[?length(@) > 1 && count(@.*) < 3]",
  "$..[?match(@, '[a-c]+')]",
  "$..[?@ == $[0]]",
  "$[?value(@..a) != null]",
};

typedef struct {
  const uint8_t* data;
  size_t         size;
  size_t         pos;
  uint64_t       rng;
  bool           random_reads;
} Reader;

static uint64_t
next_rand(uint64_t* state)
{
  // xorshift64*
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * UINT64_C(2685821657736338717);
}

static LdxStatus
read_data(void* handle, char* buf, size_t want, size_t* got)
{
  Reader* r = (Reader*)handle;
  size_t  n = r->size - r->pos;
  if (n > want) {
    n = want;
  }
  if (r->random_reads && n > 1) {
    n = 1 + (size_t)(next_rand(&r->rng) % n);
  }
  if (n) {
    memcpy(buf, r->data + r->pos, n);
  }
  r->pos += n;
  *got = n;
  return LDX_SUCCESS;
}

// Appends "value@path|".
static LdxStatus
list(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  LdxiBuf*  buf = (LdxiBuf*)handle;
  LdxStatus st  = ldxi_json_write(node, LDXI_JSON_WRITE_ASCII, buf);
  if (!st) {
    st = ldxi_buf_putc(buf, '@');
  }
  if (!st) {
    st = loc ? ldxi_jsonpath_loc_format(loc, buf) : ldxi_buf_putc(buf, '$');
  }
  return st ? st : ldxi_buf_putc(buf, '|');
}

static LdxStatus
count(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  (void)node;
  (void)loc;
  ++*(size_t*)handle;
  return LDX_SUCCESS;
}

static void
fail(const char* what, const char* query)
{
  fprintf(stderr, "fuzz_json: %s (query %s)\n", what, query);
  abort();
}

static bool
same_error(const LdxiJsonError* a, const LdxiJsonError* b)
{
  return a->line == b->line && a->column == b->column &&
         a->offset == b->offset && !strcmp(a->message, b->message);
}

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  // Inputs this large only slow the fuzzer down.
  if (size > 64 * 1024) {
    return 0;
  }
  static LdxWorld* world = NULL;
  if (!world) {
    world = ldx_world_new(NULL);
    // A low limit, so that the fuzzer reaches it.
    const LdxLimits limits = { 64, 0, 0 };
    ldx_world_set_limits(world, &limits);
  }
  uint64_t seed = UINT64_C(1469598103934665603);
  for (size_t i = 0; i < size; ++i) {
    seed = (seed ^ data[i]) * UINT64_C(1099511628211);
  }
  seed |= 1;

  LdxiArena doc_arena;
  LdxiArena rec_arena;
  ldxi_arena_init(&doc_arena, world, 4096);
  ldxi_arena_init(&rec_arena, world, 256);
  const LdxiJson* doc = NULL;
  LdxiJsonError   perr;
  const LdxStatus pst =
    ldxi_json_parse(world, &doc_arena, (const char*)data, size, &doc, &perr);
  if (pst && pst != LDX_BAD_SYNTAX && pst != LDX_BAD_LIMIT) {
    fail("unexpected parse status", "-");
  }
  if (pst &&
      (!perr.message[0] || perr.offset > size || !perr.line || !perr.column)) {
    fail("parse error without a place or message", "-");
  }

  LdxiBuf want;
  LdxiBuf got;
  ldxi_buf_init(&want, world, 0);
  ldxi_buf_init(&got, world, 0);
  for (size_t q = 0; q < sizeof(stream_queries) / sizeof(stream_queries[0]);
       ++q) {
    const char*   query = stream_queries[q];
    LdxiJsonPath* path  = NULL;
    if (ldxi_jsonpath_compile(
          world, query, strlen(query), LDXI_JSONPATH_STRICT, &path, NULL)) {
      fail("query does not compile", query);
    }
    ldxi_buf_clear(&want);
    if (!pst && ldxi_jsonpath_eval(path, doc, NULL, list, &want)) {
      fail("evaluation failed", query);
    }
    size_t                  n     = 0;
    const LdxiJsonPathStep* steps = ldxi_jsonpath_steps(path, &n);
    if (!steps) {
      fail("query is not streamable", query);
    }
    for (int round = 0; round < 2; ++round) {
      Reader       r = { data, size, 0, seed + (uint64_t)q, round == 1 };
      const size_t chunk =
        round ? 1 + (size_t)(next_rand(&r.rng) % 40) : (size_t)1 << 16;
      const LdxiJsonStreamOptions options = { read_data, &r, chunk, steps, n };
      LdxiJsonError               serr;
      ldxi_buf_clear(&got);
      const LdxStatus sst =
        ldxi_json_stream(world, &options, &rec_arena, list, &got, &serr);
      if (sst == LDX_BAD_DATA) {
        // A duplicate member on the path (see json_stream.h), which the
        // stream meets before any syntax error that follows it.
        if (!strstr(serr.message, "duplicate member") ||
            (pst && serr.offset >= perr.offset)) {
          fail("unexpected LDX_BAD_DATA", query);
        }
        continue;
      }
      if (sst != pst) {
        fail("stream and parser disagree on the status", query);
      }
      if (pst && !same_error(&serr, &perr)) {
        fprintf(stderr,
                "stream %zu:%zu@%zu %s\nparse  %zu:%zu@%zu %s\n",
                serr.line,
                serr.column,
                serr.offset,
                serr.message,
                perr.line,
                perr.column,
                perr.offset,
                perr.message);
        fail("stream and parser report different errors", query);
      }
      if (!pst && strcmp(ldxi_buf_cstr(&got), ldxi_buf_cstr(&want))) {
        fprintf(stderr,
                "stream: %s\nquery:  %s\n",
                ldxi_buf_cstr(&got),
                ldxi_buf_cstr(&want));
        fail("stream and evaluation select different nodes", query);
      }
    }
    ldxi_jsonpath_free(path);
  }

  if (!pst) {
    for (size_t q = 0; q < sizeof(eval_queries) / sizeof(eval_queries[0]);
         ++q) {
      LdxiJsonPath* path = NULL;
      if (ldxi_jsonpath_compile(world,
                                eval_queries[q],
                                strlen(eval_queries[q]),
                                LDXI_JSONPATH_STRICT,
                                &path,
                                NULL)) {
        fail("query does not compile", eval_queries[q]);
      }
      size_t          nodes = 0;
      const LdxStatus est = ldxi_jsonpath_eval(path, doc, NULL, count, &nodes);
      if (est && est != LDX_BAD_LIMIT) {
        fail("evaluation failed", eval_queries[q]);
      }
      ldxi_jsonpath_free(path);
    }
    // Written out and read again, the document is the same.
    ldxi_buf_clear(&got);
    if (ldxi_json_write(doc, (unsigned)(seed & 1), &got)) {
      fail("write-out failed", "-");
    }
    const LdxiJson* again = NULL;
    if (ldxi_json_parse(
          world, &doc_arena, ldxi_buf_cstr(&got), got.len, &again, NULL) ||
        !ldxi_json_equal(doc, again, 1000)) {
      fail("written document differs", "-");
    }
  }
  ldxi_buf_free(&want);
  ldxi_buf_free(&got);
  ldxi_arena_free(&rec_arena);
  ldxi_arena_free(&doc_arena);
  return 0;
}
