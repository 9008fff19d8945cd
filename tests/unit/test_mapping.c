// SPDX-License-Identifier: MIT
// Unit tests of the mapping API: loading both vocabularies, compile-time
// errors with positions, running into a sink, data errors with records.
#undef NDEBUG

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// ---------------------------------------------------------------------------
// A sink that records quads as sorted text lines.

typedef struct {
  char   lines[64][512];
  size_t n;
  int    ended;
} Capture;

static void
put_term(char* out, size_t size, const LdxTerm* t)
{
  size_t len = strlen(out);
  if (!t) {
    return;
  }
  switch (t->type) {
    case LDX_TERM_IRI:
      snprintf(
        out + len, size - len, " <%.*s>", (int)t->value.len, t->value.buf);
      break;
    case LDX_TERM_BLANK:
      snprintf(
        out + len, size - len, " _:%.*s", (int)t->value.len, t->value.buf);
      break;
    case LDX_TERM_LITERAL:
      snprintf(out + len,
               size - len,
               " \"%.*s\"%s%.*s%s%.*s",
               (int)t->value.len,
               t->value.buf,
               t->language.len ? "@" : "",
               (int)t->language.len,
               t->language.buf,
               t->datatype.len ? "^^" : "",
               (int)t->datatype.len,
               t->datatype.buf);
      break;
  }
}

static LdxStatus
capture(void* handle, const LdxEvent* ev)
{
  Capture* c = (Capture*)handle;
  if (ev->type == LDX_EVENT_END) {
    c->ended = 1;
  } else if (ev->type == LDX_EVENT_QUAD) {
    assert(c->n < 64);
    char* line = c->lines[c->n++];
    line[0]    = '\0';
    put_term(line, 512, ev->u.quad.subject);
    put_term(line, 512, ev->u.quad.predicate);
    put_term(line, 512, ev->u.quad.object);
    put_term(line, 512, ev->u.quad.graph);
  }
  return LDX_SUCCESS;
}

static int
cmp_lines(const void* a, const void* b)
{
  return strcmp((const char*)a, (const char*)b);
}

// ---------------------------------------------------------------------------
// Diagnostics captured as "file:line:col|record|message|rule" lines.

typedef struct {
  char   text[8][1024];
  size_t n;
} Diags;

static void
on_diag(void* handle, const LdxDiag* d)
{
  Diags* ds = (Diags*)handle;
  if (ds->n < 8) {
    snprintf(ds->text[ds->n++],
             1024,
             "%s:%u:%u|%s|%s|%s",
             d->caret.file ? d->caret.file : "-",
             d->caret.line,
             d->caret.column,
             d->record ? d->record : "-",
             d->message,
             d->rule ? d->rule : "-");
  }
}

static char dir[256];

static void
write_file(const char* name, const char* text)
{
  char path[512];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE* f = fopen(path, "w");
  assert(f);
  fputs(text, f);
  fclose(f);
}

// Load `mapping` (as DIR/mapping.ttl) and run it; returns the status.
static LdxStatus
run(const char* mapping, const char* base, Capture* cap, Diags* diags)
{
  char path[512];
  write_file("mapping.ttl", mapping);
  snprintf(path, sizeof(path), "%s/mapping.ttl", dir);
  memset(cap, 0, sizeof(*cap));
  memset(diags, 0, sizeof(*diags));
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  ldx_world_set_diag_func(world, on_diag, diags);
  LdxMapping* m  = NULL;
  LdxStatus   st = ldx_mapping_new(world, &m);
  assert(!st);
  st = ldx_mapping_load_file(m, path, NULL);
  if (!st) {
    LdxRunOptions opts = { base, NULL, false, false, false, NULL };
    LdxSink       sink = { cap, capture };
    st                 = ldx_mapping_run(m, &opts, sink, NULL);
  }
  qsort(cap->lines, cap->n, sizeof(cap->lines[0]), cmp_lines);
  ldx_mapping_free(m);
  ldx_world_free(world);
  return st;
}

static const char* const people_json =
  "{\"people\": [\n"
  "  {\"id\": 1, \"name\": \"Zoë Krüger\", \"tags\": [\"a\", \"b\"]},\n"
  "  {\"id\": 2, \"name\": \"Bob\", \"tags\": [], \"score\": 2.5,"
  " \"ok\": true, \"team\": 7},\n"
  "  {\"id\": 3, \"name\": null}\n"
  "]}\n";

static void
test_current_vocabulary(void)
{
  Capture   cap;
  Diags     d;
  LdxStatus st = run(
    "@prefix rml: <http://w3id.org/rml/> .\n"
    "@prefix ex: <http://ex.com/> .\n"
    "ex:TM a rml:TriplesMap ;\n"
    "  rml:logicalSource [ rml:source [ a rml:RelativePathSource ;\n"
    "      rml:root rml:MappingDirectory ; rml:path \"people.json\" ] ;\n"
    "    rml:referenceFormulation rml:JSONPath ;\n"
    "    rml:iterator \"$.people[*]\" ] ;\n"
    "  rml:subjectMap [ rml:template \"p/{$.name}\" ; rml:class ex:P ] ;\n"
    "  rml:predicateObjectMap [ rml:predicate ex:tag ;\n"
    "    rml:objectMap [ rml:reference \"$.tags[*]\" ; rml:language \"en\" ] ] "
    ",\n"
    "  [ rml:predicate ex:score ; rml:objectMap [ rml:reference \"score\" ] ] "
    ",\n"
    "  [ rml:predicate ex:ok ; rml:objectMap [ rml:reference \"@.ok\" ] ] .\n",
    "http://base.org/",
    &cap,
    &d);
  assert(!st);
  assert(cap.ended);
  const char* expected[] = {
    " <http://base.org/p/Bob> <http://ex.com/ok> "
    "\"true\"^^http://www.w3.org/2001/XMLSchema#boolean",
    " <http://base.org/p/Bob> <http://ex.com/score> "
    "\"2.5\"^^http://www.w3.org/2001/XMLSchema#double",
    " <http://base.org/p/Bob> "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.com/P>",
    " <http://base.org/p/Zoë%20Krüger> <http://ex.com/tag> \"a\"@en",
    " <http://base.org/p/Zoë%20Krüger> <http://ex.com/tag> \"b\"@en",
    " <http://base.org/p/Zoë%20Krüger> "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.com/P>",
  };
  assert(cap.n == sizeof(expected) / sizeof(expected[0]));
  for (size_t i = 0; i < cap.n; ++i) {
    if (strcmp(cap.lines[i], expected[i])) {
      fprintf(
        stderr, "got:      %s\nexpected: %s\n", cap.lines[i], expected[i]);
      assert(0);
    }
  }
}

static void
test_legacy_vocabulary(void)
{
  // The same kind of mapping in legacy RML + R2RML, with a relative source
  // found next to the mapping and a join on another source.
  write_file("teams.json", "[{\"no\": 7, \"label\": \"Seven\"}]");
  char cwd[512];
  assert(getcwd(cwd, sizeof(cwd)));
  assert(!chdir(dir));
  Capture   cap;
  Diags     d;
  LdxStatus st = run(
    "@prefix rr: <http://www.w3.org/ns/r2rml#> .\n"
    "@prefix rml: <http://semweb.mmlab.be/ns/rml#> .\n"
    "@prefix ql: <http://semweb.mmlab.be/ns/ql#> .\n"
    "@prefix ex: <http://ex.com/> .\n"
    "<#People> rml:logicalSource [ rml:source \"people.json\" ;\n"
    "    rml:referenceFormulation ql:JSONPath ; rml:iterator \"$.people[*]\" "
    "];\n"
    "  rr:subjectMap [ rr:template \"http://ex.com/person/{id}\" ];\n"
    "  rr:predicateObjectMap [ rr:predicate ex:team ;\n"
    "    rr:objectMap [ rr:parentTriplesMap <#Teams> ;\n"
    "      rr:joinCondition [ rr:child \"team\" ; rr:parent \"no\" ] ] ] .\n"
    "<#Teams> rml:logicalSource [ rml:source \"teams.json\" ;\n"
    "    rml:referenceFormulation ql:JSONPath ; rml:iterator \"$[*]\" ];\n"
    "  rr:subjectMap [ rr:template \"http://ex.com/team/{no}\" ;\n"
    "    rr:graph ex:G ];\n"
    "  rr:predicateObjectMap [ rr:predicate ex:label ;\n"
    "    rr:objectMap [ rml:reference \"label\" ; rr:termType rr:Literal ] ] "
    ".\n",
    NULL,
    &cap,
    &d);
  assert(!chdir(cwd));
  assert(!st);
  const char* expected[] = {
    " <http://ex.com/person/2> <http://ex.com/team> <http://ex.com/team/7>",
    " <http://ex.com/team/7> <http://ex.com/label> \"Seven\" <http://ex.com/G>",
  };
  assert(cap.n == 2);
  assert(!strcmp(cap.lines[0], expected[0]));
  assert(!strcmp(cap.lines[1], expected[1]));
}

static void
expect_mapping_error(const char* mapping,
                     const char* fragment,
                     unsigned    line,
                     unsigned    column)
{
  Capture   cap;
  Diags     d;
  LdxStatus st = run(mapping, "http://b/", &cap, &d);
  assert(st != LDX_SUCCESS);
  assert(d.n >= 1);
  char where[64];
  snprintf(where, sizeof(where), "mapping.ttl:%u:%u|", line, column);
  if (!strstr(d.text[0], fragment) || !strstr(d.text[0], where)) {
    fprintf(stderr,
            "diagnostic: %s\nexpected %s and '%s'\n",
            d.text[0],
            where,
            fragment);
    assert(0);
  }
}

#define PROLOGUE                            \
  "@prefix rml: <http://w3id.org/rml/> .\n" \
  "@prefix ex: <http://ex.com/> .\n"
#define SOURCE                                                                 \
  "  rml:logicalSource [ rml:source [ rml:root rml:MappingDirectory ;\n"       \
  "    rml:path \"people.json\" ] ; rml:referenceFormulation rml:JSONPath ;\n" \
  "    rml:iterator \"$.people[*]\" ] ;\n"

static void
test_mapping_errors(void)
{
  expect_mapping_error(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                                "  rml:predicateObjectMap [ rml:predicate "
                                "ex:p ; rml:object ex:o ] .\n",
                       "no subject map",
                       3,
                       1);
  expect_mapping_error(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                                "  rml:subjectMap [ rml:template "
                                "\"http://x/{{id}}\" ] .\n",
                       "unescaped '{'",
                       7,
                       44);
  expect_mapping_error(PROLOGUE
                       "ex:TM a rml:TriplesMap ;\n" SOURCE
                       "  rml:subjectMap [ rml:reference \"$.a[\" ] .\n",
                       "invalid JSON reference",
                       7,
                       39);
  expect_mapping_error(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                                "  rml:subjectMap [ rml:template \"{$.id}\" ;\n"
                                "    rml:termType rml:Literal ] .\n",
                       "not allowed in a subject map",
                       8,
                       18);
  expect_mapping_error(PROLOGUE
                       "ex:TM a rml:TriplesMap ;\n" SOURCE
                       "  rml:subjectMap [ rml:template \"{$.id}\" ] ;\n"
                       "  rml:predicateObjectMap [ rml:predicate ex:p ;\n"
                       "    rml:objectMap [ rml:reference \"$.name\" ;\n"
                       "      rml:language \"a-english\" ] ] .\n",
                       "invalid language tag",
                       10,
                       20);
  expect_mapping_error(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                                "  rml:subjectMap [ rml:template \"{$.id}\" ;\n"
                                "    rml:termType rml:Bogus ] .\n",
                       "unknown term type",
                       8,
                       18);
  expect_mapping_error(PROLOGUE
                       "ex:TM a rml:TriplesMap ;\n"
                       "  rml:subjectMap [ rml:template \"{$.id}\" ] .\n",
                       "no rml:logicalSource",
                       3,
                       1);
}

// Two datatypes: one error, not one per reading of the property.
static void
test_error_reported_once(void)
{
  Capture   cap;
  Diags     d;
  LdxStatus st =
    run(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                 "  rml:subjectMap [ rml:template \"{$.id}\" ] ;\n"
                 "  rml:predicateObjectMap [ rml:predicate ex:p ;\n"
                 "    rml:objectMap [ rml:reference \"$.name\" ;\n"
                 "      rml:datatype ex:t1, ex:t2 ] ] .\n",
        "http://b/",
        &cap,
        &d);
  assert(st != LDX_SUCCESS);
  assert(d.n == 1 && strstr(d.text[0], "has 2 values for"));
}

// The PREFIX events of a run, as "name=iri;" in order.
static LdxStatus
capture_prefixes(void* handle, const LdxEvent* ev)
{
  char* out = (char*)handle;
  if (ev->type == LDX_EVENT_PREFIX) {
    const size_t len = strlen(out);
    snprintf(out + len,
             1024 - len,
             "%.*s=%.*s;",
             (int)ev->u.prefix.name.len,
             ev->u.prefix.name.buf,
             (int)ev->u.prefix.iri.len,
             ev->u.prefix.iri.buf);
  }
  return LDX_SUCCESS;
}

// Prefixes of the mapping vocabularies (current and legacy, targets and
// compression included) say nothing about the output.
static void
test_prefixes(void)
{
  static const char mapping[] =
    PROLOGUE "@prefix rmlt: <http://semweb.mmlab.be/ns/rml-target#> .\n"
             "@prefix comp: <http://semweb.mmlab.be/ns/rml-compression#> .\n"
             "@prefix rr: <http://www.w3.org/ns/r2rml#> .\n"
             "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
             "ex:TM a rml:TriplesMap ;\n" SOURCE
             "  rml:subjectMap [ rml:template \"{$.id}\" ] ;\n"
             "  rml:predicateObjectMap [ rml:predicate foaf:name ;\n"
             "    rml:objectMap [ rml:reference \"$.name\" ] ] .\n";
  char path[512];
  write_file("prefixes.ttl", mapping);
  snprintf(path, sizeof(path), "%s/prefixes.ttl", dir);
  LdxWorld*   world = ldx_world_new(NULL);
  LdxMapping* m     = NULL;
  assert(world && !ldx_mapping_new(world, &m));
  assert(!ldx_mapping_load_file(m, path, NULL));
  char          seen[1024] = "";
  LdxRunOptions opts       = { "http://b/", NULL, false, false, false, NULL };
  LdxSink       sink       = { seen, capture_prefixes };
  assert(!ldx_mapping_run(m, &opts, sink, NULL));
  assert(!strcmp(seen, "ex=http://ex.com/;foaf=http://xmlns.com/foaf/0.1/;"));
  ldx_mapping_free(m);
  ldx_world_free(world);
}

// A bad parent record of a join is skipped once: building the join index
// reads it too, but only the parent's own pass counts it.
static void
test_skipped_parent_counted_once(void)
{
  write_file("parents.json",
             "{\"people\": [{\"id\": 1, \"iri\": \"http://x/a\"},"
             " {\"id\": 2, \"iri\": \"not an iri\"}]}");
  static const char mapping[] = PROLOGUE
    "ex:P a rml:TriplesMap ;\n"
    "  rml:logicalSource [ rml:source [ rml:root rml:MappingDirectory ;\n"
    "    rml:path \"parents.json\" ] ; rml:referenceFormulation "
    "rml:JSONPath ;\n"
    "    rml:iterator \"$.people[*]\" ] ;\n"
    "  rml:subjectMap [ rml:reference \"$.iri\" ] .\n"
    "ex:C a rml:TriplesMap ;\n" SOURCE
    "  rml:subjectMap [ rml:template \"http://x/c/{$.id}\" ] ;\n"
    "  rml:predicateObjectMap [ rml:predicate ex:p ;\n"
    "    rml:objectMap [ rml:parentTriplesMap ex:P ;\n"
    "      rml:joinCondition [ rml:child \"$.id\" ; rml:parent \"$.id\" ] ] ] "
    ".\n";
  char path[512];
  write_file("join.ttl", mapping);
  snprintf(path, sizeof(path), "%s/join.ttl", dir);
  Diags     d;
  Capture   cap;
  LdxWorld* world = ldx_world_new(NULL);
  memset(&d, 0, sizeof(d));
  memset(&cap, 0, sizeof(cap));
  ldx_world_set_diag_func(world, on_diag, &d);
  LdxMapping* m = NULL;
  assert(world && !ldx_mapping_new(world, &m));
  assert(!ldx_mapping_load_file(m, path, NULL));
  LdxRunOptions opts  = { "http://b/", NULL, false, false, true, NULL };
  LdxRunStats   stats = { 0, 0, 0, 0, 0 };
  LdxSink       sink  = { &cap, capture };
  assert(!ldx_mapping_run(m, &opts, sink, &stats));
  assert(stats.skipped == 1);
  ldx_mapping_free(m);
  ldx_world_free(world);
}

// A compile error after load_string points at the mapping's name even
// when the caller's string is gone (the graph keeps its own copy).
static void
test_name_outlives_caller(void)
{
  static const char mapping[] =
    PROLOGUE "ex:TM a rml:TriplesMap ;\n"
             "  rml:subjectMap [ rml:template \"{$.id}\" ] .\n";
  Diags     d;
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  memset(&d, 0, sizeof(d));
  ldx_world_set_diag_func(world, on_diag, &d);
  LdxMapping* m = NULL;
  assert(!ldx_mapping_new(world, &m));
  char* name = strdup("in-memory.ttl");
  assert(name);
  assert(!ldx_mapping_load_string(m, mapping, strlen(mapping), name, NULL));
  memset(name, 'X', strlen(name));
  free(name);
  assert(ldx_mapping_compile(m) != LDX_SUCCESS);
  assert(d.n >= 1 && !strncmp(d.text[0], "in-memory.ttl:3:1|", 18));
  ldx_mapping_free(m);
  ldx_world_free(world);
}

static void
test_data_errors(void)
{
  Capture   cap;
  Diags     d;
  LdxStatus st =
    run(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                 "  rml:subjectMap [ rml:reference \"$.name\" ] .\n",
        "http://b/",
        &cap,
        &d);
  assert(st == LDX_BAD_DATA);
  assert(strstr(d.text[0], "record 1 ($['people'][0])"));
  assert(strstr(d.text[0], "invalid IRI <http://b/Zoë Krüger>"));
  assert(strstr(d.text[0], "people.json:0:0|"));
  assert(strstr(d.text[0], "subject map of <http://ex.com/TM>"));

  st = run(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                    "  rml:subjectMap [ rml:template \"{$.id}\" ] ;\n"
                    "  rml:predicateObjectMap [ rml:predicate ex:p ;\n"
                    "    rml:objectMap [ rml:reference \"$.tags\" ] ] .\n",
           "http://b/",
           &cap,
           &d);
  assert(st == LDX_BAD_DATA);
  assert(strstr(d.text[0], "$['people'][0]['tags'] is an array"));

  // Relative IRIs need a base.
  st = run(PROLOGUE "ex:TM a rml:TriplesMap ;\n" SOURCE
                    "  rml:subjectMap [ rml:template \"{$.id}\" ] .\n",
           NULL,
           &cap,
           &d);
  assert(st == LDX_BAD_DATA);
  assert(strstr(d.text[0], "no base IRI"));
}

int
main(void)
{
  snprintf(dir, sizeof(dir), "%s", "/tmp/ldx-test-mapping-XXXXXX");
  assert(mkdtemp(dir));
  write_file("people.json", people_json);
  test_current_vocabulary();
  test_legacy_vocabulary();
  test_mapping_errors();
  test_name_outlives_caller();
  test_error_reported_once();
  test_prefixes();
  test_skipped_parent_counted_once();
  test_data_errors();
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  return system(cmd) ? 1 : 0;
}
