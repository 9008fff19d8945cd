// SPDX-License-Identifier: MIT
// The writers built on raptor's serializers (RDF/XML, RDF/JSON): round
// trips through raptor's parsers, prefixes and base IRIs, what each syntax
// must refuse, invalid UTF-8, named graphs, empty documents, END, and
// allocation failures.  Write faults of every format: test_writer.c.
#undef NDEBUG

#include "write_support.h"

#include "write/writer_impl.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define EX "http://example.org/"

// The blank label scheme of write/escape.h, written independently.
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
  const char* format; // our name
  const char* parser; // raptor parser that reads it back
  bool        anon;   // the syntax may rename blank nodes
  bool        xml;    // XML character limits apply
} Syntax;

static const Syntax syntaxes[] = {
  { "rdfxml", "rdfxml", false, true },
  { "rdfxml-abbrev", "rdfxml", true, true },
  { "rdfjson", "json", false, false },
};

#define N_SYNTAXES (sizeof(syntaxes) / sizeof(syntaxes[0]))

// Drop repeated items of a sorted list.
static void
list_unique(StrList* list)
{
  size_t k = 0;
  for (size_t i = 0; i < list->n; ++i) {
    if (k && !strcmp(list->items[k - 1], list->items[i])) {
      free(list->items[i]);
      continue;
    }
    list->items[k++] = list->items[i];
  }
  list->n = k;
}

typedef struct {
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  OwnedTerm g;
  LdxQuad   quad;
} RandomQuad;

static void
random_text(uint64_t* rng, char* out, size_t* len, size_t max, bool xml_safe)
{
  static const char* const pieces[] = { "a",
                                        "Z",
                                        "0",
                                        " ",
                                        "\"",
                                        "\\",
                                        "<",
                                        ">",
                                        "&",
                                        "'",
                                        "\n",
                                        "\r",
                                        "\t",
                                        "\x01",
                                        "\x7F",
                                        "\xC3\xA9",
                                        "\xE2\x82\xAC",
                                        "\xF0\x9F\x98\x80",
                                        "_",
                                        ":",
                                        "/",
                                        "#",
                                        "%",
                                        "@",
                                        ".",
                                        "\"\"\"",
                                        "]]>",
                                        "{" };
  const size_t             n_pieces = sizeof(pieces) / sizeof(pieces[0]);
  size_t                   n        = 0;
  const size_t             target   = rnd_below(rng, max);
  while (n < target) {
    const char* piece = pieces[rnd_below(rng, n_pieces)];
    if (xml_safe && (piece[0] == '\x01' || piece[0] == '\x7F')) {
      continue;
    }
    const size_t k = strlen(piece);
    if (n + k > max) {
      break;
    }
    memcpy(out + n, piece, k);
    n += k;
  }
  *len = n;
}

// Local names that RDF/XML can split, and IRI characters raptor accepts.
static void
random_quad(uint64_t* rng, RandomQuad* r, bool xml_safe)
{
  static const char* const locals[] = {
    "a", "b-c", "d.e", "f_1", "\xC3\xA9t\xC3\xA9"
  };
  static const char* const preds[] = {
    EX "p", EX "q", EX "ns#r", "http://xmlns.com/foaf/0.1/name"
  };
  char   text[64];
  size_t len = 0;
  char   value[64];
  if (rnd_below(rng, 4)) {
    snprintf(value, sizeof(value), EX "s/%s", locals[rnd_below(rng, 5)]);
    owned_set(&r->s, LDX_TERM_IRI, value, strlen(value), NULL, NULL);
  } else {
    random_text(rng, text, &len, 8, false);
    owned_set(&r->s, LDX_TERM_BLANK, text, len, NULL, NULL);
  }
  const char* pred = preds[rnd_below(rng, 4)];
  owned_set(&r->p, LDX_TERM_IRI, pred, strlen(pred), NULL, NULL);
  switch (rnd_below(rng, 5)) {
    case 0:
      random_text(rng, text, &len, 40, xml_safe);
      owned_set(&r->o, LDX_TERM_LITERAL, text, len, NULL, NULL);
      break;
    case 1:
      random_text(rng, text, &len, 40, xml_safe);
      owned_set(&r->o, LDX_TERM_LITERAL, text, len, NULL, "en-gb");
      break;
    case 2:
      random_text(rng, text, &len, 40, xml_safe);
      owned_set(&r->o,
                LDX_TERM_LITERAL,
                text,
                len,
                "http://www.w3.org/2001/XMLSchema#token",
                NULL);
      break;
    case 3:
      random_text(rng, text, &len, 8, false);
      owned_set(&r->o, LDX_TERM_BLANK, text, len, NULL, NULL);
      break;
    default:
      snprintf(value, sizeof(value), EX "o/%s", locals[rnd_below(rng, 5)]);
      owned_set(&r->o, LDX_TERM_IRI, value, strlen(value), NULL, NULL);
      break;
  }
  r->quad = (LdxQuad){ &r->s.term, &r->p.term, &r->o.term, NULL };
}

// Write `n` quads, returning the status of finish; the text is in `mem`.
static LdxStatus
write_quads(LdxWorld*      world,
            const char*    format,
            const LdxQuad* quads,
            size_t         n,
            const char*    base,
            size_t         buffer_size,
            MemOut*        mem)
{
  mem_init(mem);
  LdxWriter* writer = NULL;
  assert(!ldxi_writer_new_buffered(world,
                                   ldx_format_by_name(format),
                                   mem_stream(mem),
                                   base,
                                   buffer_size,
                                   &writer));
  LdxSink   sink  = ldx_writer_sink(writer);
  LdxStatus first = LDX_SUCCESS;
  for (size_t i = 0; i < n && !first; ++i) {
    first = ldx_sink_quad(&sink, &quads[i]);
  }
  const LdxStatus st = ldx_writer_finish(writer);
  ldx_writer_free(writer);
  return first ? first : st;
}

static void
test_round_trips(void)
{
  enum { N = 300 };
  static RandomQuad quads[N];
  static LdxQuad    plain[N];
  for (size_t f = 0; f < N_SYNTAXES; ++f) {
    const Syntax* syn = &syntaxes[f];
    uint64_t      rng = 1234 + f;
    for (int i = 0; i < N; ++i) {
      random_quad(&rng, &quads[i], syn->xml);
      plain[i] = quads[i].quad;
    }
    StrList expected = { NULL, 0, 0 };
    for (int i = 0; i < N; ++i) {
      list_add(&expected, canon_quad(&plain[i], false, syn->anon, ref_blank));
    }
    list_sort(&expected);
    list_unique(&expected);

    Diags           diags;
    LdxWorld*       world = quiet_world(&diags);
    MemOut          mem;
    const LdxStatus wst =
      write_quads(world, syn->format, plain, N, NULL, 0, &mem);
    if (wst || diags.errors) {
      fprintf(stderr,
              "%s: %s (%s)\n",
              syn->format,
              ldx_strerror(wst),
              diags.last_error);
      assert(0);
    }
    StrList parsed = { NULL, 0, 0 };
    assert(!parse_with_raptor(
      syn->parser, mem_text(&mem), mem.len, NULL, syn->anon, &parsed));
    // A graph is a set (serializers may merge duplicates), and blank
    // nodes may be renamed where `anon`.
    list_unique(&parsed);
    if (!lists_equal(&expected, &parsed)) {
      fprintf(stderr,
              "%s round trip failed; output:\n%s\n",
              syn->format,
              mem_text(&mem));
      assert(0);
    }

    // A small buffer gives the same bytes.
    MemOut small;
    assert(!write_quads(world, syn->format, plain, N, NULL, 5, &small));
    assert(small.len == mem.len && !memcmp(small.data, mem.data, mem.len));
    free(small.data);

    list_free(&parsed);
    list_free(&expected);
    free(mem.data);
    ldx_world_free(world);
  }
}

static void
send_prefix(LdxSink* sink, const char* name, const char* iri)
{
  LdxEvent ev;
  ev.type          = LDX_EVENT_PREFIX;
  ev.u.prefix.name = ldx_str(name);
  ev.u.prefix.iri  = ldx_str(iri);
  assert(!sink->on_event(sink->handle, &ev));
}

static void
test_prefixes_and_base(void)
{
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  owned_set(&s, LDX_TERM_IRI, EX "base/s", strlen(EX "base/s"), NULL, NULL);
  owned_set(&p, LDX_TERM_IRI, EX "voc#p", strlen(EX "voc#p"), NULL, NULL);
  owned_set(&o, LDX_TERM_IRI, EX "voc#O", strlen(EX "voc#O"), NULL, NULL);
  LdxQuad q = { &s.term, &p.term, &o.term, NULL };

  // RDF/XML: prefixes name the predicate elements; the base is xml:base.
  MemOut mem;
  mem_init(&mem);
  LdxWriter* writer = NULL;
  assert(!ldx_writer_new(world,
                         ldx_format_by_name("rdfxml"),
                         mem_stream(&mem),
                         EX "base/",
                         &writer));
  LdxSink sink = ldx_writer_sink(writer);
  send_prefix(&sink, "voc", EX "voc#");
  send_prefix(&sink, "bad name", EX "x#"); // ignored with a warning
  assert(diags.warnings == 1);
  assert(!ldx_sink_quad(&sink, &q));
  assert(!ldx_writer_finish(writer));
  ldx_writer_free(writer);

  const char* text = mem_text(&mem);
  assert(strstr(text, "xmlns:voc=\"" EX "voc#\""));
  assert(strstr(text, "xml:base=\"" EX "base/\""));
  assert(strstr(text, "<voc:p "));
  assert(!strstr(text, "bad name"));

  StrList parsed = { NULL, 0, 0 };
  assert(!parse_with_raptor(
    "rdfxml", text, mem.len, "http://elsewhere/", false, &parsed));
  assert(parsed.n == 1);
  assert(!strcmp(parsed.items[0],
                 "I:" EX "base/s | I:" EX "voc#p | I:" EX
                 "voc#O | DEFAULT | "));
  list_free(&parsed);
  free(mem.data);

  // RDF/JSON has no base: IRIs stay absolute.
  assert(!write_quads(world, "rdfjson", &q, 1, EX "base/", 0, &mem));
  assert(strstr(mem_text(&mem), "\"" EX "base/s\""));
  free(mem.data);

  // Prefixes are fine for syntaxes without them.
  mem_init(&mem);
  assert(!ldx_writer_new(
    world, ldx_format_by_name("rdfjson"), mem_stream(&mem), NULL, &writer));
  sink = ldx_writer_sink(writer);
  send_prefix(&sink, "voc", EX "voc#");
  assert(!ldx_sink_quad(&sink, &q));
  assert(!ldx_writer_finish(writer));
  ldx_writer_free(writer);
  free(mem.data);
  ldx_world_free(world);
}

static void
test_refusals(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  owned_set(&s, LDX_TERM_IRI, EX "s", strlen(EX "s"), NULL, NULL);
  owned_set(&p, LDX_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL);
  LdxQuad q = { &s.term, &p.term, &o.term, NULL };

  for (size_t f = 0; f < N_SYNTAXES; ++f) {
    Diags     diags;
    LdxWorld* world = quiet_world(&diags);
    MemOut    mem;
    mem_init(&mem);
    LdxWriter* writer = NULL;
    assert(!ldx_writer_new(world,
                           ldx_format_by_name(syntaxes[f].format),
                           mem_stream(&mem),
                           NULL,
                           &writer));
    LdxSink sink = ldx_writer_sink(writer);

    // XML 1.0 cannot carry U+0001; the others can.
    owned_set(&o, LDX_TERM_LITERAL, "a\x01z", 3, NULL, NULL);
    LdxStatus st = ldx_sink_quad(&sink, &q);
    assert(st == (syntaxes[f].xml ? LDX_BAD_DATA : LDX_SUCCESS));
    if (st) {
      assert(strstr(diags.last_error, "U+0001"));
    }

    // NUL cannot pass through raptor.
    owned_set(&o, LDX_TERM_LITERAL, "a\0z", 3, NULL, NULL);
    assert(ldx_sink_quad(&sink, &q) == LDX_BAD_DATA);
    assert(strstr(diags.last_error, "NUL"));

    // RDF/XML needs a local name in each predicate.
    owned_set(&o, LDX_TERM_LITERAL, "ok", 2, NULL, NULL);
    owned_set(&p, LDX_TERM_IRI, EX "p/123", strlen(EX "p/123"), NULL, NULL);
    st = ldx_sink_quad(&sink, &q);
    assert(st == (syntaxes[f].xml ? LDX_BAD_DATA : LDX_SUCCESS));
    owned_set(&p, LDX_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL);

    // Refusals are not sticky.
    assert(!ldx_sink_quad(&sink, &q));
    assert(!ldx_writer_finish(writer));
    ldx_writer_free(writer);

    StrList parsed = { NULL, 0, 0 };
    assert(!parse_with_raptor(
      syntaxes[f].parser, mem_text(&mem), mem.len, NULL, false, &parsed));
    assert(parsed.n == (syntaxes[f].xml ? 1u : 3u));
    list_free(&parsed);
    free(mem.data);
    ldx_world_free(world);
  }
}

static void
test_invalid_utf8_repaired(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  owned_set(&s, LDX_TERM_IRI, EX "s\xFF", strlen(EX "s\xFF"), NULL, NULL);
  owned_set(&p, LDX_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL);
  owned_set(&o, LDX_TERM_LITERAL, "a\xC3z", 3, NULL, NULL);
  LdxQuad   q = { &s.term, &p.term, &o.term, NULL };
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  MemOut    mem;
  assert(!write_quads(world, "rdfjson", &q, 1, NULL, 0, &mem));
  assert(diags.warnings == 1 && strstr(diags.last_warning, "2 bytes"));
  StrList parsed = { NULL, 0, 0 };
  assert(
    !parse_with_raptor("json", mem_text(&mem), mem.len, NULL, false, &parsed));
  assert(parsed.n == 1);
  assert(!strcmp(parsed.items[0],
                 "I:" EX "s%25FF | I:" EX
                 "p | L:a\xEF\xBF\xBDz^@ | DEFAULT | "));
  list_free(&parsed);
  free(mem.data);
  ldx_world_free(world);
}

// Raptor writes characters past U+FFFF as \UXXXXXXXX, which is not JSON;
// the writer rewrites them as surrogate pairs, and leaves "\\U" alone.
static void
test_json_astral(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  owned_set(
    &s, LDX_TERM_IRI, EX "\xF0\x9F\x98\x80", strlen(EX) + 4, NULL, NULL);
  owned_set(&p, LDX_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL);
  static const char lit[] = "\\U0001F600 \xF0\x9F\x98\x80\\\\U";
  owned_set(&o, LDX_TERM_LITERAL, lit, sizeof(lit) - 1, NULL, NULL);
  LdxQuad   q = { &s.term, &p.term, &o.term, NULL };
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  MemOut    mem;
  assert(!write_quads(world, "rdfjson", &q, 1, NULL, 1, &mem));
  assert(strstr(mem_text(&mem), "\\uD83D\\uDE00"));
  assert(!strstr(mem_text(&mem), "\\U0001F600\""));
  StrList parsed = { NULL, 0, 0 };
  assert(
    !parse_with_raptor("json", mem_text(&mem), mem.len, NULL, false, &parsed));
  assert(parsed.n == 1);
  char* expected = canon_quad(&q, false, false, ref_blank);
  assert(!strcmp(parsed.items[0], expected));
  free(expected);
  list_free(&parsed);
  free(mem.data);
  ldx_world_free(world);
}

static void
test_graphs_and_empty(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  OwnedTerm g;
  owned_set(&s, LDX_TERM_IRI, EX "s", strlen(EX "s"), NULL, NULL);
  owned_set(&p, LDX_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL);
  owned_set(&o, LDX_TERM_IRI, EX "o", strlen(EX "o"), NULL, NULL);
  owned_set(&g, LDX_TERM_IRI, EX "g", strlen(EX "g"), NULL, NULL);
  LdxQuad q = { &s.term, &p.term, &o.term, &g.term };

  for (size_t f = 0; f < N_SYNTAXES; ++f) {
    Diags     diags;
    LdxWorld* world = quiet_world(&diags);
    MemOut    mem;
    assert(!write_quads(world, syntaxes[f].format, &q, 1, NULL, 0, &mem));
    assert(diags.warnings == 1);
    assert(strstr(diags.last_warning, "1 quad in named graphs"));
    StrList parsed = { NULL, 0, 0 };
    assert(!parse_with_raptor(
      syntaxes[f].parser, mem_text(&mem), mem.len, NULL, false, &parsed));
    assert(parsed.n == 1);
    list_free(&parsed);
    free(mem.data);

    // An empty graph is still a well-formed document.
    assert(!write_quads(world, syntaxes[f].format, NULL, 0, NULL, 0, &mem));
    assert(!parse_with_raptor(
      syntaxes[f].parser, mem_text(&mem), mem.len, NULL, false, &parsed));
    assert(parsed.n == 0);
    list_free(&parsed);
    free(mem.data);
    ldx_world_free(world);
  }
}

static void
test_end_flushes(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  owned_set(&s, LDX_TERM_IRI, EX "s", strlen(EX "s"), NULL, NULL);
  owned_set(&p, LDX_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL);
  owned_set(&o, LDX_TERM_IRI, EX "o", strlen(EX "o"), NULL, NULL);
  LdxQuad   q = { &s.term, &p.term, &o.term, NULL };
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  MemOut    mem;
  mem_init(&mem);
  LdxWriter* writer = NULL;
  assert(!ldx_writer_new(
    world, ldx_format_by_name("rdfxml"), mem_stream(&mem), NULL, &writer));
  LdxSink sink = ldx_writer_sink(writer);
  assert(!ldx_sink_quad(&sink, &q));
  LdxEvent end;
  end.type = LDX_EVENT_END;
  assert(!sink.on_event(sink.handle, &end));
  // RDF/XML streams: the statement is out, the document not closed yet.
  assert(strstr(mem_text(&mem), "rdf:about=\"" EX "s\""));
  assert(!strstr(mem_text(&mem), "</rdf:RDF>"));
  assert(mem.n_flushes == 1);
  assert(!ldx_sink_quad(&sink, &q)); // a second run into the same writer
  assert(!ldx_writer_finish(writer));
  assert(strstr(mem_text(&mem), "</rdf:RDF>"));
  ldx_writer_free(writer);
  free(mem.data);
  ldx_world_free(world);
}

static void
test_failing_alloc(void)
{
  static const char* const names[] = { "rdfxml", "rdfxml-abbrev", "rdfjson" };
  for (size_t f = 0; f < sizeof(names) / sizeof(names[0]); ++f) {
    for (size_t fail = 0;; ++fail) {
      FailAlloc    fa    = { 0, fail, 0 };
      LdxAllocator alloc = fa_allocator(&fa);
      LdxWorld*    world = ldx_world_new(&alloc);
      if (!world) {
        continue;
      }
      MemOut mem;
      mem_init(&mem);
      LdxWriter*      writer = NULL;
      const LdxStatus st     = ldx_writer_new(
        world, ldx_format_by_name(names[f]), mem_stream(&mem), EX, &writer);
      if (st) {
        assert(st == LDX_BAD_ALLOC && !writer);
      }
      ldx_writer_free(writer);
      ldx_world_free(world);
      assert(fa.n_live == 0);
      if (!st && fa.n_allocs <= fail) {
        break;
      }
    }
  }
}

int
main(void)
{
  test_round_trips();
  test_prefixes_and_base();
  test_refusals();
  test_invalid_utf8_repaired();
  test_json_astral();
  test_graphs_and_empty();
  test_end_flushes();
  test_failing_alloc();
  return 0;
}
