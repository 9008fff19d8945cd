// SPDX-License-Identifier: MIT
// Unit tests of the CSV logical source (src/source/csv_source.c) through
// its LdxiSourceOps on real files: records and values, references checked
// against the header when the source opens (with the reference's place in
// the mapping), quoted names, no header, record descriptions, data errors
// with the file's line and column, repeated iterations, the dialect, and
// every allocation failure.
#undef NDEBUG

#include "core/arena.h"
#include "core/buf.h"
#include "failing_alloc.h"
#include "mapping/plan.h"
#include "source/source.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const LdxiSourceOps* ops = &ldxi_csv_source;

// Diagnostics, one line each: "level|file:line:column|record|message|rule".
typedef struct {
  LdxiBuf text;
  size_t  errors;
  size_t  warnings;
} Diags;

static void
on_diag(void* handle, const LdxDiag* diag)
{
  Diags* d = (Diags*)handle;
  d->errors += diag->level == LDX_LEVEL_ERROR;
  d->warnings += diag->level == LDX_LEVEL_WARNING;
  ldxi_buf_printf(&d->text,
                  "%s|%s:%u:%u@%zu|%s|%s|%s\n",
                  diag->level == LDX_LEVEL_ERROR ? "E" : "W",
                  diag->caret.file ? diag->caret.file : "",
                  diag->caret.line,
                  diag->caret.column,
                  diag->caret.byte,
                  diag->record ? diag->record : "",
                  diag->message,
                  diag->rule ? diag->rule : "");
}

static char path[64];

static void
write_data(const char* text, size_t len)
{
  FILE* f = fopen(path, "wb");
  assert(f);
  assert(fwrite(text, 1, len, f) == len);
  fclose(f);
}

// A logical source with references, as the compiler makes it.
typedef struct {
  LdxiLogicalSource source;
  LdxiRef           refs[8];
  size_t            n_refs;
} Source;

static void
source_init(Source* s, const char* const* refs, LdxWorld* world)
{
  memset(s, 0, sizeof(*s));
  s->source.ops         = ops;
  s->source.formulation = LDXI_RF_CSV;
  s->source.csv         = (LdxiCsvDialect){ ',', '"', true, 0, false, NULL };
  s->source.rule.caret  = (LdxCaret){ "mapping.ttl", 3, 5, 40 };
  s->source.rule.what   = "logical source <#LS>";
  for (; refs && refs[s->n_refs]; ++s->n_refs) {
    LdxiRef*      r   = &s->refs[s->n_refs];
    LdxiExprError err = { 0, "" };
    r->text           = refs[s->n_refs];
    r->len            = strlen(r->text);
    r->ops            = ops;
    r->caret = (LdxCaret){ "mapping.ttl", 10 + (unsigned)s->n_refs, 7, 100 };
    assert(!ops->compile(world, r->text, r->len, 0, &r->compiled, &err));
    assert(r->compiled);
    r->next        = s->source.refs;
    s->source.refs = r;
  }
}

static void
source_free(Source* s)
{
  for (size_t i = 0; i < s->n_refs; ++i) {
    ops->free_compiled(s->refs[i].compiled);
  }
}

typedef struct {
  LdxWorld*         world;
  LdxiSourceHandle* handle;
  Source*           source;
  LdxiArena         arena;
  LdxiValues        values;
  LdxiBuf           out; // "v,v;" per record, "!message;" for errors
  LdxiBuf           where;
} Run;

static LdxStatus
on_record(void* handle, const LdxiRecord* record)
{
  Run* run = (Run*)handle;
  ldxi_buf_clear(&run->where);
  assert(!ops->describe(record, &run->where));
  for (size_t r = 0; r < run->source->n_refs; ++r) {
    LdxiBuf err;
    ldxi_buf_init(&err, run->world, 0);
    run->values.n = 0;
    LdxStatus st  = ops->eval(run->handle,
                             record,
                             run->source->refs[r].compiled,
                             &run->values,
                             &run->arena,
                             &err);
    if (st == LDX_BAD_ALLOC) {
      ldxi_buf_free(&err);
      return st;
    }
    if (st) {
      ldxi_buf_printf(&run->out, "!%s;", ldxi_buf_cstr(&err));
    } else {
      assert(run->values.n == 1);
      const LdxiValue* v = &run->values.items[0];
      assert(v->natural == LDXI_NAT_STRING && v->str[v->len] == '\0');
      ldxi_buf_printf(&run->out, "%s,", v->str);
    }
    ldxi_buf_free(&err);
  }
  ldxi_buf_putc(&run->out, ';');
  ldxi_arena_reset(&run->arena);
  return LDX_SUCCESS;
}

// Open `text` as a CSV file with `refs`, iterate twice (the same), close.
// Returns the status of open or iterate; the values are in run->out.
static LdxStatus
map(Run* run, Source* s, const char* text, size_t len)
{
  write_data(text, len);
  run->source = s;
  ldxi_buf_clear(&run->out);
  LdxStatus st =
    ops->open(run->world, &s->source, path, "data.csv", &run->handle);
  if (st) {
    assert(!run->handle);
    return st;
  }
  st = ops->iterate(run->handle, NULL, on_record, run);
  if (!st) {
    LdxiBuf first;
    ldxi_buf_init(&first, NULL, 0);
    ldxi_buf_puts(&first, ldxi_buf_cstr(&run->out));
    ldxi_buf_clear(&run->out);
    st = ops->iterate(run->handle, NULL, on_record, run);
    assert(st || !strcmp(ldxi_buf_cstr(&first), ldxi_buf_cstr(&run->out)));
    ldxi_buf_free(&first);
  }
  ops->close(run->handle);
  run->handle = NULL;
  return st;
}

static void
expect(const LdxiBuf* got, const char* want)
{
  if (strcmp(ldxi_buf_cstr(got), want)) {
    fprintf(stderr, "got:  %s\nwant: %s\n", ldxi_buf_cstr(got), want);
    assert(false);
  }
}

static void
expect_diag(Diags* d, const char* want)
{
  expect(&d->text, want);
  ldxi_buf_clear(&d->text);
  d->errors   = 0;
  d->warnings = 0;
}

static LdxStatus
map_str(Run* run, Source* s, const char* text)
{
  return map(run, s, text, strlen(text));
}

int
main(void)
{
  snprintf(path, sizeof(path), "/tmp/ldx_csv_source_%ld.csv", (long)getpid());
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  Diags diags;
  memset(&diags, 0, sizeof(diags));
  ldxi_buf_init(&diags.text, NULL, 0);
  ldx_world_set_diag_func(world, on_diag, &diags);
  Run run;
  memset(&run, 0, sizeof(run));
  run.world = world;
  ldxi_arena_init(&run.arena, world, 0);
  ldxi_buf_init(&run.out, world, 0);
  ldxi_buf_init(&run.where, world, 0);
  Source s;

  // Records and values as written; an empty cell is the empty string
  // (rml:null is the engine's business).  The header may be quoted.
  static const char* const friends[] = { "id", "name", "age", NULL };
  source_init(&s, friends, world);
  assert(!map_str(&run,
                  &s,
                  "\"id\",\"name\",\"age\"\n0,Monica Geller,33\n5,,\n"
                  "6,\"Buffay, \"\"Phoebe\"\"\",NULL\n"));
  expect(&run.out, "0,Monica Geller,33,;5,,,;6,Buffay, \"Phoebe\",NULL,;");
  expect_diag(&diags, "");
  source_free(&s);

  // A reference to a missing column is an error when the source opens, at
  // the reference's place in the mapping, naming the columns; a name that
  // differs only in case is suggested.  Every bad reference is reported.
  static const char* const missing[] = { "id", "nam", "Age", NULL };
  source_init(&s, missing, world);
  assert(map_str(&run, &s, "id,name,age\n1,x,2\n") == LDX_BAD_REFERENCE);
  expect_diag(&diags,
              "E|mapping.ttl:12:7@100||reference 'Age': no column 'Age' in "
              "the header of 'data.csv' (did you mean 'age'? names are "
              "case-sensitive)|\n"
              "E|mapping.ttl:11:7@100||reference 'nam': no column 'nam' in "
              "the header of 'data.csv' (columns: 'id', 'name', 'age')|\n");
  source_free(&s);

  // Quoted references: an exact name first, then the name in the quotes.
  static const char* const quoted[] = {
    "\"x\"", "x", "\"y\"", "\"a\"\"b\"", NULL
  };
  source_init(&s, quoted, world);
  assert(!map_str(&run, &s, "\"\"\"x\"\"\",x,y,\"a\"\"b\"\n1,2,3,4\n"));
  expect(&run.out, "1,2,3,4,;");
  source_free(&s);

  // Two columns of the referenced name are ambiguous.
  static const char* const dup[] = { "a", "b", NULL };
  source_init(&s, dup, world);
  assert(map_str(&run, &s, "a,b,a\n1,2,3\n") == LDX_BAD_REFERENCE);
  expect_diag(&diags,
              "E|mapping.ttl:10:7@100||reference 'a': the header of "
              "'data.csv' has 2 columns named 'a'|\n");
  source_free(&s);

  // Records are described by row and line (after a field on two lines).
  source_init(&s, dup, world);
  assert(!map_str(&run, &s, "a,b\n\"1\n1\",2\n3,4\n"));
  expect(&run.where, "row 2 (line 4)");
  source_free(&s);

  // A row with fewer or more fields than the header, and other syntax
  // errors: the file's line and column, the row, the logical source.
  static const char* const idname[] = { "id", "name", NULL };
  source_init(&s, idname, world);
  assert(map_str(&run, &s, "id,name,age\n6,Phoebe Buffay 37\n") ==
         LDX_BAD_SYNTAX);
  expect(&run.out, "");
  expect_diag(&diags,
              "E|data.csv:2:19@30|row 1|invalid CSV: 2 fields where the "
              "header has 3 (columns: 'id', 'name', 'age')|the data is read "
              "by this logical source\n");
  assert(map_str(&run, &s, "id,name\n1,a\n2,b,c\n") == LDX_BAD_SYNTAX);
  expect(&run.out, "1,a,;"); // the rows before the error were mapped
  expect_diag(&diags,
              "E|data.csv:3:4@15|row 2|invalid CSV: more fields than the "
              "header (2) (columns: 'id', 'name')|the data is read by this "
              "logical source\n");
  assert(map_str(&run, &s, "id,name\n1,\"a\"b\n") == LDX_BAD_SYNTAX);
  expect_diag(&diags,
              "E|data.csv:2:6@13|row 1|invalid CSV: 'b' after the closing "
              "quote of a field (expected ',' or a line end) (if quotes are "
              "not special in this file, set csvw:quoteChar to a character "
              "it does not use)|the data is read by this logical source\n");
  // An error in the header is found when the source opens.
  assert(map_str(&run, &s, "id,\"name\n1,2\n") == LDX_BAD_SYNTAX);
  expect_diag(&diags,
              "E|data.csv:1:4@3|the header row|invalid CSV: unterminated "
              "quoted field: no closing \" before the end of the file (if "
              "quotes are not special in this file, set csvw:quoteChar to a "
              "character it does not use)|the data is read by this logical "
              "source\n");
  source_free(&s);

  // An empty file: no header, no records, a warning.
  source_init(&s, idname, world);
  assert(!map_str(&run, &s, ""));
  expect(&run.out, "");
  expect_diag(&diags,
              "W|:0:0@0||CSV data file 'data.csv' is empty: no header row, no "
              "records|\n");
  // A header only: no records.
  assert(!map_str(&run, &s, "id,name\r\n"));
  expect(&run.out, "");
  expect_diag(&diags, "");
  source_free(&s);

  // An iterator is ignored with a warning.
  source_init(&s, idname, world);
  s.source.iterator = "$[*]";
  assert(!map_str(&run, &s, "id,name\n1,a\n"));
  expect(&run.out, "1,a,;");
  expect_diag(&diags,
              "W|mapping.ttl:3:5@40||rml:iterator \"$[*]\" of logical source "
              "<#LS> is ignored: every row of a CSV file is a record|\n");
  source_free(&s);

  // No header: columns by number.
  static const char* const numbers[] = { "2", "_col.1", NULL };
  source_init(&s, numbers, world);
  s.source.csv.header = false;
  assert(!map_str(&run, &s, "a,b\nc,d\n"));
  expect(&run.out, "b,a,;d,c,;");
  static const char* const beyond[] = { "3", "name", NULL };
  source_free(&s);
  source_init(&s, beyond, world);
  s.source.csv.header = false;
  assert(map_str(&run, &s, "a,b\n") == LDX_BAD_REFERENCE);
  assert(diags.errors == 2 &&
         strstr(ldxi_buf_cstr(&diags.text),
                "no column '3' in 'data.csv': without a header row, columns "
                "are named by their number, 1 to 2 (or _col.1 to _col.2)"));
  expect_diag(&diags, ldxi_buf_cstr(&diags.text));
  source_free(&s);

  // The dialect: delimiter, quote, trimming, comments, skipped rows, BOM,
  // CRLF.
  source_init(&s, idname, world);
  s.source.csv = (LdxiCsvDialect){ ';', '\'', true, 2, true, "#" };
  assert(!map_str(&run,
                  &s,
                  "\xEF\xBB\xBFtitle\r\n\r\n id ; name \r\n# c\r\n"
                  "1;' a;b '\r\n"));
  expect(&run.out, "1, a;b ,;");
  source_free(&s);

  // A reference the source was not told about when it opened is resolved
  // on first use; a missing column is then a data error.
  source_init(&s, idname, world);
  write_data("id,name\n1,a\n", 12);
  assert(!ops->open(world, NULL, path, "data.csv", &run.handle));
  Source                   other;
  static const char* const late[] = { "name", "nope", NULL };
  source_init(&other, late, world);
  run.source = &other;
  ldxi_buf_clear(&run.out);
  assert(!ops->iterate(run.handle, NULL, on_record, &run));
  expect(&run.out,
         "a,!no column 'nope' in the header of 'data.csv' (columns: 'id', "
         "'name');;");
  ops->close(run.handle);
  run.handle = NULL;
  source_free(&other);
  source_free(&s);

  // A missing file is reported by the input layer.
  source_init(&s, idname, world);
  unlink(path);
  assert(ops->open(world, &s.source, path, "gone.csv", &run.handle) ==
         LDX_BAD_READ);
  assert(!run.handle && diags.errors == 1 &&
         strstr(ldxi_buf_cstr(&diags.text), "gone.csv"));
  expect_diag(&diags, ldxi_buf_cstr(&diags.text));
  source_free(&s);

  // Every allocation failure in compile, open and iterate ends with
  // LDX_BAD_ALLOC and no leak.
  FailingAlloc       fa = { 0, 0, 0 };
  const LdxAllocator a  = failing_alloc(&fa);
  LdxWorld*          fw = ldx_world_new(&a);
  assert(fw);
  ldx_world_set_diag_func(fw, on_diag, &diags);
  Run frun;
  memset(&frun, 0, sizeof(frun));
  frun.world = fw;
  ldxi_arena_init(&frun.arena, NULL, 0);
  ldxi_buf_init(&frun.out, NULL, 0);
  ldxi_buf_init(&frun.where, NULL, 0);
  static const char text[] = "id,name\n1,\"a\"\"b\"\n2,c\n";
  size_t            count  = 0;
  for (size_t i = 0;; ++i) {
    failing_alloc_reset(&fa, i);
    LdxStatus st = LDX_SUCCESS;
    memset(&s, 0, sizeof(s));
    s.source.ops = ops;
    s.source.csv = (LdxiCsvDialect){ ',', '"', true, 0, false, NULL };
    for (; idname[s.n_refs]; ++s.n_refs) {
      LdxiRef*      r   = &s.refs[s.n_refs];
      LdxiExprError err = { 0, "" };
      r->text           = idname[s.n_refs];
      r->len            = strlen(r->text);
      if ((st = ops->compile(fw, r->text, r->len, 0, &r->compiled, &err))) {
        break;
      }
      r->next       = s.source.refs;
      s.source.refs = r;
    }
    if (!st) {
      st = map(&frun, &s, text, sizeof(text) - 1);
    }
    source_free(&s);
    ldxi_values_free(fw, &frun.values);
    assert(fa.live == 0);
    if (!i) {
      assert(!st);
      expect(&frun.out, "1,a\"b,;2,c,;");
      count = fa.count;
      assert(count > 5);
    } else {
      assert(st == LDX_BAD_ALLOC);
    }
    if (i == count) {
      break;
    }
  }
  failing_alloc_reset(&fa, 0);
  ldxi_buf_clear(&diags.text);
  ldxi_arena_free(&frun.arena);
  ldxi_buf_free(&frun.out);
  ldxi_buf_free(&frun.where);
  ldx_world_free(fw);

  unlink(path);
  ldxi_values_free(world, &run.values);
  ldxi_buf_free(&run.out);
  ldxi_buf_free(&run.where);
  ldxi_arena_free(&run.arena);
  ldxi_buf_free(&diags.text);
  ldx_world_free(world);
  printf("csv source: ok\n");
  return 0;
}
