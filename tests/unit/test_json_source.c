// SPDX-License-Identifier: MIT
// Unit tests of the JSON logical source: natural values with the numbers'
// text, errors with the file's line and column, streamed and whole-document
// iterations, and repeated iterations.
#undef NDEBUG

#include "core/arena.h"
#include "core/buf.h"
#include "source/source.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// The last diagnostic.
typedef struct {
  LdxStatus status;
  char      file[64];
  unsigned  line;
  unsigned  column;
  size_t    byte;
  char      message[256];
  size_t    count;
} LastDiag;

static void
on_diag(void* handle, const LdxDiag* diag)
{
  LastDiag* d = (LastDiag*)handle;
  d->status   = diag->status;
  snprintf(
    d->file, sizeof(d->file), "%s", diag->caret.file ? diag->caret.file : "");
  d->line   = diag->caret.line;
  d->column = diag->caret.column;
  d->byte   = diag->caret.byte;
  snprintf(d->message, sizeof(d->message), "%s", diag->message);
  ++d->count;
}

static char path[64];

static void
write_data(const char* text)
{
  FILE* f = fopen(path, "wb");
  assert(f);
  assert(fwrite(text, 1, strlen(text), f) == strlen(text));
  fclose(f);
}

static void*
compile(LdxWorld* world, const char* text, int iterator)
{
  void*         compiled = NULL;
  LdxiExprError err;
  assert(!ldxi_json_source.compile(
    world, text, strlen(text), iterator, &compiled, &err));
  return compiled;
}

typedef struct {
  LdxiSourceHandle* source;
  void*             refs[8];
  size_t            n_refs;
  LdxiArena         arena;
  LdxiValues        values;
  LdxiBuf           out; // "v^t,v^t;" per record, or the error message
  LdxWorld*         world;
} Run;

static const char natural_tag[] = { 's', 'i', 'd', 'b' };

static LdxStatus
on_record(void* handle, const LdxiRecord* record)
{
  Run* run = (Run*)handle;
  for (size_t r = 0; r < run->n_refs; ++r) {
    LdxiBuf err;
    ldxi_buf_init(&err, NULL, 0);
    run->values.n = 0;
    LdxStatus st  = ldxi_json_source.eval(
      run->source, record, run->refs[r], &run->values, &run->arena, &err);
    if (st) {
      ldxi_buf_printf(&run->out, "!%s: ", ldx_strerror(st));
      ldxi_json_source.describe(record, &run->out);
      ldxi_buf_printf(&run->out, ": %s;", ldxi_buf_cstr(&err));
      ldxi_buf_free(&err);
      continue;
    }
    ldxi_buf_free(&err);
    for (size_t i = 0; i < run->values.n; ++i) {
      const LdxiValue* v = &run->values.items[i];
      ldxi_buf_printf(
        &run->out, "%.*s^%c,", (int)v->len, v->str, natural_tag[v->natural]);
    }
    ldxi_buf_putc(&run->out, ';');
  }
  ldxi_arena_reset(&run->arena);
  return LDX_SUCCESS;
}

// Iterate `iterator` over the data with `refs` (NULL-terminated); returns
// the status and leaves the listing in run->out.
static LdxStatus
iterate(LdxWorld*          world,
        Run*               run,
        const char*        iterator,
        const char* const* refs)
{
  void* iter  = iterator ? compile(world, iterator, 1) : NULL;
  run->n_refs = 0;
  for (; refs[run->n_refs]; ++run->n_refs) {
    run->refs[run->n_refs] = compile(world, refs[run->n_refs], 0);
  }
  ldxi_buf_clear(&run->out);
  LdxStatus st = ldxi_json_source.iterate(run->source, iter, on_record, run);
  for (size_t r = 0; r < run->n_refs; ++r) {
    ldxi_json_source.free_compiled(run->refs[r]);
  }
  if (iter) {
    ldxi_json_source.free_compiled(iter);
  }
  return st;
}

int
main(void)
{
  snprintf(path, sizeof(path), "/tmp/ldx_json_source_%ld.json", (long)getpid());
  LastDiag  diag  = { LDX_SUCCESS, "", 0, 0, 0, "", 0 };
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  ldx_world_set_diag_func(world, on_diag, &diag);
  Run run;
  memset(&run, 0, sizeof(run));
  run.world = world;
  ldxi_arena_init(&run.arena, world, 0);
  ldxi_buf_init(&run.out, world, 0);

  // A missing file is found when opening.
  unlink(path);
  assert(ldxi_json_source.open(world, NULL, path, "shown.json", &run.source) ==
         LDX_BAD_READ);
  assert(strstr(diag.message, "cannot open data file 'shown.json'"));

  // Natural values: the numbers' text as written.
  write_data(
    "{\"records\": [{\"s\": \"t\\u00e9xt\", \"i\": 42, \"r\": 1.5e3,"
    " \"b\": 12345678901234567890, \"z\": -0, \"t\": true, \"f\": false,"
    " \"n\": null, \"a\": [1, \"x\", null, 2.0], \"o\": {\"k\": 1}}]}");
  assert(!ldxi_json_source.open(world, NULL, path, "data.json", &run.source));
  static const char* const refs[] = { "s", "$.i", "r", "b", "z",
                                      "t", "f",   "n", NULL };
  assert(!iterate(world, &run, "$.records[*]", refs));
  assert(!strcmp(ldxi_buf_cstr(&run.out),
                 "t\xc3\xa9xt^s,;42^i,;1.5e3^d,;12345678901234567890^i,;-0^i,;"
                 "true^b,;false^b,;;"));
  // Iterating again reads the file again; a non-streamable iterator parses
  // the whole document and gives the same.
  static const char* const more[] = { "a[*]", "o", "a", NULL };
  const char* const        want =
    "1^i,x^s,2.0^d,;"
    "!invalid data value: record 1 ($['records'][0]): the value at "
    "$['records'][0]['o'] is an object, not a single value;"
    "!invalid data value: record 1 ($['records'][0]): the value at "
    "$['records'][0]['a'] is an array, not a single value (select its "
    "elements, e.g. with [*]);";
  assert(!iterate(world, &run, "$.records[*]", more));
  if (strcmp(ldxi_buf_cstr(&run.out), want)) {
    fprintf(stderr, "%s\n", ldxi_buf_cstr(&run.out));
    assert(false);
  }
  assert(!iterate(world, &run, "$.records[?@.i == 42]", more));
  assert(!strcmp(ldxi_buf_cstr(&run.out), want));
  // No iterator: the document is the record.
  static const char* const top[] = { "records[0].i", "$..i", NULL };
  assert(!iterate(world, &run, NULL, top));
  assert(!strcmp(ldxi_buf_cstr(&run.out), "42^i,;42^i,;"));
  ldxi_json_source.close(run.source);

  // Syntax errors: the file name as given, line and column in the file,
  // streamed (after records) or not.
  write_data("{\"records\": [\n  {\"i\": 1},\n  {\"i\": 2 \"j\": 3}\n]}");
  assert(
    !ldxi_json_source.open(world, NULL, path, "dir/data.json", &run.source));
  static const char* const one[]       = { "i", NULL };
  const char* const        iterators[] = { "$.records[*]", "$..i" };
  for (int i = 0; i < 2; ++i) {
    diag.count = 0;
    assert(iterate(world, &run, iterators[i], one) == LDX_BAD_SYNTAX);
    assert(diag.count == 1 && diag.status == LDX_BAD_SYNTAX);
    assert(!strcmp(diag.file, "dir/data.json"));
    assert(diag.line == 3 && diag.column == 11 && diag.byte == 36);
    assert(!strcmp(diag.message,
                   "invalid JSON: expected ',' or '}' after an object member, "
                   "found '\"'"));
  }
  ldxi_json_source.close(run.source);

  // The depth limit and a duplicate member on a streamed path.
  const LdxLimits limits = { 4, 0, 0 };
  ldx_world_set_limits(world, &limits);
  write_data("{\"records\": [[[[1]]]]}");
  assert(!ldxi_json_source.open(world, NULL, path, "deep.json", &run.source));
  assert(iterate(world, &run, "$.records[*]", one) == LDX_BAD_LIMIT);
  assert(diag.line == 1 && diag.column == 16 &&
         strstr(diag.message, "nesting deeper than the limit of 4 levels"));
  ldxi_json_source.close(run.source);
  write_data("{\"records\": [{\"i\": 1}], \"records\": [{\"i\": 2}]}");
  assert(!ldxi_json_source.open(world, NULL, path, "dup.json", &run.source));
  assert(iterate(world, &run, "$.records[*]", one) == LDX_BAD_DATA);
  assert(strstr(diag.message, "duplicate member 'records'"));
  assert(!strcmp(ldxi_buf_cstr(&run.out), "1^i,;"));
  ldxi_json_source.close(run.source);

  unlink(path);
  ldxi_values_free(world, &run.values);
  ldxi_buf_free(&run.out);
  ldxi_arena_free(&run.arena);
  ldx_world_free(world);
  return 0;
}
