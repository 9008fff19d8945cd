// SPDX-License-Identifier: MIT
// Our Turtle writer: exact output of the layout and of each abbreviation,
// and round trips of random data (every character class, numbers,
// booleans, prefixes, a base IRI) through raptor's Turtle parser.
#undef NDEBUG

#include "write_support.h"

#include "write/writer_impl.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define EX "http://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"

static void
ref_blank(const LdxStr* label, char* out, size_t size)
{
  size_t n = 0;
  if (!label->len) {
    snprintf(out, size, "_");
    return;
  }
  for (size_t i = 0; i < label->len && n + 4 < size; ++i) {
    const unsigned char c = (unsigned char)label->buf[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (i > 0 && c >= '0' && c <= '9')) {
      out[n++] = (char)c;
    } else {
      n += (size_t)snprintf(out + n, size - n, "_%02X", c);
    }
  }
  out[n] = '\0';
}

typedef struct {
  const char* name;
  const char* iri;
} PrefixDef;

static char*
write_turtle(const LdxQuad*   quads,
             size_t           n,
             const PrefixDef* prefixes,
             size_t           n_prefixes,
             const char*      base,
             size_t           buffer_size)
{
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  MemOut    mem;
  mem_init(&mem);
  LdxWriter* writer = NULL;
  assert(!ldxi_writer_new_buffered(world,
                                   ldx_format_by_name("turtle"),
                                   mem_stream(&mem),
                                   base,
                                   buffer_size,
                                   &writer));
  LdxSink sink = ldx_writer_sink(writer);
  for (size_t i = 0; i < n_prefixes; ++i) {
    LdxEvent ev;
    ev.type          = LDX_EVENT_PREFIX;
    ev.u.prefix.name = ldx_str(prefixes[i].name);
    ev.u.prefix.iri  = ldx_str(prefixes[i].iri);
    assert(!sink.on_event(sink.handle, &ev));
  }
  for (size_t i = 0; i < n; ++i) {
    assert(!ldx_sink_quad(&sink, &quads[i]));
  }
  assert(!ldx_writer_finish(writer));
  assert(diags.errors == 0);
  ldx_writer_free(writer);
  ldx_world_free(world);
  return mem.data ? mem.data : strdup("");
}

static void
set_iri(OwnedTerm* t, const char* iri)
{
  owned_set(t, LDX_TERM_IRI, iri, strlen(iri), NULL, NULL);
}

static void
test_layout(void)
{
  OwnedTerm s1;
  OwnedTerm s2;
  OwnedTerm type;
  OwnedTerm name;
  OwnedTerm cls;
  OwnedTerm o1;
  OwnedTerm o2;
  OwnedTerm b;
  set_iri(&s1, EX "people/alice");
  set_iri(&s2, EX "people/bob");
  set_iri(&type, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  set_iri(&name, "http://xmlns.com/foaf/0.1/name");
  set_iri(&cls, "http://xmlns.com/foaf/0.1/Person");
  owned_set(&o1, LDX_TERM_LITERAL, "Alice", 5, NULL, NULL);
  owned_set(&o2, LDX_TERM_LITERAL, "Alicia", 6, NULL, "es");
  owned_set(&b, LDX_TERM_BLANK, "x y", 3, NULL, NULL);
  const LdxQuad quads[] = {
    { &s1.term, &type.term, &cls.term, NULL },
    { &s1.term, &name.term, &o1.term, NULL },
    { &s1.term, &name.term, &o2.term, NULL },
    { &s2.term, &name.term, &b.term, NULL },
    { &b.term, &name.term, &o1.term, NULL },
  };
  const PrefixDef prefixes[] = { { "foaf", "http://xmlns.com/foaf/0.1/" },
                                 { "", EX "people/" } };
  char*           text       = write_turtle(quads, 5, prefixes, 2, EX, 0);
  const char*     expected   = "@base <" EX "> .\n"
                               "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
                               "@prefix : <" EX "people/> .\n"
                               "\n"
                               ":alice a foaf:Person ;\n"
                               "    foaf:name \"Alice\", \"Alicia\"@es .\n"
                               "\n"
                               ":bob foaf:name _:x_20y .\n"
                               "\n"
                               "_:x_20y foaf:name \"Alice\" .\n";
  if (strcmp(text, expected)) {
    fprintf(stderr, "got:\n%s\nexpected:\n%s\n", text, expected);
    assert(0);
  }
  free(text);
}

// One literal or IRI object written after "<s> <p> ".
static void
check_object(const LdxTerm* object, const char* base, const char* expected)
{
  OwnedTerm s;
  OwnedTerm p;
  set_iri(&s, "urn:s");
  set_iri(&p, "urn:p");
  const LdxQuad   q          = { &s.term, &p.term, object, NULL };
  const PrefixDef prefixes[] = { { "ex", EX }, { "xsd", XSD } };
  char*           text       = write_turtle(&q, 1, prefixes, 2, base, 0);
  const char*     line       = strstr(text, "<urn:s> <urn:p> ");
  assert(line);
  line += strlen("<urn:s> <urn:p> ");
  const size_t n = strlen(expected);
  if (strncmp(line, expected, n) || strcmp(line + n, " .\n")) {
    fprintf(stderr, "expected: %s\n     got: %s", expected, line);
    assert(0);
  }
  free(text);
}

static void
test_abbreviations(void)
{
  static const struct {
    const char* value;
    const char* datatype;
    const char* expected;
  } literals[] = {
    { "42", XSD "integer", "42" },
    { "-7", XSD "integer", "-7" },
    { "+0", XSD "integer", "+0" },
    { "1.5", XSD "decimal", "1.5" },
    { ".5", XSD "decimal", ".5" },
    { "1.", XSD "decimal", "\"1.\"^^xsd:decimal" },
    { "1.5e3", XSD "double", "1.5e3" },
    { "1E-2", XSD "double", "1E-2" },
    { "1", XSD "double", "\"1\"^^xsd:double" }, // bare 1 is an integer
    { "1.5", XSD "double", "\"1.5\"^^xsd:double" },
    { "INF", XSD "double", "\"INF\"^^xsd:double" },
    { " 1", XSD "integer", "\" 1\"^^xsd:integer" },
    { "true", XSD "boolean", "true" },
    { "1", XSD "boolean", "\"1\"^^xsd:boolean" }, // not rewritten as true
    { "x", XSD "string", "\"x\"" },
    { "x", EX "dt", "\"x\"^^ex:dt" },
    { "x", EX "a/b", "\"x\"^^<" EX "a/b>" },
    { "a\rb", NULL, "\"a\\rb\"" }, // raptor 2.0.15 writes the CR raw
    { "a\"\\\n\t\x01\x7F", NULL, "\"a\\\"\\\\\\n\\u0009\\u0001\\u007F\"" },
  };
  for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); ++i) {
    OwnedTerm o;
    owned_set(&o,
              LDX_TERM_LITERAL,
              literals[i].value,
              strlen(literals[i].value),
              literals[i].datatype,
              NULL);
    check_object(&o.term, NULL, literals[i].expected);
  }

  static const struct {
    const char* iri;
    const char* expected;
  } iris[] = {
    { EX "name", "ex:name" },          { EX, "ex:" },
    { EX "a-b.c_1", "ex:a-b.c_1" },    { EX "1st", "ex:1st" },
    { EX "a.", "<" EX "a.>" },         { EX "-a", "<" EX "-a>" },
    { EX "a/b", "<" EX "a/b>" },       { EX "\xC3\xA9", "<" EX "\xC3\xA9>" },
    { EX "a b", "<" EX "a\\u0020b>" },
  };
  for (size_t i = 0; i < sizeof(iris) / sizeof(iris[0]); ++i) {
    OwnedTerm o;
    set_iri(&o, iris[i].iri);
    check_object(&o.term, NULL, iris[i].expected);
  }

  // Relative IRIs, only where they resolve back.
  static const struct {
    const char* iri;
    const char* expected;
  } relative[] = {
    { "http://b.example/dir/x", "<x>" },
    { "http://b.example/dir/x/y?q#f", "<x/y?q#f>" },
    { "http://b.example/dir/", "<>" },
    { "http://b.example/dir/#f", "<#f>" },
    { "http://b.example/dir/?q", "<?q>" },
    { "http://b.example/dir/a:b", "<http://b.example/dir/a:b>" },
    { "http://b.example/dir/x/a:b", "<x/a:b>" },
    { "http://b.example/dir/./x", "<http://b.example/dir/./x>" },
    { "http://b.example/dir/x/..", "<http://b.example/dir/x/..>" },
    { "http://b.example/dir//x", "<http://b.example/dir//x>" },
    { "http://b.example/other", "<http://b.example/other>" },
  };
  for (size_t i = 0; i < sizeof(relative) / sizeof(relative[0]); ++i) {
    OwnedTerm o;
    set_iri(&o, relative[i].iri);
    check_object(&o.term, "http://b.example/dir/", relative[i].expected);
    // Without a '/' at its end, a base is not used.
    char expected[256];
    snprintf(expected, sizeof(expected), "<%s>", relative[i].iri);
    check_object(&o.term, "http://b.example/dir", expected);
  }
}

static void
test_prefix_redefined(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  set_iri(&s, EX "s");
  set_iri(&p, EX "p");
  set_iri(&o, "http://other.example/o");
  const LdxQuad   q          = { &s.term, &p.term, &o.term, NULL };
  const PrefixDef prefixes[] = { { "ex", EX },
                                 { "ex", "http://other.example/" },
                                 { "bad:", EX } };
  char*           text       = write_turtle(&q, 1, prefixes, 3, NULL, 0);
  assert(!strcmp(text,
                 "@prefix ex: <" EX "> .\n"
                 "@prefix ex: <http://other.example/> .\n"
                 "\n"
                 "<" EX "s> <" EX "p> ex:o .\n"));
  free(text);
}

typedef struct {
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  LdxQuad   quad;
} RandomQuad;

static void
random_text(uint64_t* rng, char* out, size_t* len, size_t max)
{
  static const char* const pieces[] = {
    "a", "Z",  "0",  " ",  "\"",   "\\",   "<",        ">",
    "'", "\n", "\r", "\t", "\x01", "\x7F", "\xC3\xA9", "\xF0\x9F\x98\x80",
    "_", ":",  "/",  "#",  "%",    "@",    ".",        "\"\"\"",
    "-", "1",  "e"
  };
  const size_t n_pieces = sizeof(pieces) / sizeof(pieces[0]);
  size_t       n        = 0;
  const size_t target   = rnd_below(rng, max);
  while (n < target) {
    const char*  piece = pieces[rnd_below(rng, n_pieces)];
    const size_t k     = strlen(piece);
    if (n + k > max) {
      break;
    }
    memcpy(out + n, piece, k);
    n += k;
  }
  *len = n;
}

static void
random_quad(uint64_t* rng, RandomQuad* r)
{
  static const char* const iris[] = {
    EX "a",
    EX "b.c",
    EX "d/e",
    EX "1",
    EX,
    "http://b.example/dir/x",
    "http://b.example/dir/",
    "http://b.example/dir/x/a:b",
    "urn:x:y",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
  };
  static const char* const numbers[] = { "1",    "-2",    "+3", "1.5",
                                         ".5",   "1e3",   "1.", "x",
                                         "true", "false", "0" };
  static const char* const types[]   = {
      XSD "integer", XSD "decimal", XSD "double", XSD "boolean", XSD "string"
  };
  const size_t n_iris = sizeof(iris) / sizeof(iris[0]);
  char         text[64];
  size_t       len = 0;
  if (rnd_below(rng, 4)) {
    set_iri(&r->s, iris[rnd_below(rng, n_iris - 1)]);
  } else {
    random_text(rng, text, &len, 6);
    owned_set(&r->s, LDX_TERM_BLANK, text, len, NULL, NULL);
  }
  set_iri(&r->p, iris[rnd_below(rng, n_iris)]);
  switch (rnd_below(rng, 5)) {
    case 0:
      random_text(rng, text, &len, 30);
      owned_set(&r->o,
                LDX_TERM_LITERAL,
                text,
                len,
                NULL,
                rnd_below(rng, 2) ? "en-GB" : NULL);
      break;
    case 1: {
      const char* v =
        numbers[rnd_below(rng, sizeof(numbers) / sizeof(*numbers))];
      owned_set(&r->o,
                LDX_TERM_LITERAL,
                v,
                strlen(v),
                types[rnd_below(rng, sizeof(types) / sizeof(*types))],
                NULL);
      break;
    }
    case 2:
      random_text(rng, text, &len, 6);
      owned_set(&r->o, LDX_TERM_BLANK, text, len, NULL, NULL);
      break;
    default:
      set_iri(&r->o, iris[rnd_below(rng, n_iris)]);
      break;
  }
  r->quad = (LdxQuad){ &r->s.term, &r->p.term, &r->o.term, NULL };
}

static void
test_round_trip(void)
{
  enum { N = 2000 };
  static RandomQuad quads[N];
  static LdxQuad    plain[N];
  uint64_t          rng = 5;
  for (int i = 0; i < N; ++i) {
    random_quad(&rng, &quads[i]);
    plain[i] = quads[i].quad;
  }
  StrList expected = { NULL, 0, 0 };
  for (int i = 0; i < N; ++i) {
    list_add(&expected, canon_quad(&plain[i], false, false, ref_blank));
  }
  list_sort(&expected);

  const PrefixDef   prefixes[] = { { "ex", EX },
                                   { "foaf", "http://xmlns.com/foaf/0.1/" },
                                   { "xsd", XSD },
                                   { "", "urn:x:" } };
  const char* const bases[]    = { NULL, "http://b.example/dir/" };
  for (int b = 0; b < 2; ++b) {
    char*   text   = write_turtle(plain, N, prefixes, 4, bases[b], 0);
    StrList parsed = { NULL, 0, 0 };
    assert(!parse_with_raptor("turtle",
                              text,
                              strlen(text),
                              "http://elsewhere.example/",
                              false,
                              &parsed));
    if (!lists_equal(&expected, &parsed)) {
      fprintf(stderr, "%s\n", text);
      assert(0);
    }
    // Any buffer size gives the same bytes.
    for (size_t size = 1; size < 24; size += 3) {
      char* small = write_turtle(plain, N, prefixes, 4, bases[b], size);
      assert(!strcmp(small, text));
      free(small);
    }
    list_free(&parsed);
    free(text);
  }
  list_free(&expected);
}

static void
test_end_closes(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  set_iri(&s, EX "s");
  set_iri(&p, EX "p");
  set_iri(&o, EX "o");
  const LdxQuad q = { &s.term, &p.term, &o.term, NULL };
  Diags         diags;
  LdxWorld*     world = quiet_world(&diags);
  MemOut        mem;
  mem_init(&mem);
  LdxWriter* writer = NULL;
  assert(!ldx_writer_new(
    world, ldx_format_by_name("text/turtle"), mem_stream(&mem), NULL, &writer));
  LdxSink sink = ldx_writer_sink(writer);
  assert(!ldx_sink_quad(&sink, &q));
  LdxEvent end;
  end.type = LDX_EVENT_END;
  assert(!sink.on_event(sink.handle, &end));
  assert(!strcmp(mem_text(&mem), "<" EX "s> <" EX "p> <" EX "o> .\n"));
  assert(!ldx_sink_quad(&sink, &q)); // a second run: a new block
  assert(!ldx_writer_finish(writer));
  assert(!strcmp(mem_text(&mem),
                 "<" EX "s> <" EX "p> <" EX "o> .\n\n"
                 "<" EX "s> <" EX "p> <" EX "o> .\n"));
  ldx_writer_free(writer);
  ldx_world_free(world);
  free(mem.data);
}

static void
test_failing_alloc(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  set_iri(&s, EX "s");
  set_iri(&p, EX "p");
  set_iri(&o, EX "o");
  const LdxQuad q = { &s.term, &p.term, &o.term, NULL };
  for (size_t fail = 0;; ++fail) {
    FailAlloc    fa    = { 0, fail, 0 };
    LdxAllocator alloc = fa_allocator(&fa);
    LdxWorld*    world = ldx_world_new(&alloc);
    if (!world) {
      continue;
    }
    MemOut mem;
    mem_init(&mem);
    LdxWriter* writer = NULL;
    LdxStatus  st     = ldx_writer_new(
      world, ldx_format_by_name("turtle"), mem_stream(&mem), EX, &writer);
    if (!st) {
      // Prefixes and statements allocate too.
      LdxSink  sink = ldx_writer_sink(writer);
      LdxEvent ev;
      ev.type             = LDX_EVENT_PREFIX;
      ev.u.prefix.name    = ldx_str("ex");
      ev.u.prefix.iri     = ldx_str(EX);
      st                  = sink.on_event(sink.handle, &ev);
      st                  = st ? st : ldx_sink_quad(&sink, &q);
      const LdxStatus fst = ldx_writer_finish(writer);
      assert(fst == st);
    }
    assert(st == LDX_SUCCESS || st == LDX_BAD_ALLOC);
    ldx_writer_free(writer);
    ldx_world_free(world);
    free(mem.data);
    assert(fa.n_live == 0);
    if (!st && fa.n_allocs <= fail) {
      break;
    }
  }
}

int
main(void)
{
  test_layout();
  test_abbreviations();
  test_prefix_redefined();
  test_round_trip();
  test_end_closes();
  test_failing_alloc();
  return 0;
}
