// SPDX-License-Identifier: MIT
// Unit tests of the SPARQL logical source (src/source/sparql_source.c):
// queries checked when compiled (syntax errors with their place, SELECT
// only, no FROM or SERVICE), RDF files in each syntax (by name or content,
// compressed), values and their natural datatypes, unbound variables,
// errors with their messages, no external entity loaded, and every
// allocation failure.
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

typedef struct {
  LdxStatus status;
  char      message[1024];
  unsigned  line;
  size_t    count;
} LastDiag;

static void
on_diag(void* handle, const LdxDiag* diag)
{
  LastDiag* d = (LastDiag*)handle;
  d->status   = diag->status;
  d->line     = diag->caret.line;
  snprintf(d->message, sizeof(d->message), "%s", diag->message);
  ++d->count;
}

static const char natural_tag[] = {
  's', 'i', 'd', 'b', 'D', 'a', 't', 'T', 'h'
};

static const LdxiSourceOps* const ops = &ldxi_sparql_source;

static char dir[64];

// Write `text` to DIR/name and return the path (static buffer).
static const char*
write_file(const char* name, const char* text, size_t len)
{
  static char path[160];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE* f = fopen(path, "wb");
  assert(f);
  assert(fwrite(text, 1, len, f) == len);
  fclose(f);
  return path;
}

#define WRITE(name, text) write_file(name, text, strlen(text))

typedef struct {
  LdxiSourceHandle* source;
  void*             refs[8];
  size_t            n_refs;
  LdxiArena         arena;
  LdxiValues        values;
  LdxiBuf           out;
  LdxWorld*         world;
  size_t            stop_at;
} Run;

static LdxStatus
on_record(void* handle, const LdxiRecord* record)
{
  Run* run = (Run*)handle;
  if (run->stop_at && record->number == run->stop_at) {
    return LDX_BAD_WRITE;
  }
  for (size_t r = 0; r < run->n_refs; ++r) {
    LdxiBuf err;
    ldxi_buf_init(&err, run->world, 0);
    run->values.n = 0;
    LdxStatus st  = ops->eval(
      run->source, record, run->refs[r], &run->values, &run->arena, &err);
    if (st == LDX_BAD_ALLOC) {
      ldxi_buf_free(&err);
      return st;
    }
    if (st) {
      ldxi_buf_printf(&run->out, "!%s: ", ldx_strerror(st));
      ops->describe(record, &run->out);
      ldxi_buf_printf(&run->out, ": %s;", ldxi_buf_cstr(&err));
      ldxi_buf_free(&err);
      continue;
    }
    ldxi_buf_free(&err);
    for (size_t i = 0; i < run->values.n; ++i) {
      const LdxiValue* v = &run->values.items[i];
      if (ldxi_buf_printf(&run->out,
                          "%.*s^%c,",
                          (int)v->len,
                          v->str,
                          natural_tag[v->natural])) {
        return LDX_BAD_ALLOC;
      }
    }
    if (ldxi_buf_putc(&run->out, ';')) {
      return LDX_BAD_ALLOC;
    }
  }
  ldxi_arena_reset(&run->arena);
  return ldxi_buf_putc(&run->out, '|');
}

// Compile the query and `refs`, open `path` and iterate twice; returns the
// first failure, with the listing of the last iteration in run->out.
static LdxStatus
map_file(Run*               run,
         const char*        path,
         const char*        query,
         const char* const* refs,
         LdxiCompression    compression)
{
  LdxiLogicalSource src;
  memset(&src, 0, sizeof(src));
  src.formulation   = LDXI_RF_SPARQL_CSV;
  src.iterator      = query;
  src.compression   = compression;
  src.rule.what     = "logical source <#LS>";
  void*         it  = NULL;
  LdxiExprError err = { 0, "" };
  LdxStatus st = ops->compile(run->world, query, strlen(query), 1, &it, &err);
  for (; !st && refs[run->n_refs]; ++run->n_refs) {
    st = ops->compile(run->world,
                      refs[run->n_refs],
                      strlen(refs[run->n_refs]),
                      0,
                      &run->refs[run->n_refs],
                      &err);
    if (st) {
      break;
    }
  }
  const char* shown = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  if (!st) {
    st = ops->open(run->world, &src, path, shown, &run->source);
  }
  for (int i = 0; !st && i < 2; ++i) {
    ldxi_buf_clear(&run->out);
    st = ops->iterate(run->source, i ? NULL : it, on_record, run);
  }
  if (run->source) {
    ops->close(run->source);
    run->source = NULL;
  }
  ops->free_compiled(it);
  for (size_t r = 0; r < run->n_refs; ++r) {
    ops->free_compiled(run->refs[r]);
  }
  run->n_refs = 0;
  return st;
}

static void
run_init(Run* run, LdxWorld* world)
{
  memset(run, 0, sizeof(*run));
  run->world = world;
  ldxi_arena_init(&run->arena, world, 0);
  ldxi_buf_init(&run->out, world, 0);
}

static void
run_free(Run* run)
{
  ldxi_values_free(run->world, &run->values);
  ldxi_arena_free(&run->arena);
  ldxi_buf_free(&run->out);
}

static void
expect_map(LdxWorld*          world,
           const char*        path,
           const char*        query,
           const char* const* refs,
           LdxStatus          status,
           const char*        want)
{
  Run run;
  run_init(&run, world);
  LdxStatus st = map_file(&run, path, query, refs, LDXI_COMPRESSION_NONE);
  if (st != status || (want && strcmp(ldxi_buf_cstr(&run.out), want))) {
    fprintf(stderr,
            "%s: status %s, expected %s\n got: %s\nwant: %s\n",
            path,
            ldx_strerror(st),
            ldx_strerror(status),
            ldxi_buf_cstr(&run.out),
            want ? want : "");
    assert(false);
  }
  run_free(&run);
}

static void
expect_compile_error(LdxWorld*   world,
                     const char* text,
                     int         iterator,
                     size_t      offset,
                     const char* part)
{
  void*         compiled = NULL;
  LdxiExprError err      = { 0, "" };
  assert(ops->compile(world, text, strlen(text), iterator, &compiled, &err) ==
         LDX_BAD_REFERENCE);
  assert(!compiled);
  if (!strstr(err.message, part) || err.offset != offset) {
    fprintf(stderr, "%s: at %zu: %s\n", text, err.offset, err.message);
    assert(false);
  }
}

static void
test_compile(LdxWorld* world)
{
  expect_compile_error(
    world, "SELECT ?s WHERE {\n  ?s ?p \n}", 1, 27, "syntax error");
  expect_compile_error(
    world, "ASK { ?s ?p ?o }", 1, 0, "the query must be a SELECT query");
  expect_compile_error(world,
                       "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                       1,
                       0,
                       "the query must be a SELECT query");
  expect_compile_error(world,
                       "SELECT * FROM <http://example.com/g> WHERE { ?s ?p "
                       "?o }",
                       1,
                       0,
                       "FROM and FROM NAMED are not supported");
  expect_compile_error(world,
                       "SELECT * FROM NAMED <http://example.com/g> WHERE { "
                       "GRAPH ?g { ?s ?p ?o } }",
                       1,
                       0,
                       "FROM and FROM NAMED are not supported");
  expect_compile_error(world,
                       "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE "
                       "<http://example.com/sparql> { ?s ?q ?x } } }",
                       1,
                       0,
                       "SERVICE is not supported");
  expect_compile_error(world, "a b", 0, 1, "'a b' is not a SPARQL variable");
  expect_compile_error(world, "?", 0, 0, "empty variable name");
  expect_compile_error(world, "", 0, 0, "empty variable name");
  void*         compiled = NULL;
  LdxiExprError err;
  assert(!ops->compile(world, "$x_1", 4, 0, &compiled, &err));
  ops->free_compiled(compiled);
}

static void
test_files(LdxWorld* world, LastDiag* diag)
{
  char ttl[160]; // (WRITE's buffer is reused)
  snprintf(
    ttl,
    sizeof(ttl),
    "%s",
    WRITE(
      "data.ttl",
      "@prefix ex: <http://example.com/> .\n"
      "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
      "ex:a ex:v 5 , 1.50 , 1.5e0 , true , \"x\"@fr , \"2011-08-23\"^^xsd:date,"
      " \"0AFF\"^^xsd:hexBinary , \"7\"^^xsd:int , ex:b , [ ex:w 1 ] .\n"
      "ex:c ex:w 2 .\n"));
  static const char* const refs[] = { "s", "?v", NULL };
  expect_map(world,
             ttl,
             "PREFIX ex: <http://example.com/>\n"
             "SELECT ?s ?v WHERE { ?s ex:v ?v FILTER(!isBlank(?v)) }\n"
             "ORDER BY STR(?v)",
             refs,
             LDX_SUCCESS,
             "http://example.com/a^s,;0AFF^h,;|"
             "http://example.com/a^s,;1.50^D,;|"
             "http://example.com/a^s,;1.5e0^d,;|"
             "http://example.com/a^s,;2011-08-23^a,;|"
             "http://example.com/a^s,;5^i,;|"
             "http://example.com/a^s,;7^s,;|"
             "http://example.com/a^s,;http://example.com/b^s,;|"
             "http://example.com/a^s,;true^b,;|"
             "http://example.com/a^s,;x^s,;|");

  // Unbound variables give no value; blank nodes their label; a variable
  // that the query does not have is an error naming those it has.
  static const char* const opt[] = { "x", "$w", "nope", NULL };
  diag->count                    = 0;
  expect_map(world,
             ttl,
             "PREFIX ex: <http://example.com/>\n"
             "SELECT ?x ?w WHERE { ?x ex:w ?w OPTIONAL { ?x ex:v ?y } "
             "FILTER(isIRI(?x)) }",
             opt,
             LDX_SUCCESS,
             "http://example.com/c^s,;2^i,;!invalid reference: solution 1: "
             "the query has no variable ?nope; its variables are ?x, ?w;|");
  static const char* const blank[] = { "b", NULL };
  Run                      run;
  run_init(&run, world);
  assert(!map_file(&run,
                   ttl,
                   "SELECT ?b WHERE { ?b <http://example.com/w> 1 }",
                   blank,
                   LDXI_COMPRESSION_NONE));
  assert(run.out.len > 5 && !strchr(run.out.data, '!'));
  run_free(&run);

  // N-Triples with datatypes, N-Quads (the default graph is the union of
  // the file's graphs), RDF/XML, TriG; compressed; by content.
  static const char* const so[] = { "s", "o", NULL };
  const char* const        q    = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s";
  const char* const        want = "http://a^s,;1^i,;|http://b^s,;x^s,;|";
  expect_map(world,
             WRITE("d.nt",
                   "<http://a> <http://p> "
                   "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                   "<http://b> <http://p> \"x\" .\n"),
             q,
             so,
             LDX_SUCCESS,
             want);
  // (no datatype here: raptor's N-Quads parser leaks a reference to each
  // datatype IRI, which LeakSanitizer reports)
  expect_map(world,
             WRITE("d.nq",
                   "<http://a> <http://p> \"1\" <http://g> .\n"
                   "<http://b> <http://p> \"x\" .\n"),
             q,
             so,
             LDX_SUCCESS,
             "http://a^s,;1^s,;|http://b^s,;x^s,;|");
  expect_map(world,
             WRITE("d.rdf",
                   "<?xml version=\"1.0\"?>\n"
                   "<rdf:RDF xmlns:rdf="
                   "\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                   "xmlns:p=\"http://\">\n"
                   "<rdf:Description rdf:about=\"http://a\"><p:p rdf:datatype="
                   "\"http://www.w3.org/2001/XMLSchema#integer\">1</p:p>"
                   "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"http://b\"><p:p>x</p:p>"
                   "</rdf:Description>\n</rdf:RDF>\n"),
             q,
             so,
             LDX_SUCCESS,
             want);
  expect_map(world,
             WRITE("d.trig",
                   "<http://g> { <http://a> <http://p> 1 . }\n"
                   "<http://b> <http://p> \"x\" .\n"),
             q,
             so,
             LDX_SUCCESS,
             want);
  expect_map(world,
             WRITE("d.data",
                   "@prefix p: <http://> .\n<http://a> p:p 1 .\n"
                   "<http://b> p:p \"x\" .\n"),
             q,
             so,
             LDX_SUCCESS,
             want);
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "gzip -c '%s/d.nt' > '%s/z.nt.gz'", dir, dir);
  assert(!system(cmd));
  snprintf(cmd, sizeof(cmd), "%s/z.nt.gz", dir);
  run_init(&run, world);
  assert(!map_file(&run, cmd, q, so, LDXI_COMPRESSION_GZIP));
  assert(!strcmp(ldxi_buf_cstr(&run.out), want));
  run_free(&run);

  // Nothing is loaded from outside the file: no external entity.
  const char* xxe =
    WRITE("xxe.rdf",
          "<?xml version=\"1.0\"?>\n"
          "<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM \"file:///etc/passwd\"> ]>\n"
          "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
          "xmlns:p=\"http://\">\n"
          "<rdf:Description rdf:about=\"http://a\"><p:p>[&e;]</p:p>"
          "</rdf:Description>\n</rdf:RDF>\n");
  static const char* const o[] = { "o", NULL };
  run_init(&run, world);
  diag->count  = 0;
  LdxStatus st = map_file(&run, xxe, q, o, LDXI_COMPRESSION_NONE);
  assert(st == LDX_SUCCESS || st == LDX_BAD_SYNTAX);
  assert(!strstr(ldxi_buf_cstr(&run.out), "root:"));
  run_free(&run);

  // Errors: the file and line, the reason.
  diag->count = 0;
  expect_map(world,
             WRITE("bad.ttl", "<http://a> <http://p> 1 .\n<http://b> <x> .\n"),
             q,
             so,
             LDX_BAD_SYNTAX,
             NULL);
  assert(diag->count == 1 && diag->line == 2);
  assert(strstr(diag->message, "invalid Turtle: "));
  diag->count = 0;
  expect_map(
    world, WRITE("what.data", "just text\n"), q, so, LDX_BAD_READ, NULL);
  assert(strstr(diag->message, "cannot tell the RDF syntax of 'what.data'"));
  char missing[128];
  snprintf(missing, sizeof(missing), "%s/missing.ttl", dir);
  expect_map(world, missing, q, so, LDX_BAD_READ, NULL);
  assert(strstr(diag->message, "cannot open data file 'missing.ttl'"));
  LdxiLogicalSource none;
  memset(&none, 0, sizeof(none));
  none.rule.what      = "logical source <#LS>";
  LdxiSourceHandle* h = NULL;
  assert(ops->open(world, &none, NULL, "x", &h) == LDX_BAD_MAPPING);
  assert(strstr(diag->message, "names no RDF file"));

  // A failing record stops the iteration.
  run_init(&run, world);
  run.stop_at = 2;
  assert(map_file(&run, ttl, q, so, LDXI_COMPRESSION_NONE) == LDX_BAD_WRITE);
  run_free(&run);
}

// Every allocation through the world fails in turn: LDX_BAD_ALLOC (or a
// success when the failure was absorbed), nothing leaked.
static void
test_alloc_failures(const char* path)
{
  FailingAlloc             fa     = { 0, 0, 0 };
  const LdxAllocator       al     = failing_alloc(&fa);
  size_t                   total  = 0;
  static const char* const refs[] = { "s", "o", NULL };
  for (size_t fail = 0;; ++fail) {
    failing_alloc_reset(&fa, fail);
    LdxWorld* world = ldx_world_new(&al);
    if (!world) {
      continue;
    }
    LastDiag quiet;
    ldx_world_set_diag_func(world, on_diag, &quiet);
    Run run;
    run_init(&run, world);
    LdxStatus st = map_file(&run,
                            path,
                            "SELECT ?s ?o WHERE { ?s ?p ?o }",
                            refs,
                            LDXI_COMPRESSION_NONE);
    assert(!st || st == LDX_BAD_ALLOC);
    run_free(&run);
    ldx_world_free(world);
    assert(fa.live == 0);
    if (!fail) {
      total = fa.count;
    } else if (fail > total) {
      break;
    }
  }
  assert(total > 5);
}

int
main(void)
{
  snprintf(dir, sizeof(dir), "/tmp/ldx_sparql_%ld", (long)getpid());
  char cmd[160];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
  assert(!system(cmd));
  LastDiag  diag  = { LDX_SUCCESS, "", 0, 0 };
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  ldx_world_set_diag_func(world, on_diag, &diag);

  test_compile(world);
  test_files(world, &diag);
  char path[128];
  snprintf(path, sizeof(path), "%s/d.nt", dir);
  test_alloc_failures(path);

  ldx_world_free(world);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert(!system(cmd));
  return 0;
}
