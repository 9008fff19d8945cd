// SPDX-License-Identifier: MIT
// libFuzzer harness for the XML logical source (src/source/xml_source.c,
// src/xml/).
//
// The input is an XML document (so corpus files are plain XML).  Each run
// writes it to a file and iterates it with several iterators, once
// streamed and once as a whole document, evaluating a set of references
// of every kind on each record.  Both must agree: the same status and
// error (message, line, column), and on success the same records, values
// and record descriptions.  Any disagreement aborts.
//
// Build and run: `make fuzz-xml` in a build directory (see
// src/xml/module.am for the clang command), then
//   ./fuzz_xml -max_total_time=60 -dict=fuzz/xml.dict CORPUS_DIR
// tests/unit/test_xml_regress.c runs it on tests/regress/xml/ without
// libFuzzer.
#include "core/arena.h"
#include "core/buf.h"
#include "mapping/plan.h"
#include "source/source.h"
#include "source/xml_source.h"

#include "ldexport.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static const char* const iterators[] = {
  NULL,  "/r",        "/r/a",  "/r/a/b", "/p:r/p:a", "/r/q:a",
  "//a", "/r/a[@id]", "//@id", "/r/*",   "/r/a/b/c", "/u:r",
};

static const char* const references[] = {
  ".",
  "@id",
  "b",
  "b/text()",
  "text()",
  "../@id",
  "../../@id",
  "../b",
  "string(..)",
  "concat(@id, ':', b)",
  "count(*)",
  "p:b",
  "q:*",
  "following-sibling::*[1]",
  "preceding::*[1]/@id",
  "ancestor::*[1]/@id",
  "number(@n)",
  "name()",
  "lang('en')",
  "..//b",
  "b[@k = ../@k]",
  "@*",
  "namespace::*",
  "/r/a[2]",
  "comment()",
  "boolean(b)",
};

#define N_ITERATORS (sizeof(iterators) / sizeof(iterators[0]))
#define N_REFERENCES (sizeof(references) / sizeof(references[0]))

typedef struct {
  LdxStatus status;
  unsigned  line;
  unsigned  column;
  char      message[256];
  size_t    count;
} Diag;

typedef struct {
  LdxiSourceHandle* source;
  LdxiArena         arena;
  LdxiValues        values;
  LdxiBuf           out;
  LdxiBuf           err;
  LdxWorld*         world;
} Run;

static void* compiled_iterators[N_ITERATORS];
static void* compiled_references[N_REFERENCES];

static void
on_diag(void* handle, const LdxDiag* diag)
{
  Diag* d   = (Diag*)handle;
  d->status = diag->status;
  d->line   = diag->caret.line;
  d->column = diag->caret.column;
  snprintf(d->message, sizeof(d->message), "%s", diag->message);
  ++d->count;
}

static void
fail(const char* what, const char* iterator)
{
  fprintf(stderr, "fuzz_xml: %s (iterator %s)\n", what, iterator);
  abort();
}

static LdxStatus
on_record(void* handle, const LdxiRecord* record)
{
  Run*      run = (Run*)handle;
  LdxStatus st  = ldxi_xml_source.describe(record, &run->out);
  for (size_t r = 0; !st && r < N_REFERENCES; ++r) {
    run->values.n = 0;
    ldxi_buf_clear(&run->err);
    st = ldxi_xml_source.eval(run->source,
                              record,
                              compiled_references[r],
                              &run->values,
                              &run->arena,
                              &run->err);
    if (st == LDX_BAD_DATA || st == LDX_BAD_REFERENCE) {
      st = ldxi_buf_printf(&run->out, "!%s;", ldxi_buf_cstr(&run->err));
      continue;
    }
    for (size_t i = 0; !st && i < run->values.n; ++i) {
      const LdxiValue* v = &run->values.items[i];
      st = ldxi_buf_printf(&run->out, "%.*s|", (int)v->len, v->str);
    }
    if (!st) {
      st = ldxi_buf_putc(&run->out, ';');
    }
  }
  ldxi_arena_reset(&run->arena);
  return st ? st : ldxi_buf_putc(&run->out, '\n');
}

static void
compile_all(LdxWorld* world)
{
  for (size_t i = 0; i < N_ITERATORS; ++i) {
    LdxiExprError err;
    if (iterators[i] && ldxi_xml_source.compile(world,
                                                iterators[i],
                                                strlen(iterators[i]),
                                                1,
                                                &compiled_iterators[i],
                                                &err)) {
      fail("iterator does not compile", iterators[i]);
    }
  }
  for (size_t i = 0; i < N_REFERENCES; ++i) {
    LdxiExprError err;
    if (ldxi_xml_source.compile(world,
                                references[i],
                                strlen(references[i]),
                                0,
                                &compiled_references[i],
                                &err)) {
      fail("reference does not compile", references[i]);
    }
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  // Inputs this large only slow the fuzzer down.
  if (size > 64 * 1024) {
    return 0;
  }
  static LdxWorld* world = NULL;
  static Diag      diag;
  static char      path[64];
  if (!world) {
    world = ldx_world_new(NULL);
    // Low limits, so that the fuzzer reaches them.
    const LdxLimits limits = { 24, 4096, SIZE_MAX }; // every error reported
    ldx_world_set_limits(world, &limits);
    ldx_world_set_diag_func(world, on_diag, &diag);
    snprintf(path, sizeof(path), "/tmp/ldx_fuzz_xml_%ld.xml", (long)getpid());
    compile_all(world);
  }
  FILE* f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
    fail("cannot write the input file", "-");
  }

  static LdxiXmlNamespace namespaces[] = {
    { "p", "urn:p" },
    { "q", "urn:q" },
    { "p2", "urn:p" },
  };
  LdxiLogicalSource ls;
  memset(&ls, 0, sizeof(ls));
  ls.namespaces   = namespaces;
  ls.n_namespaces = sizeof(namespaces) / sizeof(namespaces[0]);
  ls.rule.what    = "logical source <#LS>";

  Run run;
  memset(&run, 0, sizeof(run));
  run.world = world;
  ldxi_arena_init(&run.arena, world, 1024);
  ldxi_buf_init(&run.out, world, 0);
  ldxi_buf_init(&run.err, world, 0);
  const LdxStatus ost =
    ldxi_xml_source.open(world, &ls, path, "fuzz.xml", &run.source);
  if (ost) {
    // Compressed data (by its magic bytes) can be corrupt.
    if (ost != LDX_BAD_READ && ost != LDX_BAD_LIMIT) {
      fail("cannot open the input file", "-");
    }
    ldxi_buf_free(&run.out);
    ldxi_buf_free(&run.err);
    ldxi_arena_free(&run.arena);
    return 0;
  }
  LdxiBuf want;
  ldxi_buf_init(&want, world, 0);
  for (size_t i = 0; i < N_ITERATORS; ++i) {
    const char* name = iterators[i] ? iterators[i] : "(none)";
    LdxStatus   st[2];
    Diag        d[2];
    for (int stream = 0; stream < 2; ++stream) {
      ldxi_xml_source_set_streaming(run.source, stream);
      memset(&diag, 0, sizeof(diag));
      ldxi_buf_clear(&run.out);
      st[stream] = ldxi_xml_source.iterate(
        run.source, compiled_iterators[i], on_record, &run);
      d[stream] = diag;
      if (!stream) {
        ldxi_buf_clear(&want);
        ldxi_buf_puts(&want, ldxi_buf_cstr(&run.out));
      }
    }
    if (st[0] != st[1]) {
      fprintf(
        stderr, "document: %s\nstream:   %s\n", d[0].message, d[1].message);
      fail("streamed and whole document disagree on the status", name);
    }
    if (st[0] == LDX_BAD_ALLOC) {
      fail("out of memory", name);
    }
    if (st[0] && (d[0].count != 1 || d[1].count != 1 ||
                  strcmp(d[0].message, d[1].message) ||
                  d[0].line != d[1].line || d[0].column != d[1].column)) {
      fprintf(stderr,
              "document: %zu %u:%u %s\nstream:   %zu %u:%u %s\n",
              d[0].count,
              d[0].line,
              d[0].column,
              d[0].message,
              d[1].count,
              d[1].line,
              d[1].column,
              d[1].message);
      fail("streamed and whole document report different errors", name);
    }
    if (!st[0] && strcmp(ldxi_buf_cstr(&want), ldxi_buf_cstr(&run.out))) {
      fprintf(stderr,
              "document:\n%s\nstream:\n%s\n",
              ldxi_buf_cstr(&want),
              ldxi_buf_cstr(&run.out));
      fail("streamed and whole document give different records", name);
    }
  }
  ldxi_xml_source.close(run.source);
  ldxi_buf_free(&want);
  ldxi_buf_free(&run.out);
  ldxi_buf_free(&run.err);
  ldxi_values_free(world, &run.values);
  ldxi_arena_free(&run.arena);
  return 0;
}
