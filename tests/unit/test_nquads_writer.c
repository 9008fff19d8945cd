// SPDX-License-Identifier: MIT
// The N-Quads / N-Triples writer: exact canonical output for every class of
// character, the blank node label scheme, round trips through raptor's
// N-Quads parser, tiny buffers, write faults and allocation failures.
#undef NDEBUG

#include "write_support.h"

#include "core/buf.h"
#include "write/escape.h"
#include "write/writer_impl.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define EX "http://example.org/"

static const LdxTerm*
iri(OwnedTerm* t, const char* value)
{
  owned_set(t, LDX_TERM_IRI, value, strlen(value), NULL, NULL);
  return &t->term;
}

// Write quads with `format` (buffer size 0 = default) and return the text.
static char*
write_all(const char*    format,
          const LdxQuad* quads,
          size_t         n,
          size_t         buffer_size,
          Diags*         diags)
{
  LdxWorld* world = quiet_world(diags);
  MemOut    mem;
  mem_init(&mem);
  LdxWriter* writer = NULL;
  assert(!ldxi_writer_new_buffered(world,
                                   ldx_format_by_name(format),
                                   mem_stream(&mem),
                                   NULL,
                                   buffer_size,
                                   &writer));
  LdxSink sink = ldx_writer_sink(writer);
  for (size_t i = 0; i < n; ++i) {
    assert(!ldx_sink_quad(&sink, &quads[i]));
  }
  assert(!ldx_writer_finish(writer));
  ldx_writer_free(writer);
  ldx_world_free(world);
  char* text = mem.data ? mem.data : strdup("");
  return text;
}

// Write one quad and compare with the expected line.
static void
check_line(const char* format, const LdxQuad* quad, const char* expected)
{
  Diags diags;
  char* text = write_all(format, quad, 1, 0, &diags);
  if (strcmp(text, expected)) {
    fprintf(stderr, "expected: %s\n     got: %s\n", expected, text);
    assert(!"unexpected output");
  }
  free(text);
}

// Escape `c` in an IRI as the canonical rules say (reference for the test).
static void
ref_iri_byte(unsigned char c, char* out, size_t size)
{
  if (c <= 0x20 || c == 0x7F || strchr("<>\"{}|^`\\", c)) {
    snprintf(out, size, "\\u%04X", c);
  } else {
    snprintf(out, size, "%c", c);
  }
}

static void
ref_literal_byte(unsigned char c, char* out, size_t size)
{
  switch (c) {
    case '"':
      snprintf(out, size, "\\\"");
      return;
    case '\\':
      snprintf(out, size, "\\\\");
      return;
    case '\n':
      snprintf(out, size, "\\n");
      return;
    case '\r':
      snprintf(out, size, "\\r");
      return;
    default:
      break;
  }
  if (c < 0x20 || c == 0x7F) {
    snprintf(out, size, "\\u%04X", c);
  } else {
    snprintf(out, size, "%c", c);
  }
}

static void
test_every_ascii_byte(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  iri(&p, EX "p");
  for (unsigned c = 0; c < 0x80; ++c) {
    char value[8] = { 'a', (char)c, 'b' };
    char esc[16];
    char expected[256];

    owned_set(&s, LDX_TERM_IRI, value, 3, NULL, NULL);
    owned_set(&o, LDX_TERM_LITERAL, value, 3, NULL, NULL);
    LdxQuad q = { &s.term, &p.term, &o.term, NULL };

    char lit[16];
    ref_iri_byte((unsigned char)c, esc, sizeof(esc));
    ref_literal_byte((unsigned char)c, lit, sizeof(lit));
    snprintf(
      expected, sizeof(expected), "<a%sb> <" EX "p> \"a%sb\" .\n", esc, lit);
    check_line("nquads", &q, expected);
  }
}

static void
test_escapes(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  OwnedTerm g;
  iri(&p, EX "p");

  // Every character IRIREF forbids, and DEL.
  static const char bad_iri[] = EX "\x01 <>\"{}|^`\\\x7F";
  owned_set(&s, LDX_TERM_IRI, bad_iri, sizeof(bad_iri) - 1, NULL, NULL);
  owned_set(&o, LDX_TERM_LITERAL, "x", 1, NULL, NULL);
  LdxQuad q = { &s.term, &p.term, &o.term, NULL };
  check_line("nquads",
             &q,
             "<" EX "\\u0001\\u0020\\u003C\\u003E\\u0022\\u007B\\u007D"
             "\\u007C\\u005E\\u0060\\u005C\\u007F> <" EX "p> \"x\" .\n");

  // Literals: ECHAR for " \ LF CR, UCHAR for the other controls.
  static const char lit[] = "a\"b\\c\nd\re\tf\x01g\x7Fh\0i";
  iri(&s, EX "s");
  owned_set(&o, LDX_TERM_LITERAL, lit, sizeof(lit) - 1, NULL, NULL);
  check_line("nquads",
             &q,
             "<" EX "s> <" EX "p> \"a\\\"b\\\\c\\nd\\re\\u0009f\\u0001g"
             "\\u007Fh\\u0000i\" .\n");

  // Non-ASCII is written as UTF-8, in IRIs and literals.
  iri(&s, EX "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  owned_set(&o,
            LDX_TERM_LITERAL,
            "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
            9,
            NULL,
            NULL);
  check_line("nquads",
             &q,
             "<" EX "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80> <" EX
             "p> \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\" .\n");

  // Datatypes: xsd:string left out, others written; language tags.
  iri(&s, EX "s");
  owned_set(&o,
            LDX_TERM_LITERAL,
            "x",
            1,
            "http://www.w3.org/2001/XMLSchema#string",
            NULL);
  check_line("nquads", &q, "<" EX "s> <" EX "p> \"x\" .\n");
  owned_set(&o,
            LDX_TERM_LITERAL,
            "1",
            1,
            "http://www.w3.org/2001/XMLSchema#integer",
            NULL);
  check_line("nquads",
             &q,
             "<" EX "s> <" EX "p> "
             "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
  owned_set(&o, LDX_TERM_LITERAL, "1", 1, EX "dt>x", NULL);
  check_line("nquads", &q, "<" EX "s> <" EX "p> \"1\"^^<" EX "dt\\u003Ex> .\n");
  owned_set(&o, LDX_TERM_LITERAL, "chat", 4, NULL, "fr-BE");
  check_line("nquads", &q, "<" EX "s> <" EX "p> \"chat\"@fr-BE .\n");
  owned_set(&o, LDX_TERM_LITERAL, "", 0, NULL, NULL);
  check_line("nquads", &q, "<" EX "s> <" EX "p> \"\" .\n");

  // Graphs: named, blank, default.
  owned_set(&o, LDX_TERM_LITERAL, "x", 1, NULL, NULL);
  q.graph = iri(&g, EX "g");
  check_line("nquads", &q, "<" EX "s> <" EX "p> \"x\" <" EX "g> .\n");
  owned_set(&g, LDX_TERM_BLANK, "g1", 2, NULL, NULL);
  check_line("nquads", &q, "<" EX "s> <" EX "p> \"x\" _:g1 .\n");
}

static void
test_invalid_utf8(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  iri(&p, EX "p");
  // A lone continuation byte, an overlong form, a surrogate, a truncated
  // sequence at the end.
  owned_set(&s, LDX_TERM_IRI, EX "\x80\xC0\xAF", sizeof(EX) + 2, NULL, NULL);
  owned_set(&o, LDX_TERM_LITERAL, "a\xED\xA0\x80z\xE2\x82", 7, NULL, NULL);
  LdxQuad q = { &s.term, &p.term, &o.term, NULL };
  Diags   diags;
  char*   text = write_all("nquads", &q, 1, 0, &diags);
  assert(!strcmp(text,
                 "<" EX "%80%C0%AF> <" EX "p> \"a\xEF\xBF\xBD"
                 "\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD\" .\n"));
  assert(diags.warnings == 1 && strstr(diags.last_warning, "8 bytes"));
  free(text);
}

// The documented scheme, implemented independently of the library.
static void
ref_blank(const LdxStr* label, char* out, size_t size)
{
  size_t n = 0;
  if (!label->len) {
    snprintf(out, size, "_");
    return;
  }
  for (size_t i = 0; i < label->len; ++i) {
    const unsigned char c = (unsigned char)label->buf[i];
    const bool keep       = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      (i > 0 && c >= '0' && c <= '9');
    assert(n + 4 < size);
    if (keep) {
      out[n++] = (char)c;
    } else {
      n += (size_t)snprintf(out + n, size - n, "_%02X", c);
    }
  }
  out[n] = '\0';
}

// Decode a written label; NULL-safe inverse of the scheme.
static size_t
decode_blank(const char* s, char* out)
{
  size_t n = 0;
  if (!strcmp(s, "_")) {
    return 0;
  }
  for (size_t i = 0; s[i];) {
    if (s[i] == '_') {
      unsigned v = 0;
      assert(sscanf(s + i + 1, "%2X", &v) == 1);
      out[n++] = (char)v;
      i += 3;
    } else {
      out[n++] = s[i++];
    }
  }
  return n;
}

// BLANK_NODE_LABEL of N-Triples, restricted to ASCII, and an XML NCName.
static bool
valid_label(const char* s)
{
  if (!*s) {
    return false;
  }
  for (size_t i = 0; s[i]; ++i) {
    const unsigned char c = (unsigned char)s[i];
    const bool alpha      = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool digit      = c >= '0' && c <= '9';
    if (i == 0 ? !(alpha || c == '_') : !(alpha || digit || c == '_')) {
      return false;
    }
  }
  return true;
}

static void
test_blank_labels(void)
{
  static const struct {
    const char* label;
    const char* written;
  } cases[] = {
    { "", "_" },
    { "abc", "abc" },
    { "a_b", "a_5Fb" },
    { "_", "_5F" },
    { "1x", "_31x" },
    { "x1", "x1" },
    { "\xC3\xA9", "_C3_A9" },
    { "a b.c-", "a_20b_2Ec_2D" },
    { "_5F", "_5F5F" },
  };
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  iri(&p, EX "p");
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    owned_set(
      &s, LDX_TERM_BLANK, cases[i].label, strlen(cases[i].label), NULL, NULL);
    owned_set(
      &o, LDX_TERM_BLANK, cases[i].label, strlen(cases[i].label), NULL, NULL);
    LdxQuad q = { &s.term, &p.term, &o.term, NULL };
    char    expected[256];
    snprintf(expected,
             sizeof(expected),
             "_:%s <" EX "p> _:%s .\n",
             cases[i].written,
             cases[i].written);
    check_line("nquads", &q, expected);
  }

  // Injective and always valid: random labels over an alphabet rich in the
  // characters the scheme treats specially.
  static const char alphabet[] = "aZ09_5F-. \xC3\xA9\x00";
  uint64_t          rng        = 42;
  for (int i = 0; i < 20000; ++i) {
    char         label[12];
    const size_t len = rnd_below(&rng, sizeof(label));
    for (size_t k = 0; k < len; ++k) {
      label[k] = alphabet[rnd_below(&rng, sizeof(alphabet) - 1)];
    }
    LdxiBuf buf;
    ldxi_buf_init(&buf, NULL, 0);
    assert(!ldxi_blank_label_append(&buf, label, len));
    char         ref[64];
    const LdxStr view = { label, len };
    ref_blank(&view, ref, sizeof(ref));
    assert(!strcmp(ldxi_buf_cstr(&buf), ref));
    assert(valid_label(ref));
    char         back[16];
    const size_t n = decode_blank(ref, back);
    assert(n == len && !memcmp(back, label, len));
    ldxi_buf_free(&buf);
  }
}

// Random quads with every kind of term, for round trips.
typedef struct {
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  OwnedTerm g;
  LdxQuad   quad;
} RandomQuad;

// Random text; `iri_safe` leaves out what IRIREF forbids, which raptor's
// parser refuses even escaped (test_escapes checks how it is written).
static void
random_text(uint64_t* rng, char* out, size_t* len, size_t max, bool iri_safe)
{
  static const char* const pieces[] = { "a",
                                        "Z",
                                        "0",
                                        " ",
                                        "\"",
                                        "\\",
                                        "<",
                                        ">",
                                        "{",
                                        "}",
                                        "|",
                                        "^",
                                        "`",
                                        "\n",
                                        "\r",
                                        "\t",
                                        "\x01",
                                        "\x1F",
                                        "\x7F",
                                        "\xC3\xA9",
                                        "\xE2\x82\xAC",
                                        "\xF0\x9F\x98\x80",
                                        "_",
                                        ":",
                                        "/",
                                        "#",
                                        "%",
                                        "'",
                                        "@",
                                        "." };
  const size_t             n_pieces = sizeof(pieces) / sizeof(pieces[0]);
  size_t                   n        = 0;
  const size_t             target   = rnd_below(rng, max);
  while (n < target) {
    const char* piece = pieces[rnd_below(rng, n_pieces)];
    const bool  bad   = (unsigned char)piece[0] <= 0x20 || piece[0] == 0x7F ||
                     strchr("<>\"{}|^`\\", piece[0]);
    if (bad && iri_safe) {
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

static void
random_quad(uint64_t* rng, RandomQuad* r, bool graphs)
{
  char   text[48];
  size_t len = 0;
  char   value[64];

  // Subject: IRI or blank.
  const bool subject_iri = rnd_below(rng, 3) != 0;
  random_text(rng, text, &len, 20, subject_iri);
  if (subject_iri) {
    memcpy(value, EX, sizeof(EX) - 1);
    memcpy(value + sizeof(EX) - 1, text, len);
    owned_set(&r->s, LDX_TERM_IRI, value, sizeof(EX) - 1 + len, NULL, NULL);
  } else {
    owned_set(&r->s, LDX_TERM_BLANK, text, len, NULL, NULL);
  }
  owned_set(&r->p, LDX_TERM_IRI, EX "p", sizeof(EX), NULL, NULL);
  switch (rnd_below(rng, 5)) {
    case 0:
      random_text(rng, text, &len, 40, false);
      owned_set(&r->o, LDX_TERM_LITERAL, text, len, NULL, NULL);
      break;
    case 1:
      random_text(rng, text, &len, 40, false);
      owned_set(&r->o, LDX_TERM_LITERAL, text, len, NULL, "en-GB");
      break;
    case 2:
      random_text(rng, text, &len, 40, false);
      owned_set(&r->o,
                LDX_TERM_LITERAL,
                text,
                len,
                "http://www.w3.org/2001/XMLSchema#token",
                NULL);
      break;
    case 3:
      random_text(rng, text, &len, 10, false);
      owned_set(&r->o, LDX_TERM_BLANK, text, len, NULL, NULL);
      break;
    default:
      owned_set(&r->o, LDX_TERM_IRI, EX "o", sizeof(EX), NULL, NULL);
      break;
  }
  const size_t g = graphs ? rnd_below(rng, 3) : 0;
  if (g == 1) {
    owned_set(&r->g, LDX_TERM_IRI, EX "g", sizeof(EX), NULL, NULL);
  } else if (g == 2) {
    random_text(rng, text, &len, 10, false);
    owned_set(&r->g, LDX_TERM_BLANK, text, len, NULL, NULL);
  }
  r->quad =
    (LdxQuad){ &r->s.term, &r->p.term, &r->o.term, g ? &r->g.term : NULL };
}

static void
test_round_trip(void)
{
  enum { N = 400 };
  static RandomQuad quads[N];
  static LdxQuad    plain[N];
  uint64_t          rng = 7;
  for (int i = 0; i < N; ++i) {
    random_quad(&rng, &quads[i], true);
    plain[i] = quads[i].quad;
  }

  const char* const formats[] = { "nquads", "ntriples" };
  for (int f = 0; f < 2; ++f) {
    const bool keep_graph = f == 0;
    StrList    expected   = { NULL, 0, 0 };
    for (int i = 0; i < N; ++i) {
      list_add(&expected, canon_quad(&plain[i], keep_graph, false, ref_blank));
    }
    list_sort(&expected);

    Diags diags;
    char* text = write_all(formats[f], plain, N, 0, &diags);
    assert(diags.errors == 0);
    StrList parsed = { NULL, 0, 0 };
    assert(
      !parse_with_raptor(formats[f], text, strlen(text), NULL, false, &parsed));
    assert(lists_equal(&expected, &parsed));

    // Every buffer size gives the same bytes.
    for (size_t size = 1; size <= 40; ++size) {
      char* small = write_all(formats[f], plain, N, size, &diags);
      assert(!strcmp(small, text));
      free(small);
    }
    free(text);
    list_free(&parsed);
    list_free(&expected);
  }
}

static void
test_ntriples_drops_graphs(void)
{
  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  OwnedTerm g;
  LdxQuad   q[3] = {
      { iri(&s, EX "s"), iri(&p, EX "p"), iri(&o, EX "o"), iri(&g, EX "g") },
      { &s.term, &p.term, &o.term, NULL },
      { &s.term, &p.term, &o.term, &g.term },
  };
  Diags diags;
  char* text = write_all("ntriples", q, 3, 0, &diags);
  assert(!strcmp(text,
                 "<" EX "s> <" EX "p> <" EX "o> .\n"
                 "<" EX "s> <" EX "p> <" EX "o> .\n"
                 "<" EX "s> <" EX "p> <" EX "o> .\n"));
  assert(diags.warnings == 1);
  assert(strstr(diags.last_warning, "2 quads in named graphs"));
  assert(strstr(diags.last_warning, "ntriples"));
  free(text);

  // No warning without named graphs.
  text = write_all("ntriples", &q[1], 1, 0, &diags);
  assert(diags.warnings == 0);
  free(text);
}

static void
test_events(void)
{
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  MemOut    mem;
  mem_init(&mem);
  LdxWriter* writer = NULL;
  assert(!ldx_writer_new(
    world, ldx_format_by_name("nquads"), mem_stream(&mem), NULL, &writer));
  LdxSink  sink = ldx_writer_sink(writer);
  LdxEvent ev;
  ev.type          = LDX_EVENT_PREFIX;
  ev.u.prefix.name = ldx_str("ex");
  ev.u.prefix.iri  = ldx_str(EX);
  assert(!sink.on_event(sink.handle, &ev));

  OwnedTerm s;
  OwnedTerm p;
  OwnedTerm o;
  LdxQuad   q = { iri(&s, EX "s"), iri(&p, EX "p"), iri(&o, EX "o"), NULL };
  assert(!ldx_sink_quad(&sink, &q));
  assert(mem.len == 0); // buffered

  // END writes the buffer and flushes the stream.
  ev.type = LDX_EVENT_END;
  assert(!sink.on_event(sink.handle, &ev));
  assert(!strcmp(mem_text(&mem), "<" EX "s> <" EX "p> <" EX "o> .\n"));
  assert(mem.n_flushes == 1);

  // Quads after an END are fine (several runs into one writer).
  assert(!ldx_sink_quad(&sink, &q));

  // Invalid quads are rejected, and are not sticky.
  owned_set(&s, LDX_TERM_LITERAL, "lit", 3, NULL, NULL);
  assert(ldx_sink_quad(&sink, &q) == LDX_BAD_ARG);
  owned_set(&s, LDX_TERM_IRI, "", 0, NULL, NULL);
  assert(ldx_sink_quad(&sink, &q) == LDX_BAD_ARG);
  iri(&s, EX "s");
  owned_set(&o, LDX_TERM_LITERAL, "x", 1, NULL, "en_GB");
  assert(ldx_sink_quad(&sink, &q) == LDX_BAD_DATATYPE);
  assert(diags.errors == 3);
  iri(&o, EX "o");
  assert(!ldx_sink_quad(&sink, &q));

  assert(!ldx_writer_finish(writer));
  assert(!ldx_writer_finish(writer)); // idempotent
  assert(ldx_sink_quad(&sink, &q) == LDX_BAD_ARG);
  assert(mem.len == 3 * strlen("<" EX "s> <" EX "p> <" EX "o> .\n"));
  ldx_writer_free(writer);
  ldx_world_free(world);
  free(mem.data);
}

// Fail the output at every byte offset, with a tiny and the default buffer.
static void
test_write_faults(void)
{
  enum { N = 30 };
  static RandomQuad quads[N];
  uint64_t          rng = 99;
  for (int i = 0; i < N; ++i) {
    random_quad(&rng, &quads[i], true);
  }
  LdxQuad plain[N];
  for (int i = 0; i < N; ++i) {
    plain[i] = quads[i].quad;
  }
  Diags        diags;
  char*        good = write_all("nquads", plain, N, 0, &diags);
  const size_t size = strlen(good);

  const size_t buffers[] = { 7, 0 };
  for (size_t b = 0; b < 2; ++b) {
    for (size_t at = 0; at < size; ++at) {
      LdxWorld* world = quiet_world(&diags);
      MemOut    mem;
      mem_init(&mem);
      mem.fail_at       = at;
      LdxWriter* writer = NULL;
      assert(!ldxi_writer_new_buffered(world,
                                       ldx_format_by_name("nquads"),
                                       mem_stream(&mem),
                                       NULL,
                                       buffers[b],
                                       &writer));
      LdxSink   sink  = ldx_writer_sink(writer);
      LdxStatus first = LDX_SUCCESS;
      for (int i = 0; i < N; ++i) {
        const LdxStatus st = ldx_sink_quad(&sink, &plain[i]);
        assert(!first || st == first); // sticky
        first = first ? first : st;
      }
      assert(first == LDX_SUCCESS || first == LDX_BAD_WRITE);
      assert(ldx_writer_finish(writer) == LDX_BAD_WRITE);
      assert(diags.errors == 1); // reported once
      assert(mem.len == at && !memcmp(mem.data, good, at));
      ldx_writer_free(writer);
      ldx_world_free(world);
      free(mem.data);
    }
  }

  // A failing flush is a write error too.
  LdxWorld* world = quiet_world(&diags);
  MemOut    mem;
  mem_init(&mem);
  mem.fail_flush    = true;
  LdxWriter* writer = NULL;
  assert(!ldx_writer_new(
    world, ldx_format_by_name("ntriples"), mem_stream(&mem), NULL, &writer));
  LdxSink sink = ldx_writer_sink(writer);
  assert(!ldx_sink_quad(&sink, &plain[0]));
  assert(ldx_writer_finish(writer) == LDX_BAD_WRITE);
  assert(diags.errors == 1 && strstr(diags.last_error, "flush"));
  ldx_writer_free(writer);
  ldx_world_free(world);
  free(mem.data);
  free(good);
}

static void
test_failing_alloc(void)
{
  const char* const names[] = { "nquads", "ntriples" };
  for (int f = 0; f < 2; ++f) {
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
        world, ldx_format_by_name(names[f]), mem_stream(&mem), NULL, &writer);
      if (st) {
        assert(st == LDX_BAD_ALLOC && !writer);
        ldx_world_free(world);
        assert(fa.n_live == 0);
        continue;
      }
      ldx_writer_free(writer);
      ldx_world_free(world);
      assert(fa.n_live == 0);
      if (fa.n_allocs <= fail) {
        break; // every allocation has failed once
      }
    }
  }
}

static void
test_free_null(void)
{
  ldx_writer_free(NULL);
}

int
main(void)
{
  test_every_ascii_byte();
  test_escapes();
  test_invalid_utf8();
  test_blank_labels();
  test_round_trip();
  test_ntriples_drops_graphs();
  test_events();
  test_write_faults();
  test_failing_alloc();
  test_free_null();
  return 0;
}
