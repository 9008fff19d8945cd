// SPDX-License-Identifier: MIT
// The JSON-LD writer: shapes (embedding, references, labels, named graphs,
// literals, URLs, dates, prefixes, page language), determinism whatever
// the order quads arrive in, settings, allocation failures (ours and
// jansson's) and write faults at every byte offset.
#undef NDEBUG

#include "write_support.h"

#include "write/jsonld_util.h"

#include "ldexport.h"

#include <jansson.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX "http://example.org/"
#define S "https://schema.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

// ---- Quads as text: "S P O [G]" with <iri>, _:b, "lit", "lit"@l, "lit"^^<dt>

typedef struct {
  LdxTerm t[4];
  bool    has_graph;
} Q;

static LdxStr
dup_str(const char* s, size_t n)
{
  char* c = (char*)malloc(n + 1);
  assert(c);
  memcpy(c, s, n);
  c[n] = '\0';
  return (LdxStr){ c, n };
}

// Parse one term at *p (no escapes: tests do not need them).
static LdxTerm
parse_term(const char** p)
{
  LdxTerm t;
  memset(&t, 0, sizeof t);
  const char* s = *p;
  while (*s == ' ') {
    ++s;
  }
  if (*s == '<') {
    const char* e = strchr(s, '>');
    t.type        = LDX_TERM_IRI;
    t.value       = dup_str(s + 1, (size_t)(e - s - 1));
    s             = e + 1;
  } else if (s[0] == '_' && s[1] == ':') {
    const char* e = s + 2;
    while (*e && *e != ' ') {
      ++e;
    }
    t.type  = LDX_TERM_BLANK;
    t.value = dup_str(s + 2, (size_t)(e - s - 2));
    s       = e;
  } else {
    assert(*s == '"');
    const char* e = strchr(s + 1, '"');
    t.type        = LDX_TERM_LITERAL;
    t.value       = dup_str(s + 1, (size_t)(e - s - 1));
    s             = e + 1;
    if (*s == '@') {
      const char* f = s + 1;
      while (*f && *f != ' ') {
        ++f;
      }
      t.language = dup_str(s + 1, (size_t)(f - s - 1));
      s          = f;
    } else if (s[0] == '^' && s[1] == '^') {
      const char* f = strchr(s, '>');
      t.datatype    = dup_str(s + 3, (size_t)(f - s - 3));
      s             = f + 1;
    }
  }
  *p = s;
  return t;
}

static Q
parse_quad(const char* line)
{
  Q q;
  memset(&q, 0, sizeof q);
  const char* p = line;
  for (int i = 0; i < 3; ++i) {
    q.t[i] = parse_term(&p);
  }
  while (*p == ' ') {
    ++p;
  }
  if (*p) {
    q.t[3]      = parse_term(&p);
    q.has_graph = true;
  }
  return q;
}

static void
free_quad(Q* q)
{
  for (int i = 0; i < 4; ++i) {
    free((void*)q->t[i].value.buf);
    free((void*)q->t[i].datatype.buf);
    free((void*)q->t[i].language.buf);
  }
}

static LdxQuad
as_quad(const Q* q)
{
  LdxQuad r = { &q->t[0], &q->t[1], &q->t[2], q->has_graph ? &q->t[3] : NULL };
  return r;
}

typedef struct {
  const char* lang;
  const char* params[4];
} Opts;

// Write `n` quads (in the order of `order`, or as given) with prefix
// declarations `prefixes` ("name iri" pairs); returns the status and the
// output in `mem`.
static LdxStatus
write_quads(LdxWorld*          world,
            const char* const* lines,
            size_t             n,
            const size_t*      order,
            const Opts*        opts,
            MemOut*            mem)
{
  const LdxWriterOptions wo = { NULL,
                                opts ? opts->lang : NULL,
                                opts ? opts->params : NULL };
  LdxWriter*             w  = NULL;
  LdxStatus              st = ldx_writer_new_with_options(
    world, ldx_format_by_name("jsonld"), mem_stream(mem), &wo, &w);
  if (st) {
    return st;
  }
  LdxSink sink = ldx_writer_sink(w);
  for (size_t i = 0; !st && i < n; ++i) {
    const char* line = lines[order ? order[i] : i];
    if (!strncmp(line, "@prefix ", 8)) {
      const char* sp = strchr(line + 8, ' ');
      LdxEvent    ev;
      ev.type          = LDX_EVENT_PREFIX;
      ev.u.prefix.name = (LdxStr){ line + 8, (size_t)(sp - line - 8) };
      ev.u.prefix.iri  = ldx_str(sp + 1);
      st               = sink.on_event(sink.handle, &ev);
      continue;
    }
    Q             q  = parse_quad(line);
    const LdxQuad lq = as_quad(&q);
    st               = ldx_sink_quad(&sink, &lq);
    free_quad(&q);
  }
  if (!st) {
    LdxEvent end;
    end.type = LDX_EVENT_END;
    st       = sink.on_event(sink.handle, &end);
  }
  if (!st) {
    st = ldx_writer_finish(w);
  }
  ldx_writer_free(w);
  return st;
}

static const char* const one_line[] = { "indent=0", NULL };

// The document for `lines` on one line.
static char*
doc_of(const char* const* lines,
       size_t             n,
       const char*        lang,
       const char*        extra_param)
{
  Diags     d;
  LdxWorld* world = quiet_world(&d);
  MemOut    mem;
  mem_init(&mem);
  Opts opts = { lang, { "indent=0", extra_param, NULL, NULL } };
  (void)one_line;
  assert(!write_quads(world, lines, n, NULL, &opts, &mem));
  assert(d.errors == 0);
  ldx_world_free(world);
  // Drop the final newline.
  assert(mem.len && mem.data[mem.len - 1] == '\n');
  mem.data[--mem.len] = '\0';
  return mem.data;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void
expect(const char* const* lines,
       size_t             n,
       const char*        lang,
       const char*        param,
       const char*        expected)
{
  char* got = doc_of(lines, n, lang, param);
  if (strcmp(got, expected)) {
    fprintf(stderr, "expected: %s\n     got: %s\n", expected, got);
    assert(!"unexpected JSON-LD");
  }
  free(got);
}

// ---- Shapes
// -------------------------------------------------------------------

static const char* const event_quads[] = {
  "<" EX "e1> <" RDF_TYPE "> <" S "MusicEvent>",
  "<" EX "e1> <" RDF_TYPE "> <http://purl.org/ontology/mo/Performance>",
  "<" EX "e1> <" S "name> \"Konzert\"@de",
  "<" EX "e1> <" S "name> \"Concert\"@en",
  "<" EX "e1> <" S "startDate> \"2026-06-20T20:00:00+02:00\"^^<" XSD
  "dateTime>",
  "<" EX "e1> <" S "endDate> \"2026-06-20\"^^<" XSD "date>",
  "<" EX "e1> <" S "eventStatus> <" S "EventScheduled>",
  "<" EX "e1> <" S "location> <" EX "arena>",
  "<" EX "arena> <" RDF_TYPE "> <" S "Place>",
  "<" EX "arena> <" S "name> \"Arena\"",
  "<" EX "arena> <" S "address> _:addr",
  "_:addr <" RDF_TYPE "> <" S "PostalAddress>",
  "_:addr <" S "streetAddress> \"Route 3\"",
  "<" EX "e1> <" S "offers> _:offer",
  "_:offer <" RDF_TYPE "> <" S "Offer>",
  "_:offer <" S "price> \"89.00\"^^<" XSD "decimal>",
  "_:offer <" S "url> <" EX "tickets>",
  "_:offer <" S "validFrom> \"2026-01-10T10:00:00+01:00\"^^<" XSD "dateTime>",
  "<" EX "e1> <" S "performer> <" EX "p1>",
  "<" EX "p1> <" RDF_TYPE "> <" S "Person>",
  "<" EX "p1> <" S "sameAs> <https://www.wikidata.org/wiki/Q1>",
  "<" EX "e1> <" S "maximumAttendeeCapacity> \"500\"^^<" XSD "integer>",
  "<" EX "e1> <" S "isAccessibleForFree> \"false\"^^<" XSD "boolean>",
  "<" EX "e1> <http://purl.org/dc/terms/source> <" EX "src>",
};

static const char* const ref_quads[] = {
  "<" EX "a> <" RDF_TYPE "> <" S "Place>",
  "<" EX "b> <" RDF_TYPE "> <" S "Place>",
  "<" EX "a> <" S "address> <" EX "addr>",
  "<" EX "b> <" S "address> <" EX "addr>",
  "<" EX "addr> <" RDF_TYPE "> <" S "PostalAddress>",
  "<" EX "addr> <" S "postalCode> \"1218\"",
  "<" EX "a> <" S "geo> <" EX "geo1>",
  "<" EX "geo1> <" RDF_TYPE "> <" S "GeoCoordinates>",
  "<" EX "geo1> <" S "latitude> \"46.2\"^^<" XSD "decimal>",
  "<" EX "a> <" S "keywords> _:x",
  "<" EX "b> <" S "keywords> _:x",
  "_:x <" S "name> \"shared\"",
  "_:c1 <" S "isRelatedTo> _:c2",
  "_:c2 <" S "isRelatedTo> _:c1",
  "<" EX "self> <" S "isRelatedTo> <" EX "self>",
  "<" EX "self> <" S "name> \"self\"",
  "_:t <" RDF_TYPE "> _:klass",
};

static const char* const graph_quads[] = {
  "<" EX "doc1> <" RDF_TYPE "> <" S "NewsArticle>",
  "<" EX "e1> <" S "name> \"E\" <" EX "doc1>",
  "<" EX "e1> <" S "name> \"E\" <" EX "doc2>",
  "<" EX "e1> <" S "location> _:p <" EX "doc1>",
  "_:p <" S "name> \"place\" <" EX "doc1>",
  "_:shared <" S "name> \"s\" <" EX "doc1>",
  "_:shared <" S "name> \"s\" <" EX "doc2>",
  "_:g <" S "name> \"in a blank graph\" _:g",
};

static const char* const literal_quads[] = {
  "<" EX "n> <" S "url> \"not a url\"",
  "<" EX "n> <" S "url> \"https://example.org/page\"",
  "<" EX "n> <" S "startDate> \"in the 1930s\"",
  "<" EX "n> <" S "startDate> \"2025\"^^<" XSD "gYear>",
  "<" EX "n> <" S "merchantReturnDays> \"60\"^^<" XSD "integer>",
  "<" EX "n> <" S "height> \"1.5E0\"^^<" XSD "double>",
  "<" EX "n> <" S "size> \"2.0E0\"^^<" XSD "double>",
  "<" EX "n> <" S "weight> \"INF\"^^<" XSD "double>",
  "<" EX "n> <" S "copyrightYear> \"007\"^^<" XSD "integer>",
  "<" EX "n> <" S "value> \"1234567890123456789\"^^<" XSD "integer>",
  "<" EX "n> <" S "value> \"-42\"^^<" XSD "integer>",
  "<" EX "n> <" S "isFamilyFriendly> \"1\"^^<" XSD "boolean>",
  "<" EX "n> <" S "description> \"a </script><!-- & b\"",
  "<" EX "n> <" EX "created> \"2020-01-01\"^^<" XSD "date>",
  "<" EX "n> <" S "name> \"x\"@fr",
  "<http://example.org/n> <http://schema.org/name> \"y\"@en",
  "<" EX "n> <" S "sameAs> <" EX "described>",
  "<" EX "described> <" S "name> \"d\"",
  "<" EX "n> <" S "text> \"plain\"^^<" XSD "string>",
  "<" EX "n> <" S "a:b> \"odd local name\"",
  "<" EX "n> <" S "id> \"a context key\"",
};

static const char* const prefix_quads[] = {
  "@prefix foaf http://xmlns.com/foaf/0.1/",
  "@prefix name http://example.org/clash/",
  "@prefix ex http://example.org/",
  "<" EX "p> <" RDF_TYPE "> <http://xmlns.com/foaf/0.1/Person>",
  "<" EX "p> <http://xmlns.com/foaf/0.1/name> \"P\"",
  "<" EX "p> <http://example.org/clash/x> \"no prefix named like a term\"",
  "<" EX "p> <" S "name> \"P\"",
};

static const char* const lang_quads[] = {
  "<" EX "e> <" RDF_TYPE "> <" S "Event>",
  "<" EX "e> <" S "name> \"Konzert\"@de",
  "<" EX "e> <" S "name> \"Concert\"@en",
  "<" EX "e> <" S "name> \"Concert FR\"@fr-CH",
  "<" EX "e> <" S "description> \"only Russian\"@ru",
  "<" EX "e> <" S "description> \"tout court\"@fr",
  "<" EX "e> <" S "alternateName> \"Русский\"@ru",
  "<" EX "e> <" S "alternateName> \"Deutsch\"@de",
  "<" EX "e> <" S "disambiguatingDescription> \"untagged\"",
  "<" EX "e> <" S "disambiguatingDescription> \"tagged\"@ru",
  "<" EX "p> <" RDF_TYPE "> <" S "Person>",
  "<" EX "p> <" S "name> \"Person\"",
};

// Reviewed by hand; see docs/architecture.md for the rules they follow.
static const char expected_event[] =
  "{\"@context\": \"https://schema.org\", \"@graph\": [{\"@id\": \"http"
  "://example.org/arena\", \"@type\": \"Place\", \"name\": \"Arena\", "
  "\"address\": {\"@type\": \"PostalAddress\", \"streetAddress\": \"Rout"
  "e 3\"}}, {\"@id\": \"http://example.org/e1\", \"@type\": [\"MusicEve"
  "nt\", \"http://purl.org/ontology/mo/Performance\"], \"name\": [{\"@v"
  "alue\": \"Concert\", \"@language\": \"en\"}, {\"@value\": \"Konzert"
  "\", \"@language\": \"de\"}], \"endDate\": \"2026-06-20\", \"eventStat"
  "us\": \"https://schema.org/EventScheduled\", \"isAccessibleForFree\""
  ": false, \"location\": {\"@id\": \"http://example.org/arena\"}, \"ma"
  "ximumAttendeeCapacity\": 500, \"offers\": {\"@type\": \"Offer\", \"p"
  "rice\": {\"@value\": \"89.00\", \"@type\": \"http://www.w3.org/2001/"
  "XMLSchema#decimal\"}, \"url\": \"http://example.org/tickets\", \"val"
  "idFrom\": \"2026-01-10T10:00:00+01:00\"}, \"performer\": {\"@id\": "
  "\"http://example.org/p1\"}, \"startDate\": \"2026-06-20T20:00:00+02:0"
  "0\", \"http://purl.org/dc/terms/source\": {\"@id\": \"http://example"
  ".org/src\"}}, {\"@id\": \"http://example.org/p1\", \"@type\": \"Pers"
  "on\", \"sameAs\": \"https://www.wikidata.org/wiki/Q1\"}]}";

static const char expected_ref[] =
  "{\"@context\": \"https://schema.org\", \"@graph\": [{\"@id\": \"http"
  "://example.org/a\", \"@type\": \"Place\", \"address\": {\"@id\": \"h"
  "ttp://example.org/addr\"}, \"geo\": {\"@id\": \"http://example.org/g"
  "eo1\", \"@type\": \"GeoCoordinates\", \"latitude\": {\"@value\": \"4"
  "6.2\", \"@type\": \"http://www.w3.org/2001/XMLSchema#decimal\"}}, \""
  "keywords\": {\"@id\": \"_:b2\"}}, {\"@id\": \"http://example.org/add"
  "r\", \"@type\": \"PostalAddress\", \"postalCode\": \"1218\"}, {\"@id"
  "\": \"http://example.org/b\", \"@type\": \"Place\", \"address\": {\""
  "@id\": \"http://example.org/addr\"}, \"keywords\": {\"@id\": \"_:b2"
  "\"}}, {\"@id\": \"http://example.org/self\", \"name\": \"self\", \"is"
  "RelatedTo\": {\"@id\": \"http://example.org/self\"}}, {\"@id\": \"_:"
  "b0\", \"isRelatedTo\": {\"isRelatedTo\": {\"@id\": \"_:b0\"}}}, {\"h"
  "ttp://www.w3.org/1999/02/22-rdf-syntax-ns#type\": {\"@id\": \"_:b1\""
  "}}, {\"@id\": \"_:b2\", \"name\": \"shared\"}]}";

static const char expected_graph[] =
  "{\"@context\": \"https://schema.org\", \"@graph\": [{\"@id\": \"http"
  "://example.org/doc1\", \"@type\": \"NewsArticle\", \"@graph\": [{\"@"
  "id\": \"http://example.org/e1\", \"name\": \"E\", \"location\": {\"n"
  "ame\": \"place\"}}, {\"@id\": \"_:b1\", \"name\": \"s\"}]}, {\"@id\""
  ": \"http://example.org/doc2\", \"@graph\": [{\"@id\": \"http://examp"
  "le.org/e1\", \"name\": \"E\"}, {\"@id\": \"_:b1\", \"name\": \"s\"}]"
  "}, {\"@id\": \"_:b0\", \"@graph\": [{\"@id\": \"_:b0\", \"name\": \""
  "in a blank graph\"}]}]}";

static const char expected_literal[] =
  "{\"@context\": \"https://schema.org\", \"@id\": \"http://example.org"
  "/n\", \"name\": [{\"@value\": \"y\", \"@language\": \"en\"}, {\"@val"
  "ue\": \"x\", \"@language\": \"fr\"}], \"copyrightYear\": {\"@value\""
  ": \"007\", \"@type\": \"http://www.w3.org/2001/XMLSchema#integer\"},"
  " \"description\": \"a \\u003c/script\\u003e\\u003c!-- \\u0026 b\", "
  "\"height\": 1.5, \"isFamilyFriendly\": {\"@value\": \"1\", \"@type\":"
  " \"http://www.w3.org/2001/XMLSchema#boolean\"}, \"merchantReturnDays"
  "\": {\"@value\": \"60\", \"@type\": \"http://www.w3.org/2001/XMLSche"
  "ma#integer\"}, \"sameAs\": {\"@id\": \"http://example.org/described"
  "\", \"name\": \"d\"}, \"size\": {\"@value\": 2.0, \"@type\": \"http:/"
  "/www.w3.org/2001/XMLSchema#double\"}, \"startDate\": [\"2025\", {\"@"
  "value\": \"in the 1930s\"}], \"text\": \"plain\", \"url\": [\"https:"
  "//example.org/page\", {\"@value\": \"not a url\"}], \"value\": [-42,"
  " {\"@value\": \"1234567890123456789\", \"@type\": \"http://www.w3.or"
  "g/2001/XMLSchema#integer\"}], \"weight\": {\"@value\": \"INF\", \"@t"
  "ype\": \"http://www.w3.org/2001/XMLSchema#double\"}, \"http://exampl"
  "e.org/created\": {\"@value\": \"2020-01-01\", \"@type\": \"http://ww"
  "w.w3.org/2001/XMLSchema#date\"}, \"https://schema.org/a:b\": \"odd l"
  "ocal name\", \"https://schema.org/id\": \"a context key\"}";

static const char expected_prefix[] =
  "{\"@context\": [\"https://schema.org\", {\"ex\": \"http://example.or"
  "g/\", \"foaf\": \"http://xmlns.com/foaf/0.1/\"}], \"@id\": \"http://"
  "example.org/p\", \"@type\": \"foaf:Person\", \"name\": \"P\", \"ex:c"
  "lash/x\": \"no prefix named like a term\", \"foaf:name\": \"P\"}";

static const char expected_lang_fr[] =
  "{\"@context\": \"https://schema.org\", \"@graph\": [{\"@id\": \"http"
  "://example.org/e\", \"@type\": \"Event\", \"name\": \"Concert FR\", "
  "\"alternateName\": {\"@value\": \"Deutsch\", \"@language\": \"de\"},"
  " \"description\": \"tout court\", \"disambiguatingDescription\": \"u"
  "ntagged\", \"inLanguage\": \"fr-FR\"}, {\"@id\": \"http://example.or"
  "g/p\", \"@type\": \"Person\", \"name\": \"Person\"}]}";

static const char expected_lang_it[] =
  "{\"@context\": \"https://schema.org\", \"@graph\": [{\"@id\": \"http"
  "://example.org/e\", \"@type\": \"Event\", \"name\": {\"@value\": \"K"
  "onzert\", \"@language\": \"de\"}, \"alternateName\": {\"@value\": \""
  "Deutsch\", \"@language\": \"de\"}, \"description\": {\"@value\": \"o"
  "nly Russian\", \"@language\": \"ru\"}, \"disambiguatingDescription\""
  ": \"untagged\", \"inLanguage\": \"it\"}, {\"@id\": \"http://example."
  "org/p\", \"@type\": \"Person\", \"name\": \"Person\"}]}";

static void
print_all(void)
{
  const struct {
    const char* const* q;
    size_t             n;
    const char*        lang;
    const char*        param;
  } cases[] = {
    { event_quads, COUNT(event_quads), NULL, NULL },
    { ref_quads, COUNT(ref_quads), NULL, NULL },
    { graph_quads, COUNT(graph_quads), NULL, NULL },
    { literal_quads, COUNT(literal_quads), NULL, NULL },
    { prefix_quads, COUNT(prefix_quads), NULL, "prefixes=yes" },
    { lang_quads, COUNT(lang_quads), "fr-FR", NULL },
    { lang_quads, COUNT(lang_quads), "it", "fallback=de,ru" },
  };
  for (size_t i = 0; i < COUNT(cases); ++i) {
    char* d = doc_of(cases[i].q, cases[i].n, cases[i].lang, cases[i].param);
    printf("%s\n", d);
    free(d);
  }
}

static void
test_shapes(void)
{
  expect(event_quads, COUNT(event_quads), NULL, NULL, expected_event);
  expect(ref_quads, COUNT(ref_quads), NULL, NULL, expected_ref);
  expect(graph_quads, COUNT(graph_quads), NULL, NULL, expected_graph);
  expect(literal_quads, COUNT(literal_quads), NULL, NULL, expected_literal);
  expect(
    prefix_quads, COUNT(prefix_quads), NULL, "prefixes=yes", expected_prefix);
  expect(lang_quads, COUNT(lang_quads), "fr-FR", NULL, expected_lang_fr);
  expect(
    lang_quads, COUNT(lang_quads), "it", "fallback=de,ru", expected_lang_it);
  // --lang may carry the fallbacks itself.
  expect(lang_quads, COUNT(lang_quads), "it,de,ru", NULL, expected_lang_it);
  // Without prefixes=yes, other vocabularies keep full IRIs and the
  // context stays a plain string.
  char* d = doc_of(prefix_quads, COUNT(prefix_quads), NULL, NULL);
  assert(strstr(d, "{\"@context\": \"https://schema.org\", "));
  assert(strstr(d, "\"http://xmlns.com/foaf/0.1/name\": \"P\""));
  free(d);

  static const char* const none[] = { "@prefix ex http://example.org/" };
  expect(none,
         1,
         NULL,
         NULL,
         "{\"@context\": \"https://schema.org\", \"@graph\": []}");

  // A deep chain of single references: nesting stops at a bounded depth,
  // and what is cut off becomes top-level with a label.
  enum { CHAIN = 200 };
  char* lines[CHAIN];
  for (int i = 0; i < CHAIN; ++i) {
    lines[i] = (char*)malloc(128);
    assert(lines[i]);
    snprintf(lines[i], 128, "_:n%03d <" S "isRelatedTo> _:n%03d", i, i + 1);
  }
  d = doc_of((const char* const*)lines, CHAIN, NULL, NULL);
  json_error_t err;
  json_t*      doc = json_loads(d, 0, &err);
  assert(doc);
  const size_t top = json_array_size(json_object_get(doc, "@graph"));
  assert(top >= 3 && top <= 5);
  json_decref(doc);
  free(d);
  for (int i = 0; i < CHAIN; ++i) {
    free(lines[i]);
  }
}

// ---- Determinism
// -------------------------------------------------------------

static void
test_determinism(void)
{
  // A dataset with entities, embedded nodes, shared and cyclic blank nodes
  // and named graphs, written in many orders: always the same bytes.
  const char* const* sets[] = {
    event_quads, ref_quads, graph_quads, literal_quads
  };
  const size_t sizes[] = { COUNT(event_quads),
                           COUNT(ref_quads),
                           COUNT(graph_quads),
                           COUNT(literal_quads) };
  uint64_t     seed    = 42;
  for (size_t k = 0; k < COUNT(sets); ++k) {
    const size_t n     = sizes[k];
    size_t*      order = (size_t*)malloc(n * sizeof(size_t));
    assert(order);
    char* first = NULL;
    for (int round = 0; round < 25; ++round) {
      for (size_t i = 0; i < n; ++i) {
        order[i] = i;
      }
      for (size_t i = n; round && i > 1; --i) {
        const size_t j = rnd_below(&seed, i);
        const size_t t = order[i - 1];
        order[i - 1]   = order[j];
        order[j]       = t;
      }
      Diags     dg;
      LdxWorld* world = quiet_world(&dg);
      MemOut    mem;
      mem_init(&mem);
      // Every quad twice: duplicates do not change the output either.
      size_t* twice = (size_t*)malloc(2 * n * sizeof(size_t));
      assert(twice);
      memcpy(twice, order, n * sizeof(size_t));
      memcpy(twice + n, order, n * sizeof(size_t));
      assert(!write_quads(world, sets[k], 2 * n, twice, NULL, &mem));
      free(twice);
      ldx_world_free(world);
      if (!first) {
        first = mem.data;
      } else {
        assert(!strcmp(first, mem.data));
        free(mem.data);
      }
    }
    free(first);
    free(order);
  }
}

// ---- Settings
// ----------------------------------------------------------------

static void
test_settings(void)
{
  static const char* const bad[][2] = {
    { "prefixes=maybe", NULL },   { "indent=x", NULL },
    { "indent=32", NULL },        { "fallback=en,,de", NULL },
    { "tz=Europe/Zurich", NULL }, { "indent", NULL },
  };
  for (size_t i = 0; i < COUNT(bad); ++i) {
    Diags     dg;
    LdxWorld* world = quiet_world(&dg);
    MemOut    mem;
    mem_init(&mem);
    const LdxWriterOptions wo = { NULL, NULL, bad[i] };
    LdxWriter*             w  = NULL;
    assert(ldx_writer_new_with_options(
             world, ldx_format_by_name("jsonld"), mem_stream(&mem), &wo, &w) ==
           LDX_BAD_ARG);
    assert(!w && dg.errors == 1);
    ldx_world_free(world);
  }
  Diags     dg;
  LdxWorld* world = quiet_world(&dg);
  MemOut    mem;
  mem_init(&mem);
  const LdxWriterOptions wo = { NULL, "not a tag!", NULL };
  LdxWriter*             w  = NULL;
  assert(ldx_writer_new_with_options(
           world, ldx_format_by_name("jsonld"), mem_stream(&mem), &wo, &w) ==
         LDX_BAD_ARG);
  ldx_world_free(world);

  // Indentation: 2 by default.
  world                        = quiet_world(&dg);
  static const char* const q[] = { "<" EX "a> <" S "name> \"A\"" };
  assert(!write_quads(world, q, 1, NULL, NULL, &mem));
  assert(!strcmp(mem.data,
                 "{\n  \"@context\": \"https://schema.org\",\n"
                 "  \"@id\": \"http://example.org/a\",\n"
                 "  \"name\": \"A\"\n}\n"));
  free(mem.data);
  ldx_world_free(world);

  // Terms that are not UTF-8 cannot be JSON.
  world = quiet_world(&dg);
  mem_init(&mem);
  static const char* const bad_utf8[] = { "<" EX "a> <" S "name> \"\xff\"" };
  assert(write_quads(world, bad_utf8, 1, NULL, NULL, &mem) == LDX_BAD_ARG);
  assert(dg.errors == 1 && strstr(dg.last_error, "UTF-8"));
  free(mem.data);
  ldx_world_free(world);
}

// ---- Allocation failures
// ---------------------------------------------------------

// One failing allocator for the world and for jansson (whose functions are
// process-wide), so every allocation of a run can be made to fail.
static FailAlloc g_fa = { 0, SIZE_MAX, 0 };

static void*
ja_malloc(size_t size)
{
  return fa_malloc(&g_fa, size);
}

static void
ja_free(void* p)
{
  fa_free(&g_fa, p);
}

static void
test_alloc_failures(void)
{
  json_set_alloc_funcs(ja_malloc, ja_free);
  const char* const* sets[] = {
    event_quads, ref_quads, graph_quads, prefix_quads, lang_quads
  };
  const size_t sizes[] = { COUNT(event_quads),
                           COUNT(ref_quads),
                           COUNT(graph_quads),
                           COUNT(prefix_quads),
                           COUNT(lang_quads) };
  const char*  langs[] = { NULL, NULL, NULL, NULL, "fr" };
  for (size_t k = 0; k < COUNT(sets); ++k) {
    bool done = false;
    for (size_t fail = 0; !done; ++fail) {
      g_fa               = (FailAlloc){ 0, fail, 0 };
      LdxAllocator alloc = fa_allocator(&g_fa);
      LdxWorld*    world = ldx_world_new(&alloc);
      if (!world) {
        assert(g_fa.n_live == 0);
        continue;
      }
      Diags dg;
      memset(&dg, 0, sizeof dg);
      ldx_world_set_diag_func(world, record_diag, &dg);
      MemOut mem;
      mem_init(&mem);
      Opts      opts = { langs[k], { "prefixes=yes", NULL, NULL, NULL } };
      LdxStatus st   = write_quads(world, sets[k], sizes[k], NULL, &opts, &mem);
      assert(st == LDX_SUCCESS || st == LDX_BAD_ALLOC);
      done = st == LDX_SUCCESS;
      if (done) {
        assert(g_fa.n_allocs <= fail); // no failure was swallowed
      }
      free(mem.data);
      ldx_world_free(world);
      if (g_fa.n_live) {
        fprintf(
          stderr, "set %zu: leak after failing allocation %zu\n", k, fail);
      }
      assert(g_fa.n_live == 0);
    }
  }
  g_fa = (FailAlloc){ 0, SIZE_MAX, 0 };
}

// ---- Write faults
// ----------------------------------------------------------------

static void
test_write_faults(void)
{
  Diags     dg;
  LdxWorld* world = quiet_world(&dg);
  MemOut    ref;
  mem_init(&ref);
  assert(
    !write_quads(world, event_quads, COUNT(event_quads), NULL, NULL, &ref));
  ldx_world_free(world);
  for (size_t fail = 0; fail <= ref.len; ++fail) {
    world = quiet_world(&dg);
    MemOut mem;
    mem_init(&mem);
    mem.fail_at    = fail < ref.len ? fail : SIZE_MAX;
    mem.fail_flush = fail == ref.len;
    assert(
      write_quads(world, event_quads, COUNT(event_quads), NULL, NULL, &mem) ==
      LDX_BAD_WRITE);
    assert(dg.errors == 1); // reported once
    assert(mem.len <= fail &&
           !memcmp(mem.data ? mem.data : "", ref.data, mem.len));
    free(mem.data);
    ldx_world_free(world);
  }
  free(ref.data);
}

// ---- Helpers: dates, languages, HTML-safe dumps
// --------------------------------

static void
test_util(void)
{
  static const struct {
    const char*   s;
    LdxiDateShape shape;
  } dates[] = {
    { "2025", LDXI_DATE_YEAR },
    { "2025-12", LDXI_DATE_YEAR_MONTH },
    { "2025-12-08", LDXI_DATE_DAY },
    { "2025-12-08T20:00", LDXI_DATE_DATETIME },
    { "2025-12-08T20:00:00.5", LDXI_DATE_DATETIME },
    { "2025-12-08T20:00:00Z", LDXI_DATE_DATETIME_ZONE },
    { "2025-12-08T20:00:00+01:00", LDXI_DATE_DATETIME_ZONE },
    { "2025-12-08T24:00:00-05:30", LDXI_DATE_DATETIME_ZONE },
    { "20:00", LDXI_DATE_TIME },
    { "20:00:00+02:00", LDXI_DATE_TIME_ZONE },
    { "2025-13", LDXI_DATE_NONE },
    { "2025-12-32", LDXI_DATE_NONE },
    { "2025-12-08T25:00", LDXI_DATE_NONE },
    { "2025-12-08T24:01", LDXI_DATE_NONE },
    { "2025-12-08T20:00+1", LDXI_DATE_NONE },
    { "2025-12-08 20:00", LDXI_DATE_NONE },
    { "in the 1930s", LDXI_DATE_NONE },
    { "", LDXI_DATE_NONE },
    { "8 December 2025", LDXI_DATE_NONE },
  };
  for (size_t i = 0; i < COUNT(dates); ++i) {
    assert(ldxi_date_shape(dates[i].s, strlen(dates[i].s)) == dates[i].shape);
  }
  assert(ldxi_date_is_midnight("2025-12-08T00:00:00+00:00", 25));
  assert(ldxi_date_is_midnight("2025-12-08T00:00Z", 17));
  assert(ldxi_date_is_midnight("00:00:00.000", 12));
  assert(!ldxi_date_is_midnight("2025-12-08T00:00:01Z", 20));
  assert(!ldxi_date_is_midnight("2025-12-08", 10));
  assert(ldxi_is_date_datatype(XSD "gYear", strlen(XSD "gYear")));
  assert(ldxi_is_date_datatype("http://schema.org/Date", 22));
  assert(!ldxi_is_date_datatype(XSD "string", strlen(XSD "string")));

  assert(ldxi_lang_rank("fr", 2, "fr", NULL) == 0);
  assert(ldxi_lang_rank("FR-ch", 5, "fr-CH", NULL) == 0);
  assert(ldxi_lang_rank("fr", 2, "fr-CH", NULL) == 98);
  assert(ldxi_lang_rank("fr-CH", 5, "fr-CH-x-a", NULL) <
         ldxi_lang_rank("fr", 2, "fr-CH-x-a", NULL));
  assert(ldxi_lang_rank("fr-CA", 5, "fr-CH", NULL) == LDXI_LANG_SAME_PRIMARY);
  assert(ldxi_lang_rank("", 0, "fr", NULL) == LDXI_LANG_UNTAGGED);
  assert(ldxi_lang_rank("en", 2, "fr", "de,en") == LDXI_LANG_FALLBACK + 1);
  assert(ldxi_lang_rank("en-GB", 5, "fr", "de,en-GB") ==
         LDXI_LANG_FALLBACK + 1);
  assert(ldxi_lang_rank("ru", 2, "fr", "de,en") == LDXI_LANG_OTHER);
  assert(ldxi_lang_rank("fra", 3, "fr", NULL) == LDXI_LANG_OTHER);

  json_t* v =
    json_pack("{s:s,s:s}", "a", "</script><!--x-->&amp;é", "<k>", "v");
  size_t n = 0;
  char*  s = ldxi_json_dumps_html_safe(NULL, v, 0, false, &n);
  assert(s && n == strlen(s));
  assert(!strstr(s, "<") && !strstr(s, ">") && !strstr(s, "&"));
  assert(strstr(s, "\\u003c/script\\u003e\\u003c!--x--\\u003e\\u0026amp;é"));
  json_t* back = json_loads(s, 0, NULL);
  assert(back && json_equal(back, v)); // the same JSON value
  free(s);
  s = ldxi_json_dumps_html_safe(NULL, v, 2, true, &n);
  assert(s && (strstr(s, "\\u00e9") || strstr(s, "\\u00E9")) &&
         !strstr(s, "é"));
  free(s);
  json_decref(back);
  json_decref(v);
}

int
main(int argc, char** argv)
{
  if (argc > 1 && !strcmp(argv[1], "--print")) {
    print_all();
    return 0;
  }
  test_util();
  test_shapes();
  test_determinism();
  test_settings();
  test_write_faults();
  test_alloc_failures();
  return 0;
}
