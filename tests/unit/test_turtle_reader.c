// SPDX-License-Identifier: MIT
// Unit tests of src/rdf/turtle_reader.c: triples and their carets, error
// positions and messages, limits, allocation failures, robustness, and a
// differential test against raptor over real mapping files.
#undef NDEBUG

#include "core/buf.h"
#include "rdf/turtle_reader.h"

#include "ldexport.h"

#include <raptor2.h>

#include <assert.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define BASE "http://ex.org/dir/doc.ttl"

/*
 * Collecting triples as text
 */

typedef struct {
  LdxiBuf  out;      // one line per triple
  LdxiBuf  prefixes; // "name=iri\n" per prefix
  size_t   n_triples;
  size_t   stop_at; // > 0: return LDX_BAD_WRITE from this triple on
  LdxCaret carets[64][3];
} Collected;

static void
append_escaped(LdxiBuf* buf, LdxStr s)
{
  for (size_t i = 0; i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.buf[i];
    if (c == '\\' || c == '"') {
      assert(!ldxi_buf_putc(buf, '\\'));
      assert(!ldxi_buf_putc(buf, (char)c));
    } else if (c == '\n') {
      assert(!ldxi_buf_puts(buf, "\\n"));
    } else if (c < 0x20 || c == 0x7F) {
      assert(!ldxi_buf_printf(buf, "\\u%04X", c));
    } else {
      assert(!ldxi_buf_putc(buf, (char)c));
    }
  }
}

static bool
is_genid(LdxStr s)
{
  if (s.len < 6 || memcmp(s.buf, "genid", 5)) {
    return false;
  }
  for (size_t i = 5; i < s.len; ++i) {
    if (s.buf[i] < '0' || s.buf[i] > '9') {
      return false;
    }
  }
  return true;
}

static void
append_term(LdxiBuf* buf, const LdxiReadTerm* t)
{
  switch (t->type) {
    case LDX_TERM_IRI:
      assert(!ldxi_buf_printf(buf, "<%.*s>", (int)t->value.len, t->value.buf));
      assert(!t->generated);
      break;
    case LDX_TERM_BLANK:
      assert(!ldxi_buf_printf(buf, "_:%.*s", (int)t->value.len, t->value.buf));
      assert(t->generated == is_genid(t->value));
      break;
    case LDX_TERM_LITERAL:
      assert(!ldxi_buf_putc(buf, '"'));
      append_escaped(buf, t->value);
      assert(!ldxi_buf_putc(buf, '"'));
      assert(!t->generated);
      if (t->language.len) {
        assert(!t->datatype.len);
        assert(!ldxi_buf_printf(
          buf, "@%.*s", (int)t->language.len, t->language.buf));
      } else if (t->datatype.len) {
        assert(!ldxi_buf_printf(
          buf, "^^<%.*s>", (int)t->datatype.len, t->datatype.buf));
      }
      break;
  }
}

static LdxStatus
collect(void*               handle,
        const LdxiReadTerm* s,
        const LdxiReadTerm* p,
        const LdxiReadTerm* o)
{
  Collected* c = (Collected*)handle;
  if (c->stop_at && c->n_triples + 1 >= c->stop_at) {
    return LDX_BAD_WRITE;
  }
  if (c->n_triples < 64) {
    c->carets[c->n_triples][0] = s->caret;
    c->carets[c->n_triples][1] = p->caret;
    c->carets[c->n_triples][2] = o->caret;
  }
  ++c->n_triples;
  assert(s->type != LDX_TERM_LITERAL);
  assert(p->type == LDX_TERM_IRI);
  append_term(&c->out, s);
  assert(!ldxi_buf_putc(&c->out, ' '));
  append_term(&c->out, p);
  assert(!ldxi_buf_putc(&c->out, ' '));
  append_term(&c->out, o);
  assert(!ldxi_buf_putc(&c->out, '\n'));
  return LDX_SUCCESS;
}

static LdxStatus
collect_prefix(void* handle, LdxStr name, LdxStr iri)
{
  Collected* c = (Collected*)handle;
  return ldxi_buf_printf(&c->prefixes,
                         "%.*s=%.*s\n",
                         (int)name.len,
                         name.buf,
                         (int)iri.len,
                         iri.buf);
}

// Diagnostics are captured, not printed.
typedef struct {
  int      count;
  LdxDiag  last;
  char     message[1024];
  LdxCaret caret;
} Captured;

static void
capture(void* handle, const LdxDiag* diag)
{
  Captured* cap = (Captured*)handle;
  ++cap->count;
  cap->last  = *diag;
  cap->caret = diag->caret;
  snprintf(cap->message, sizeof(cap->message), "%s", diag->message);
}

typedef struct {
  LdxWorld* world;
  Captured  cap;
  Collected got;
  LdxStatus status;
} Run;

static void
run_init(Run* run)
{
  memset(run, 0, sizeof(*run));
  run->world = ldx_world_new(NULL);
  assert(run->world);
  ldx_world_set_diag_func(run->world, capture, &run->cap);
  ldxi_buf_init(&run->got.out, NULL, 0);
  ldxi_buf_init(&run->got.prefixes, NULL, 0);
}

static void
run_free(Run* run)
{
  ldxi_buf_free(&run->got.out);
  ldxi_buf_free(&run->got.prefixes);
  ldx_world_free(run->world);
}

static LdxStatus
run_parse(Run* run, const char* text, size_t len, const char* base)
{
  const LdxiTurtleOptions opts = {
    "test.ttl", base, collect, collect_prefix, &run->got
  };
  run->status = ldxi_turtle_read(run->world, text, len, &opts);
  return run->status;
}

// Parse `text` and compare the triples (in order) with `expected`.
static void
check_triples(const char* text, const char* expected)
{
  Run run;
  run_init(&run);
  const LdxStatus st = run_parse(&run, text, strlen(text), BASE);
  if (st || strcmp(ldxi_buf_cstr(&run.got.out), expected)) {
    fprintf(stderr,
            "--- input:\n%s\n--- status: %s (%s)\n--- got:\n%s--- "
            "expected:\n%s",
            text,
            ldx_strerror(st),
            run.cap.message,
            ldxi_buf_cstr(&run.got.out),
            expected);
    abort();
  }
  assert(run.cap.count == 0);
  run_free(&run);
}

/*
 * Triples
 */

static void
test_basics(void)
{
  check_triples("", "");
  check_triples("  # only a comment", "");
  check_triples("<s> <p> <o> .",
                "<http://ex.org/dir/s> <http://ex.org/dir/p> "
                "<http://ex.org/dir/o>\n");
  // N-Triples is a subset.
  check_triples("<http://a/s> <http://a/p> \"x\\ty\"@en-GB .\r\n"
                "_:b0 <http://a/p> \"1\"^^<" XSD "int> .\n"
                "<http://a/s> <http://a/p> _:b0 .",
                "<http://a/s> <http://a/p> \"x\\u0009y\"@en-GB\n"
                "_:b0 <http://a/p> \"1\"^^<" XSD "int>\n"
                "<http://a/s> <http://a/p> _:b0\n");
  // Directives in both styles, keywords case-insensitive in SPARQL style.
  check_triples("@prefix ex: <http://e/> .\n"
                "@base <http://b/x/> .\n"
                "ex:s ex:p <o> .\n"
                "PREFIX ex: <http://f/>\n"
                "base <../y/>\n"
                "ex:s ex:p <o> .\n"
                "pReFiX : <#>\n"
                ":s :p : .\n"
                "BASE <http://c/>"
                "<s> a <o> .",
                "<http://e/s> <http://e/p> <http://b/x/o>\n"
                "<http://f/s> <http://f/p> <http://b/y/o>\n"
                "<http://b/y/#s> <http://b/y/#p> <http://b/y/#>\n"
                "<http://c/s> <" RDF "type> <http://c/o>\n");
  // Prefix names and keywords that look alike.
  check_triples("@prefix a: <http://a/> . @prefix true: <http://t/> .\n"
                "@prefix prefix: <http://p/> . @prefix base: <http://b/> .\n"
                "a:a a a:b ; a:c true:x , true , false .\n"
                "prefix:x base:y a:z .",
                "<http://a/a> <" RDF "type> <http://a/b>\n"
                "<http://a/a> <http://a/c> <http://t/x>\n"
                "<http://a/a> <http://a/c> \"true\"^^<" XSD "boolean>\n"
                "<http://a/a> <http://a/c> \"false\"^^<" XSD "boolean>\n"
                "<http://p/x> <http://b/y> <http://a/z>\n");
  // on_prefix sees resolved IRIs.
  {
    Run run;
    run_init(&run);
    const char* doc = "@prefix ex: <rel/> . PREFIX : <http://x/#>";
    assert(!run_parse(&run, doc, strlen(doc), BASE));
    assert(!strcmp(ldxi_buf_cstr(&run.got.prefixes),
                   "ex=http://ex.org/dir/rel/\n=http://x/#\n"));
    run_free(&run);
  }
}

static void
test_names(void)
{
  // PN_LOCAL: escapes, %XX kept, ':' inside, digits first, dots inside.
  check_triples("@prefix ex: <http://e/> .\n"
                "ex:a\\-b ex:c%20d ex:e:f:g .\n"
                "ex:0a ex:a.b.c ex:x\\.\\~\\!\\$\\&\\'\\(\\)\\*\\+\\,\\;\\=\\/"
                "\\?\\#\\@\\%\\_ .\n"
                "ex: ex:_u ex:a.",
                "<http://e/a-b> <http://e/c%20d> <http://e/e:f:g>\n"
                "<http://e/0a> <http://e/a.b.c> "
                "<http://e/x.~!$&'()*+,;=/?#@%_>\n"
                "<http://e/> <http://e/_u> <http://e/a>\n");
  // Non-ASCII PN_CHARS_BASE and PN_CHARS in prefixes and locals.
  check_triples("@prefix café: <http://c/> .\n"
                "@prefix a·b: <http://ab/> .\n"
                "café:Zoë café:x\xCC\x81 a·b:日本 .\n"
                "café:𐀀 café:a\xE2\x80\xBF\xE2\x81\x80 café:x\xC2\xB7 .\n",
                "<http://c/Zoë> <http://c/x\xCC\x81> <http://ab/日本>\n"
                "<http://c/𐀀> <http://c/a\xE2\x80\xBF\xE2\x81\x80> "
                "<http://c/x\xC2\xB7>\n");
  // Blank node labels: digits first, dots inside but not at the end.
  check_triples("_:0 <p> _:a.b .\n_:a_b <p> _:x.",
                "_:0 <http://ex.org/dir/p> _:a.b\n"
                "_:a_b <http://ex.org/dir/p> _:x\n");
}

static void
test_literals(void)
{
  check_triples("<s> <p> 'a', \"b\", '''c\n'd''e''', \"\"\"f\"g\"\"h\r\n\"\"\","
                " '''''', \"\" .",
                "<http://ex.org/dir/s> <http://ex.org/dir/p> \"a\"\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/p> \"b\"\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/p> \"c\\n'd''e\"\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/p> "
                "\"f\\\"g\\\"\\\"h\\u000D\\n\"\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/p> \"\"\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/p> \"\"\n");
  // ECHAR and UCHAR.
  check_triples("<s> <p> \"\\t\\b\\n\\r\\f\\\"\\'\\\\\" , "
                "'\\u00E9\\U0001F600\\u0041' .",
                "<http://ex.org/dir/s> <http://ex.org/dir/p> "
                "\"\\u0009\\u0008\\n\\u000D\\u000C\\\"'\\\\\"\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/p> \"é😀A\"\n");
  // Language tags, datatypes (white space allowed around ^^).
  check_triples(
    "@prefix xsd: <" XSD "> .\n"
    "<s> <p> \"a\"@en, 'b'@zh-Hant-TW, \"c\" @de, "
    "\"1\"^^xsd:int, \"2\" ^^ <" XSD "long>, '3'^^<t> .",
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"a\"@en\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"b\"@zh-Hant-TW\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"c\"@de\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"1\"^^<" XSD "int>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"2\"^^<" XSD "long>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> "
    "\"3\"^^<http://ex.org/dir/t>\n");
  // Numbers keep their lexical form; a final '.' ends the statement.
  check_triples(
    "<s> <p> 1, -2, +3, 4.5, -.5, +0.0, 1e3, 1E-3, 1.e5, "
    ".2e+1, -3.4E0, 007, 1.",
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"1\"^^<" XSD "integer>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"-2\"^^<" XSD "integer>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"+3\"^^<" XSD "integer>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"4.5\"^^<" XSD "decimal>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"-.5\"^^<" XSD "decimal>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"+0.0\"^^<" XSD "decimal>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"1e3\"^^<" XSD "double>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"1E-3\"^^<" XSD "double>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"1.e5\"^^<" XSD "double>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \".2e+1\"^^<" XSD "double>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"-3.4E0\"^^<" XSD "double>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"007\"^^<" XSD "integer>\n"
    "<http://ex.org/dir/s> <http://ex.org/dir/p> \"1\"^^<" XSD "integer>\n");
}

static void
test_iris(void)
{
  // UCHAR in IRIs, relative resolution, dot segments, a leading BOM.
  check_triples("\xEF\xBB\xBF<\\u0073> <p\\U00000041> <../x/./y#f> .\n"
                "<> <?q> <#> .\n"
                "<http://a/b/../c> <//h/p> <Zoë> .",
                "<http://ex.org/dir/s> <http://ex.org/dir/pA> "
                "<http://ex.org/x/y#f>\n"
                "<http://ex.org/dir/doc.ttl> <http://ex.org/dir/doc.ttl?q> "
                "<http://ex.org/dir/doc.ttl#>\n"
                "<http://a/c> <http://h/p> <http://ex.org/dir/Zoë>\n");
  // Without a base, absolute IRIs are fine.
  {
    Run         run;
    const char* doc = "<http://a/s> <http://a/p> <http://a/o> .";
    run_init(&run);
    assert(!run_parse(&run, doc, strlen(doc), NULL));
    assert(run.got.n_triples == 1);
    run_free(&run);
  }
  // A base that is not absolute is a caller error.
  {
    Run run;
    run_init(&run);
    assert(run_parse(&run, "", 0, "relative/base") == LDX_BAD_ARG);
    run_free(&run);
  }
}

static void
test_blank_nodes(void)
{
  // Property lists, nested; anonymous nodes; the outer triple first.
  check_triples("[ <p> [ <q> <r> ] ] <s> [] .\n"
                "[] <p> <o> .\n"
                "[ <p> <o> ] .\n"
                "<a> <b> [ <c> <d> ; <e> <f> , <g> ; ] .",
                "_:genid1 <http://ex.org/dir/p> _:genid2\n"
                "_:genid2 <http://ex.org/dir/q> <http://ex.org/dir/r>\n"
                "_:genid1 <http://ex.org/dir/s> _:genid3\n"
                "_:genid4 <http://ex.org/dir/p> <http://ex.org/dir/o>\n"
                "_:genid5 <http://ex.org/dir/p> <http://ex.org/dir/o>\n"
                "<http://ex.org/dir/a> <http://ex.org/dir/b> _:genid6\n"
                "_:genid6 <http://ex.org/dir/c> <http://ex.org/dir/d>\n"
                "_:genid6 <http://ex.org/dir/e> <http://ex.org/dir/f>\n"
                "_:genid6 <http://ex.org/dir/e> <http://ex.org/dir/g>\n");
  // Labels of the document never equal generated ones.
  check_triples("_:genid1 <p> [] . _:genid <p> _:genid-genid1 . _:Genid1 <p> "
                "_:gen .",
                "_:genid-genid1 <http://ex.org/dir/p> _:genid1\n"
                "_:genid-genid <http://ex.org/dir/p> _:genid-genid-genid1\n"
                "_:Genid1 <http://ex.org/dir/p> _:gen\n");
  // Collections.
  check_triples("<s> <p> ( 1 <o> ( ) [ <q> 'x' ] ('y') ) .\n"
                "( ) <p> () .\n"
                "( _:a ) <p> <o> .",
                "<http://ex.org/dir/s> <http://ex.org/dir/p> _:genid1\n"
                "_:genid1 <" RDF "first> \"1\"^^<" XSD "integer>\n"
                "_:genid1 <" RDF "rest> _:genid2\n"
                "_:genid2 <" RDF "first> <http://ex.org/dir/o>\n"
                "_:genid2 <" RDF "rest> _:genid3\n"
                "_:genid3 <" RDF "first> <" RDF "nil>\n"
                "_:genid3 <" RDF "rest> _:genid4\n"
                "_:genid4 <" RDF "first> _:genid5\n"
                "_:genid5 <http://ex.org/dir/q> \"x\"\n"
                "_:genid4 <" RDF "rest> _:genid6\n"
                "_:genid6 <" RDF "first> _:genid7\n"
                "_:genid7 <" RDF "first> \"y\"\n"
                "_:genid7 <" RDF "rest> <" RDF "nil>\n"
                "_:genid6 <" RDF "rest> <" RDF "nil>\n"
                "<" RDF "nil> <http://ex.org/dir/p> <" RDF "nil>\n"
                "_:genid8 <" RDF "first> _:a\n"
                "_:genid8 <" RDF "rest> <" RDF "nil>\n"
                "_:genid8 <http://ex.org/dir/p> <http://ex.org/dir/o>\n");
  // Repeated ';', comments between tokens.
  check_triples("<s> <p> <o> ;; ; <q> <r> ;#c\n.#c\n<s>#c\n<p>#c\n<o>#c\n.",
                "<http://ex.org/dir/s> <http://ex.org/dir/p> "
                "<http://ex.org/dir/o>\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/q> "
                "<http://ex.org/dir/r>\n"
                "<http://ex.org/dir/s> <http://ex.org/dir/p> "
                "<http://ex.org/dir/o>\n");
}

/*
 * Carets
 */

static void
check_caret(const LdxCaret* c,
            const char*     text,
            unsigned        line,
            unsigned        column,
            const char*     token)
{
  const char* at = strstr(text, token);
  assert(at);
  if (c->line != line || c->column != column ||
      c->byte != (size_t)(at - text) || strcmp(c->file, "test.ttl")) {
    fprintf(stderr,
            "caret of '%s': %u:%u byte %zu, expected %u:%u byte %zu\n",
            token,
            c->line,
            c->column,
            c->byte,
            line,
            column,
            (size_t)(at - text));
    abort();
  }
}

static void
test_carets(void)
{
  const char* text = "\xEF\xBB\xBF@prefix ex: <http://ex.org/> .\n"
                     "ex:Zoë ex:name \"Zoë Krüger\"@de ;\n"
                     "\tex:knows [ ex:nick 'Bob' ] , ( 1 ex:x ) .\n"
                     "ex:s ex:p \"😀\" , ex:o .\r\n"
                     "ex:t ex:p \"\"\"a\n"
                     "ë\"\"\" , ex:u .\r"
                     "ex:v ex:w _:b .";
  Run         run;
  run_init(&run);
  assert(!run_parse(&run, text, strlen(text), BASE));
  assert(run.got.n_triples == 13);
  LdxCaret(*c)[3] = run.got.carets;
  // ex:Zoë ex:name "Zoë Krüger"@de
  check_caret(&c[0][0], text, 2, 1, "ex:Zoë");
  check_caret(&c[0][1], text, 2, 8, "ex:name");
  check_caret(&c[0][2], text, 2, 16, "\"Zoë");
  // ex:Zoë ex:knows [
  check_caret(&c[1][0], text, 2, 1, "ex:Zoë");
  check_caret(&c[1][1], text, 3, 2, "ex:knows");
  check_caret(&c[1][2], text, 3, 11, "[");
  // [ ex:nick 'Bob' ]
  check_caret(&c[2][0], text, 3, 11, "[");
  check_caret(&c[2][1], text, 3, 13, "ex:nick");
  check_caret(&c[2][2], text, 3, 21, "'Bob'");
  // ex:Zoë ex:knows ( ... )
  check_caret(&c[3][1], text, 3, 2, "ex:knows");
  check_caret(&c[3][2], text, 3, 31, "(");
  // (cell1 rdf:first 1), (cell1 rdf:rest cell2), (cell2 rdf:first ex:x),
  // (cell2 rdf:rest rdf:nil)
  check_caret(&c[4][0], text, 3, 31, "(");
  check_caret(&c[4][1], text, 3, 33, "1 ");
  check_caret(&c[4][2], text, 3, 33, "1 ");
  check_caret(&c[5][1], text, 3, 35, "ex:x");
  check_caret(&c[5][2], text, 3, 35, "ex:x");
  check_caret(&c[6][0], text, 3, 35, "ex:x");
  check_caret(&c[6][2], text, 3, 35, "ex:x");
  check_caret(&c[7][1], text, 3, 40, ") .");
  check_caret(&c[7][2], text, 3, 40, ") .");
  // A four-byte character is one column.
  check_caret(&c[8][0], text, 4, 1, "ex:s");
  check_caret(&c[8][2], text, 4, 11, "\"😀");
  check_caret(&c[9][2], text, 4, 17, "ex:o");
  // Lines of a long string count; CR LF and a lone CR end lines.
  check_caret(&c[10][2], text, 5, 11, "\"\"\"a");
  check_caret(&c[11][2], text, 6, 8, "ex:u");
  check_caret(&c[12][0], text, 7, 1, "ex:v");
  check_caret(&c[12][2], text, 7, 11, "_:b");
  run_free(&run);
}

/*
 * Errors
 */

typedef struct {
  const char* text;
  unsigned    line;
  unsigned    column;
  const char* message;
} BadDoc;

static const BadDoc bad_docs[] = {
  { "<s> <p> <o> ] .",
    1,
    13,
    "expected '.' or ';' after the object, found ']'" },
  { "<s> <p> \"a\\ab\" .", 1, 11, "illegal escape '\\a' in a string" },
  { "<s> <p> \"{Name\\}\" .", 1, 15, "illegal escape '\\}' in a string" },
  { "foaf:x <p> <o> .", 1, 1, "undefined prefix 'foaf:'" },
  { "@prefix ex: <http://e/> .\nex:s ex:p ex:o ;\n  ex:q .\n",
    3,
    8,
    "expected an object, found '.'" },
  { "<s> <p> \"abc", 1, 9, "unterminated string" },
  { "<s> <p> \"\"\"abc\"\" .", 1, 9, "unterminated string" },
  { "<s> <p> \"ab\ncd\" .", 1, 12, "line break in a string" },
  { "<s> <p> <a b> .", 1, 11, "' ' is not allowed in an IRI" },
  { "<s> <p> <a\n", 1, 11, "end of line is not allowed in an IRI" },
  { "<s> <p> <abc", 1, 9, "unterminated IRI: missing '>'" },
  { "@prefx ex: <http://e/> .",
    1,
    1,
    "unknown directive '@prefx' (expected @prefix or @base)" },
  { "@PREFIX ex: <http://e/> .", 1, 1, "unknown directive '@PREFIX'" },
  { "<s> <p> <o> . <s2> .",
    1,
    20,
    "expected a predicate (an IRI or 'a'), found '.'" },
  { "\"x\" <p> <o> .", 1, 1, "a literal cannot be a subject" },
  { "<s> _:b <o> .", 1, 5, "a blank node cannot be a predicate" },
  { "<s> [] <o> .", 1, 5, "a blank node cannot be a predicate" },
  { "<s> \"p\" <o> .", 1, 5, "a literal cannot be a predicate" },
  { "<s> <p> <o>",
    1,
    12,
    "expected '.' or ';' after the object, found end of input" },
  { "<s> <p> \"a\xFF\" .", 1, 11, "invalid UTF-8 byte 0xFF" },
  { "# comment \xC3(\n<s> <p> <o> .", 1, 11, "invalid UTF-8 byte 0xC3" },
  { "<s> <p> \"a\"^^ .",
    1,
    15,
    "expected a datatype IRI after '^^', found '.'" },
  { "<s> <p> \"a\"^<x> .", 1, 12, "expected '^^', found '^'" },
  { "_: <p> <o> .", 1, 3, "expected a blank node label after '_:'" },
  { "@prefix ex: <http://e/> .\n<s> <p> ex:a%zz .",
    2,
    13,
    "'%' in a prefixed name must be followed by two hex digits" },
  { "@prefix ex: <http://e/> .\n<s> <p> ex:a\\b .",
    2,
    13,
    "illegal escape '\\b' in a prefixed name" },
  { "<s> <p> <\\u00ZZ> .", 1, 10, "expected 4 hex digits after '\\u'" },
  { "<s> <p> <a\\u0020b> .",
    1,
    11,
    "escaped character U+0020 is not allowed in an IRI" },
  { "<s> <p> <a\\nb> .", 1, 11, "illegal escape '\\n' in an IRI" },
  { "<s> <p> \"\\uD800\" .",
    1,
    10,
    "escape '\\uD800' is not a Unicode scalar value" },
  { "<s> <p> ( 1 2 .",
    1,
    15,
    "expected an object or ')' in the collection, found '.'" },
  { "<s> <p> ( 1 2",
    1,
    14,
    "expected an object or ')' in the collection, found end of input" },
  { "<s> <p> [ <q> <r> .",
    1,
    19,
    "expected ']' or ';' after the object, found '.'" },
  { "PREFIX ex: <http://e/> .",
    1,
    24,
    "expected a subject (an IRI, a blank node or a collection), found '.'" },
  { "<s> <p> 'a'@ .", 1, 13, "expected a language tag after '@', found ' '" },
  { "@prefix ex <http://x/> .",
    1,
    9,
    "expected a prefix name ending in ':', found 'ex'" },
  { "@prefix ex: http://x/ .",
    1,
    13,
    "expected an IRI in angle brackets after the prefix, found 'h'" },
  { "@base <http://x/>",
    1,
    18,
    "expected '.' after the @base directive, found end of input" },
  { "<s> <p> True .",
    1,
    9,
    "expected an object, found 'True' (a prefixed name needs ':')" },
  { "<s> <p> <o> ,, <o> .", 1, 14, "expected an object, found ','" },
  { "<s> <p> <o> .\n\n   <s> <p> \"\"\"abc\n\ndef\\q\"\"\" .",
    5,
    4,
    "illegal escape '\\q' in a string" },
  { "[] .", 1, 4, "expected a predicate (an IRI or 'a'), found '.'" },
  { "<s> <p> <o> .\n{",
    2,
    1,
    "expected a subject (an IRI, a blank node or a collection), found '{'" },
  { "<s> <p> <o> .\n\x01",
    2,
    1,
    "expected a subject (an IRI, a blank node or a collection), found U+0001" },
  { "<s> <p> \"Zoë\" \"x\" .",
    1,
    15,
    "expected '.' or ';' after the object, found '\"'" },
  { "<s> <p> \"\"\"a\"\"\"\" .",
    1,
    16,
    "expected '.' or ';' after the object, found '\"'" },
  { "<s> <p> - .", 1, 9, "expected an object, found '-'" },
  { "<s> <p> 1.5e .",
    1,
    12,
    "expected '.' or ';' after the object, found 'e'" },
};

static void
test_errors(void)
{
  for (size_t i = 0; i < sizeof(bad_docs) / sizeof(*bad_docs); ++i) {
    const BadDoc* d = &bad_docs[i];
    Run           run;
    run_init(&run);
    const LdxStatus st = run_parse(&run, d->text, strlen(d->text), BASE);
    if (st != LDX_BAD_SYNTAX || run.cap.count != 1 ||
        run.cap.caret.line != d->line || run.cap.caret.column != d->column ||
        !strstr(run.cap.message, d->message) ||
        run.cap.last.level != LDX_LEVEL_ERROR ||
        run.cap.last.status != LDX_BAD_SYNTAX ||
        strcmp(run.cap.caret.file, "test.ttl")) {
      fprintf(stderr,
              "--- input:\n%s\n--- got %s, %d diagnostics, last %u:%u: %s\n"
              "--- expected %u:%u: %s\n",
              d->text,
              ldx_strerror(st),
              run.cap.count,
              run.cap.caret.line,
              run.cap.caret.column,
              run.cap.message,
              d->line,
              d->column,
              d->message);
      abort();
    }
    run_free(&run);
  }

  // A relative IRI without a base.
  {
    Run         run;
    const char* doc = "<http://a/s> <p> <o> .";
    run_init(&run);
    assert(run_parse(&run, doc, strlen(doc), NULL) == LDX_BAD_SYNTAX);
    assert(!strcmp(run.cap.message, "relative IRI <p> without a base IRI"));
    assert(run.cap.caret.column == 14);
    run_free(&run);
  }
  // Triples before the error have been reported; none after.
  {
    Run         run;
    const char* doc = "<s> <p> <o> . <s> <p> <o> ; <q> . <x> <y> <z> .";
    run_init(&run);
    assert(run_parse(&run, doc, strlen(doc), BASE) == LDX_BAD_SYNTAX);
    assert(run.got.n_triples == 2);
    run_free(&run);
  }
}

/*
 * Limits and callbacks
 */

static void
check_depth(size_t max_depth, const char* text, LdxStatus expected)
{
  Run run;
  run_init(&run);
  const LdxLimits limits = { max_depth, 0, 0 };
  ldx_world_set_limits(run.world, &limits);
  const LdxStatus st = run_parse(&run, text, strlen(text), BASE);
  if (st != expected) {
    fprintf(stderr,
            "depth %zu: %.60s: got %s (%s)\n",
            max_depth,
            text,
            ldx_strerror(st),
            run.cap.message);
    abort();
  }
  if (st == LDX_BAD_LIMIT) {
    assert(run.cap.count == 1);
    assert(strstr(run.cap.message, "nesting deeper than"));
    assert(run.cap.last.status == LDX_BAD_LIMIT);
  }
  run_free(&run);
}

static void
test_limits(void)
{
  check_depth(3, "<s> <p> [ <p> [ <p> [ <p> <o> ] ] ] .", LDX_SUCCESS);
  check_depth(3, "<s> <p> [ <p> [ <p> [ <p> [] ] ] ] .", LDX_BAD_LIMIT);
  check_depth(3, "<s> <p> ( ( ( 1 ) ) ) .", LDX_SUCCESS);
  check_depth(3, "<s> <p> ( ( ( ( ) ) ) ) .", LDX_BAD_LIMIT);
  check_depth(3, "[ <p> ( [ <q> <r> ] ) ] <p> <o> .", LDX_SUCCESS);
  check_depth(3, "( [ <p> ( [] ) ] ) <p> <o> .", LDX_BAD_LIMIT);
  check_depth(
    1, "[ <p> <o> ] . [] <p> () . <s> <p> [], (1), [] .", LDX_SUCCESS);

  // Very deep input with a very large limit: stopped, not a stack overflow.
  const size_t n    = 100000;
  char*        deep = (char*)malloc(5 * n + 16);
  assert(deep);
  memcpy(deep, "<s> <p> ", 8);
  for (size_t i = 0; i < n; ++i) {
    deep[8 + i] = '(';
  }
  deep[8 + n] = '\0';
  check_depth(SIZE_MAX, deep, LDX_BAD_LIMIT);
  check_depth(0, deep, LDX_BAD_LIMIT);
  for (size_t i = 0; i < n; ++i) {
    memcpy(deep + 8 + 5 * i, (i & 1) ? "[<p> " : "( ( (", 5);
  }
  deep[8 + 5 * n] = '\0';
  check_depth(SIZE_MAX, deep, LDX_BAD_LIMIT);
  free(deep);
}

static void
test_callbacks(void)
{
  // A callback's status stops the parse and is returned as it is.
  Run         run;
  const char* doc = "<s> <p> 1, 2, 3, 4 .";
  run_init(&run);
  run.got.stop_at = 3;
  assert(run_parse(&run, doc, strlen(doc), BASE) == LDX_BAD_WRITE);
  assert(run.got.n_triples == 2);
  assert(run.cap.count == 0);
  run_free(&run);

  // Bad arguments.
  LdxiTurtleOptions opts = { "x", BASE, NULL, NULL, NULL };
  assert(ldxi_turtle_read(NULL, "", 0, &opts) == LDX_BAD_ARG);
  assert(ldxi_turtle_read(NULL, "", 0, NULL) == LDX_BAD_ARG);
  opts.on_triple = collect;
  assert(ldxi_turtle_read(NULL, NULL, 1, &opts) == LDX_BAD_ARG);
  assert(ldxi_turtle_read(NULL, NULL, 0, &opts) == LDX_SUCCESS);
}

/*
 * Allocation failures
 */

typedef struct {
  size_t count;
  size_t fail_at; // 0: never
  long   live;
} FailingAlloc;

static void*
fa_malloc(void* handle, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (++fa->count == fa->fail_at) {
    return NULL;
  }
  void* p = malloc(size);
  fa->live += p != NULL;
  return p;
}

static void*
fa_calloc(void* handle, size_t nmemb, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (++fa->count == fa->fail_at) {
    return NULL;
  }
  void* p = calloc(nmemb, size);
  fa->live += p != NULL;
  return p;
}

static void*
fa_realloc(void* handle, void* ptr, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (++fa->count == fa->fail_at) {
    return NULL;
  }
  void* p = realloc(ptr, size);
  fa->live += p && !ptr;
  return p;
}

static void
fa_free(void* handle, void* ptr)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  fa->live -= ptr != NULL;
  free(ptr);
}

static LdxStatus
count_triple(void*               handle,
             const LdxiReadTerm* s,
             const LdxiReadTerm* p,
             const LdxiReadTerm* o)
{
  (void)s, (void)p, (void)o;
  ++*(size_t*)handle;
  return LDX_SUCCESS;
}

static void
test_failing_alloc(void)
{
  // Long enough terms that every buffer grows more than once.
  static const char doc[] =
    "@prefix ex: <http://example.org/a/rather/long/namespace/for/growth#> .\n"
    "@prefix ex2: <relative/namespace/> .\n"
    "@base <http://example.org/another/base/that/is/long/enough/> .\n"
    "PREFIX ex: <http://example.org/redefined/namespace/that/is/long#>\n"
    "ex:subject ex:predicate \"a literal that is longer than sixty-four "
    "bytes, so that the stack grows\"@en-GB ;\n"
    "  ex2:p [ ex:q ( 1 2.5 'x'^^ex:type [ ex:r <relative/iri/../x> ] ) ] ,\n"
    "  _:label , <../up/and/down/./again/and/again/and/again/and/again> .\n";
  FailingAlloc       fa    = { 0, 0, 0 };
  const LdxAllocator alloc = { fa_malloc, fa_calloc, fa_realloc, fa_free, &fa };
  LdxWorld*          world = ldx_world_new(&alloc);
  assert(world);
  Captured cap;
  memset(&cap, 0, sizeof(cap));
  ldx_world_set_diag_func(world, capture, &cap);
  const long base_live = fa.live;

  fa.count                          = 0;
  size_t                  n_triples = 0;
  const LdxiTurtleOptions opts      = {
         "m.ttl", BASE, count_triple, NULL, &n_triples
  };
  assert(!ldxi_turtle_read(world, doc, sizeof(doc) - 1, &opts));
  const size_t expected_triples = n_triples;
  assert(expected_triples == 14);
  size_t n_allocs = fa.count;
  assert(n_allocs > 8);
  assert(fa.live == base_live);

  for (size_t i = 1; i <= n_allocs; ++i) {
    fa.count           = 0;
    fa.fail_at         = i;
    n_triples          = 0;
    const LdxStatus st = ldxi_turtle_read(world, doc, sizeof(doc) - 1, &opts);
    if (st != LDX_BAD_ALLOC) {
      fprintf(stderr,
              "failing allocation %zu of %zu: %s\n",
              i,
              n_allocs,
              ldx_strerror(st));
      abort();
    }
    assert(fa.live == base_live);
    assert(n_triples < expected_triples);
  }
  assert(cap.count == 0);
  fa.fail_at = 0;
  ldx_world_free(world);
  assert(fa.live == 0);
}

/*
 * Robustness: truncations and mutations of a document never crash, hang
 * or report anything but success or one syntax error.
 */

static const char sample[] =
  "\xEF\xBB\xBF@prefix ex: <http://e/> . PREFIX : <#> BASE <http://b/>\n"
  "ex:a\\-b a ex:C ; ex:p \"s\\n\\u00e9\"@en-GB , '''l\n'''^^ex:t , 1 , -2.5 "
  ", 3e4 , true ;\n"
  "  :q [ ex:r ( 1 [ ] ( ) _:x ) ] , <rel#f> . # comment é\n"
  "[ ex:p \"\"\"Zoë\"\"\" ] . _:genid1 ex:p ex:o%20 .\n";

static LdxStatus
ignore_triple(void*               handle,
              const LdxiReadTerm* s,
              const LdxiReadTerm* p,
              const LdxiReadTerm* o)
{
  (void)handle;
  assert(s->value.buf && p->value.buf && o->value.buf);
  assert(s->caret.line >= 1 && s->caret.column >= 1);
  return LDX_SUCCESS;
}

static void
check_robust(LdxWorld* world, Captured* cap, const char* text, size_t len)
{
  const LdxiTurtleOptions opts = { "f.ttl", BASE, ignore_triple, NULL, NULL };
  cap->count                   = 0;
  const LdxStatus st           = ldxi_turtle_read(world, text, len, &opts);
  if ((st != LDX_SUCCESS && st != LDX_BAD_SYNTAX) ||
      cap->count != (st ? 1 : 0)) {
    fprintf(stderr,
            "--- input:\n%.*s\n--- %s, %d diagnostics: %s\n",
            (int)len,
            text,
            ldx_strerror(st),
            cap->count,
            cap->message);
    abort();
  }
  if (st) {
    assert(cap->caret.line >= 1 && cap->caret.column >= 1);
    assert(cap->caret.byte <= len);
  }
}

static void
test_robustness(void)
{
  LdxWorld*       world  = ldx_world_new(NULL);
  const LdxLimits limits = { 0, 0, SIZE_MAX }; // every diagnostic delivered
  Captured        cap;
  memset(&cap, 0, sizeof(cap));
  ldx_world_set_limits(world, &limits);
  ldx_world_set_diag_func(world, capture, &cap);
  const size_t len = sizeof(sample) - 1;
  check_robust(world, &cap, sample, len);
  assert(cap.count == 0);

  // Every truncation, in a buffer of exactly that size (for ASan).
  for (size_t n = 0; n <= len; ++n) {
    char* copy = (char*)malloc(n ? n : 1);
    assert(copy);
    memcpy(copy, sample, n);
    check_robust(world, &cap, copy, n);
    free(copy);
  }

  // Random byte changes, with a fixed seed.
  static const char interesting[] =
    "<>\"'\\.;,[]()@^:_#%-+e0aA \n\r\t\x80\xC3\xFF";
  uint64_t seed = 0x9E3779B97F4A7C15u;
  char*    copy = (char*)malloc(len);
  assert(copy);
  for (int round = 0; round < 20000; ++round) {
    memcpy(copy, sample, len);
    const int changes = 1 + round % 3;
    for (int c = 0; c < changes; ++c) {
      seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
      const size_t pos = (size_t)(seed % len);
      copy[pos]        = interesting[(seed >> 32) % (sizeof(interesting) - 1)];
    }
    check_robust(world, &cap, copy, len);
  }
  free(copy);
  ldx_world_free(world);
}

/*
 * Differential test against raptor
 */

typedef struct {
  char** lines; // "S P O" with blank nodes as _:label
  size_t n;
  size_t cap;
  char** blanks; // distinct labels, each once (for canonicalisation)
  size_t n_blanks;
  size_t cap_blanks;
} Graph;

static void
graph_free(Graph* g)
{
  for (size_t i = 0; i < g->n; ++i) {
    free(g->lines[i]);
  }
  for (size_t i = 0; i < g->n_blanks; ++i) {
    free(g->blanks[i]);
  }
  free(g->lines);
  free(g->blanks);
  memset(g, 0, sizeof(*g));
}

static void
push_str(char*** array, size_t* n, size_t* cap, char* s)
{
  if (*n == *cap) {
    *cap   = *cap ? *cap * 2 : 64;
    *array = (char**)realloc(*array, *cap * sizeof(char*));
    assert(*array);
  }
  (*array)[(*n)++] = s;
}

// One term as text.  Blank nodes are "_:" + a prefix that tells the two
// parsers apart is not needed: canonicalisation renames them all.
static void
term_text(LdxiBuf* buf, int type, LdxStr value, LdxStr dt, LdxStr lang)
{
  if (type == LDX_TERM_IRI) {
    assert(!ldxi_buf_printf(buf, "<%.*s>", (int)value.len, value.buf));
  } else if (type == LDX_TERM_BLANK) {
    assert(!ldxi_buf_printf(buf, "_:%.*s", (int)value.len, value.buf));
  } else {
    assert(!ldxi_buf_putc(buf, '"'));
    append_escaped(buf, value);
    assert(!ldxi_buf_putc(buf, '"'));
    if (lang.len) {
      assert(!ldxi_buf_printf(buf, "@%.*s", (int)lang.len, lang.buf));
    } else if (dt.len && !(dt.len == strlen(XSD "string") &&
                           !memcmp(dt.buf, XSD "string", dt.len))) {
      assert(!ldxi_buf_printf(buf, "^^<%.*s>", (int)dt.len, dt.buf));
    }
  }
}

static void
add_line(Graph* g, LdxiBuf* terms)
{
  char* line = (char*)malloc(terms->len + 1);
  assert(line);
  memcpy(line, ldxi_buf_cstr(terms), terms->len + 1);
  push_str(&g->lines, &g->n, &g->cap, line);
}

static LdxStatus
ours_triple(void*               handle,
            const LdxiReadTerm* s,
            const LdxiReadTerm* p,
            const LdxiReadTerm* o)
{
  Graph*  g = (Graph*)handle;
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 0);
  const LdxiReadTerm* t[3] = { s, p, o };
  for (int i = 0; i < 3; ++i) {
    if (i) {
      assert(!ldxi_buf_putc(&buf, '\t'));
    }
    term_text(&buf, t[i]->type, t[i]->value, t[i]->datatype, t[i]->language);
  }
  add_line(g, &buf);
  ldxi_buf_free(&buf);
  return LDX_SUCCESS;
}

static void
raptor_term_text(LdxiBuf* buf, const raptor_term* t)
{
  LdxStr none = { "", 0 };
  switch (t->type) {
    case RAPTOR_TERM_TYPE_URI: {
      size_t               len = 0;
      const unsigned char* s = raptor_uri_as_counted_string(t->value.uri, &len);
      term_text(buf, LDX_TERM_IRI, (LdxStr){ (const char*)s, len }, none, none);
      break;
    }
    case RAPTOR_TERM_TYPE_BLANK:
      term_text(buf,
                LDX_TERM_BLANK,
                (LdxStr){ (const char*)t->value.blank.string,
                          t->value.blank.string_len },
                none,
                none);
      break;
    case RAPTOR_TERM_TYPE_LITERAL: {
      LdxStr dt = none;
      if (t->value.literal.datatype) {
        size_t               len = 0;
        const unsigned char* s =
          raptor_uri_as_counted_string(t->value.literal.datatype, &len);
        dt = (LdxStr){ (const char*)s, len };
      }
      LdxStr lang = none;
      if (t->value.literal.language) {
        lang = (LdxStr){ (const char*)t->value.literal.language,
                         t->value.literal.language_len };
      }
      term_text(buf,
                LDX_TERM_LITERAL,
                (LdxStr){ (const char*)t->value.literal.string,
                          t->value.literal.string_len },
                dt,
                lang);
      break;
    }
    default:
      assert(0 && "unexpected raptor term");
  }
}

static void
raptor_triple(void* handle, raptor_statement* st)
{
  Graph*  g = (Graph*)handle;
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 0);
  raptor_term_text(&buf, st->subject);
  assert(!ldxi_buf_putc(&buf, '\t'));
  raptor_term_text(&buf, st->predicate);
  assert(!ldxi_buf_putc(&buf, '\t'));
  raptor_term_text(&buf, st->object);
  add_line(g, &buf);
  ldxi_buf_free(&buf);
}

typedef struct {
  int  errors;
  char first[512];
} RaptorLog;

static void
raptor_log(void* handle, raptor_log_message* message)
{
  RaptorLog* log = (RaptorLog*)handle;
  if (message->level >= RAPTOR_LOG_LEVEL_ERROR) {
    if (!log->errors++) {
      snprintf(log->first,
               sizeof(log->first),
               "line %d: %s",
               message->locator ? message->locator->line : -1,
               message->text ? message->text : "");
    }
  }
}

static uint64_t
hash_bytes(uint64_t h, const char* s, size_t n)
{
  for (size_t i = 0; i < n; ++i) { // FNV-1a
    h ^= (unsigned char)s[i];
    h *= 0x100000001B3u;
  }
  return h;
}

static uint64_t
mix(uint64_t x)
{
  x ^= x >> 30, x *= 0xBF58476D1CE4E5B9u;
  x ^= x >> 27, x *= 0x94D049BB133111EBu;
  return x ^ (x >> 31);
}

// The three fields of a line: [start, end) offsets, tab-separated.
static void
fields(const char* line, const char* f[3], size_t n[3])
{
  const char* p = line;
  for (int i = 0; i < 3; ++i) {
    const char* tab = i < 2 ? strchr(p, '\t') : p + strlen(p);
    assert(tab);
    f[i] = p;
    n[i] = (size_t)(tab - p);
    p    = tab + 1;
  }
}

static int
cmp_str(const void* a, const void* b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void
sort_strings(char** strings, size_t n)
{
  if (n) { // qsort wants a valid pointer even for nothing
    qsort(strings, n, sizeof(char*), cmp_str);
  }
}

static bool
is_blank_field(const char* f, size_t n)
{
  return n >= 2 && f[0] == '_' && f[1] == ':';
}

// Compare a NUL-terminated string with the n bytes at f.
static int
cmp_field(const char* s, const char* f, size_t n)
{
  const int c = strncmp(s, f, n);
  return c ? c : (s[n] ? 1 : 0);
}

static long
blank_index(const Graph* g, const char* f, size_t n)
{
  size_t lo = 0;
  size_t hi = g->n_blanks;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int    c   = cmp_field(g->blanks[mid], f, n);
    if (c == 0) {
      return (long)mid;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

static int
cmp_u64(const void* a, const void* b)
{
  const uint64_t x = *(const uint64_t*)a;
  const uint64_t y = *(const uint64_t*)b;
  return x < y ? -1 : x > y;
}

static size_t
count_classes(const uint64_t* colour, uint64_t* tmp, size_t n)
{
  memcpy(tmp, colour, n * sizeof(uint64_t));
  qsort(tmp, n, sizeof(uint64_t), cmp_u64); // n > 0 here
  size_t classes = 0;
  for (size_t i = 0; i < n; ++i) {
    classes += !i || tmp[i] != tmp[i - 1];
  }
  return classes;
}

// Replace blank node labels by a hash of their surroundings, then sort and
// drop duplicates.  The hash is colour refinement: each round, a node's
// colour sums a hash of every triple it is in, where other blank nodes
// appear as their colours of the round before; rounds go on until the
// partition of nodes stops getting finer.  Graphs equal up to renaming get
// equal lines; unequal graphs could only collide if refinement cannot tell
// their blank nodes apart (regular structures mapping files do not have).
static void
canonicalise(Graph* g)
{
  for (size_t i = 0; i < g->n; ++i) {
    const char* f[3];
    size_t      n[3];
    fields(g->lines[i], f, n);
    for (int k = 0; k < 3; ++k) {
      if (is_blank_field(f[k], n[k])) {
        char* label = (char*)malloc(n[k] + 1);
        assert(label);
        memcpy(label, f[k], n[k]);
        label[n[k]] = '\0';
        push_str(&g->blanks, &g->n_blanks, &g->cap_blanks, label);
      }
    }
  }
  sort_strings(g->blanks, g->n_blanks);
  size_t nb = 0;
  for (size_t i = 0; i < g->n_blanks; ++i) {
    if (nb && !strcmp(g->blanks[nb - 1], g->blanks[i])) {
      free(g->blanks[i]);
    } else {
      g->blanks[nb++] = g->blanks[i];
    }
  }
  g->n_blanks = nb;

  uint64_t* colour = (uint64_t*)calloc(nb + 1, sizeof(uint64_t));
  uint64_t* next   = (uint64_t*)calloc(nb + 1, sizeof(uint64_t));
  long*     index  = (long*)calloc(3 * g->n + 1, sizeof(long));
  assert(colour && next && index);
  for (size_t i = 0; i < g->n; ++i) {
    const char* f[3];
    size_t      n[3];
    fields(g->lines[i], f, n);
    for (int k = 0; k < 3; ++k) {
      index[3 * i + (size_t)k] =
        is_blank_field(f[k], n[k]) ? blank_index(g, f[k], n[k]) : -1;
    }
  }
  size_t classes = nb ? 1 : 0;
  for (int round = 0; round < 1000 && nb; ++round) {
    for (size_t b = 0; b < nb; ++b) {
      next[b] = mix(colour[b] + 1);
    }
    for (size_t i = 0; i < g->n; ++i) {
      const char* f[3];
      size_t      n[3];
      const long* idx = index + 3 * i;
      fields(g->lines[i], f, n);
      for (int self = 0; self < 3; ++self) {
        if (idx[self] < 0) {
          continue;
        }
        uint64_t h = 0xCBF29CE484222325u + (uint64_t)self;
        for (int k = 0; k < 3; ++k) {
          if (idx[k] == idx[self]) {
            h = hash_bytes(h, "\1self", 5);
          } else if (idx[k] >= 0) {
            h = mix(h ^ colour[idx[k]]);
          } else {
            h = hash_bytes(h, f[k], n[k]);
          }
          h = hash_bytes(h, "\t", 1);
        }
        next[idx[self]] += mix(h);
      }
    }
    memcpy(colour, next, nb * sizeof(uint64_t));
    const size_t now = count_classes(colour, next, nb);
    if (round > 0 && now == classes) {
      break;
    }
    classes = now;
  }

  // Rewrite, sort, deduplicate.
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 0);
  for (size_t i = 0; i < g->n; ++i) {
    const char* f[3];
    size_t      n[3];
    fields(g->lines[i], f, n);
    ldxi_buf_clear(&buf);
    for (int k = 0; k < 3; ++k) {
      const long b = index[3 * i + (size_t)k];
      if (k) {
        assert(!ldxi_buf_putc(&buf, '\t'));
      }
      if (b >= 0) {
        assert(
          !ldxi_buf_printf(&buf, "_:%016llx", (unsigned long long)colour[b]));
      } else {
        assert(!ldxi_buf_append(&buf, f[k], n[k]));
      }
    }
    free(g->lines[i]);
    g->lines[i] = (char*)malloc(buf.len + 1);
    assert(g->lines[i]);
    memcpy(g->lines[i], ldxi_buf_cstr(&buf), buf.len + 1);
  }
  ldxi_buf_free(&buf);
  sort_strings(g->lines, g->n);
  size_t nl = 0;
  for (size_t i = 0; i < g->n; ++i) {
    if (nl && !strcmp(g->lines[nl - 1], g->lines[i])) {
      free(g->lines[i]);
    } else {
      g->lines[nl++] = g->lines[i];
    }
  }
  g->n = nl;
  free(next);
  free(colour);
  free(index);
}

static bool
graphs_equal(const Graph* a, const Graph* b, const char* path)
{
  size_t i     = 0;
  size_t j     = 0;
  int    shown = 0;
  while ((i < a->n || j < b->n) && shown < 8) {
    const int c = i == a->n   ? 1
                  : j == b->n ? -1
                              : strcmp(a->lines[i], b->lines[j]);
    if (c == 0) {
      ++i, ++j;
      continue;
    }
    if (!shown++) {
      fprintf(stderr,
              "%s: the parsers disagree (%zu vs %zu triples):\n",
              path,
              a->n,
              b->n);
    }
    if (c < 0) {
      fprintf(stderr, "  only ours:   %s\n", a->lines[i++]);
    } else {
      fprintf(stderr, "  only raptor: %s\n", b->lines[j++]);
    }
  }
  return !shown;
}

static char*
read_file(const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap  = 1 << 16;
  char*  text = (char*)malloc(cap);
  size_t n    = 0;
  size_t got  = 0;
  assert(text);
  while ((got = fread(text + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      text = (char*)realloc(text, cap);
      assert(text);
    }
  }
  fclose(f);
  *len = n;
  return text;
}

typedef struct {
  size_t files;
  size_t agreed;
  size_t rejected_by_both;
  size_t triples;
} DiffStats;

// Parse one file with both parsers; true if they agree.
static bool
diff_file(raptor_world* rw,
          LdxWorld*     world,
          Captured*     cap,
          const char*   path,
          DiffStats*    stats)
{
  size_t len  = 0;
  char*  text = read_file(path, &len);
  assert(text);
  char* real = realpath(path, NULL);
  assert(real);
  LdxiBuf base;
  ldxi_buf_init(&base, NULL, 0);
  assert(!ldxi_buf_printf(&base, "file://%s", real));
  free(real);

  Graph ours;
  Graph theirs;
  memset(&ours, 0, sizeof(ours));
  memset(&theirs, 0, sizeof(theirs));
  cap->count                   = 0;
  const LdxiTurtleOptions opts = {
    path, ldxi_buf_cstr(&base), ours_triple, NULL, &ours
  };
  const LdxStatus st = ldxi_turtle_read(world, text, len, &opts);
  const bool      ok = st == LDX_SUCCESS;
  assert(cap->count == (ok ? 0 : 1));

  RaptorLog log;
  memset(&log, 0, sizeof(log));
  raptor_world_set_log_handler(rw, &log, raptor_log);
  raptor_parser* parser = raptor_new_parser(rw, "turtle");
  assert(parser);
  raptor_parser_set_statement_handler(parser, &theirs, raptor_triple);
  raptor_uri* base_uri =
    raptor_new_uri(rw, (const unsigned char*)ldxi_buf_cstr(&base));
  assert(base_uri);
  int rc = raptor_parser_parse_start(parser, base_uri);
  if (!rc) {
    rc = raptor_parser_parse_chunk(parser, (const unsigned char*)text, len, 1);
  }
  const bool raptor_ok = !rc && !log.errors;
  raptor_free_uri(base_uri);
  raptor_free_parser(parser);

  bool agree = ok == raptor_ok;
  ++stats->files;
  if (!agree) {
    fprintf(stderr,
            "%s: ours %s (%s), raptor %s (%s)\n",
            path,
            ok ? "accepts" : "rejects",
            ok ? "" : cap->message,
            raptor_ok ? "accepts" : "rejects",
            log.first);
  } else if (!ok) {
    ++stats->rejected_by_both;
    fprintf(stderr,
            "both reject %s:%u:%u: %s\n",
            path,
            cap->caret.line,
            cap->caret.column,
            cap->message);
  } else {
    canonicalise(&ours);
    canonicalise(&theirs);
    agree = graphs_equal(&ours, &theirs, path);
    stats->triples += ours.n;
  }
  stats->agreed += agree;
  graph_free(&ours);
  graph_free(&theirs);
  ldxi_buf_free(&base);
  free(text);
  return agree;
}

static void
find_ttl(const char* dir, char*** files, size_t* n, size_t* cap)
{
  DIR* d = opendir(dir);
  if (!d) {
    return;
  }
  const struct dirent* e = NULL;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') {
      continue;
    }
    LdxiBuf path;
    ldxi_buf_init(&path, NULL, 0);
    assert(!ldxi_buf_printf(&path, "%s/%s", dir, e->d_name));
    struct stat sb;
    if (!stat(ldxi_buf_cstr(&path), &sb)) {
      const size_t len = strlen(e->d_name);
      if (S_ISDIR(sb.st_mode)) {
        find_ttl(ldxi_buf_cstr(&path), files, n, cap);
      } else if (S_ISREG(sb.st_mode) && len > 4 &&
                 !strcmp(e->d_name + len - 4, ".ttl")) {
        char* copy = (char*)malloc(path.len + 1);
        assert(copy);
        memcpy(copy, ldxi_buf_cstr(&path), path.len + 1);
        push_str(files, n, cap, copy);
      }
    }
    ldxi_buf_free(&path);
  }
  closedir(d);
}

static bool
file_exists(const char* path)
{
  struct stat sb;
  return !stat(path, &sb) && S_ISREG(sb.st_mode);
}

// Returns 0 if the parsers agree on everything, 1 if not, 77 if there was
// nothing to compare.
static int
test_differential(void)
{
  const char* conf = getenv("LDX_CONFORMANCE_DIR");
  if (!conf || !*conf) {
    conf = "/work/shared/conformance";
  }
  char** files = NULL;
  size_t n     = 0;
  size_t cap   = 0;
  find_ttl(conf, &files, &n, &cap);
  sort_strings(files, n);
  if (!n) {
    fprintf(stderr, "note: no *.ttl files under %s\n", conf);
  }

  LdxiBuf schema;
  ldxi_buf_init(&schema, NULL, 0);
  const char* top = getenv("LDX_TOP_SRCDIR");
  assert(!ldxi_buf_printf(
    &schema,
    "%s/../shared/vocab/schemaorg-30.0/schemaorg-current-https.ttl",
    top && *top ? top : "."));
  const bool have_schema = file_exists(ldxi_buf_cstr(&schema));
  if (!have_schema) {
    fprintf(stderr, "note: %s is absent\n", ldxi_buf_cstr(&schema));
  }
  if (!n && !have_schema) {
    free(files);
    ldxi_buf_free(&schema);
    return 77;
  }

  raptor_world* rw = raptor_new_world();
  assert(rw && !raptor_world_open(rw));
  LdxWorld*       world  = ldx_world_new(NULL);
  const LdxLimits limits = { 0, 0, SIZE_MAX };
  Captured        capd;
  memset(&capd, 0, sizeof(capd));
  ldx_world_set_limits(world, &limits);
  ldx_world_set_diag_func(world, capture, &capd);

  DiffStats stats = { 0, 0, 0, 0 };
  bool      all   = true;
  for (size_t i = 0; i < n; ++i) {
    all = diff_file(rw, world, &capd, files[i], &stats) && all;
    free(files[i]);
  }
  free(files);
  const size_t corpus_files  = stats.files;
  const size_t corpus_agreed = stats.agreed;
  if (have_schema) {
    all = diff_file(rw, world, &capd, ldxi_buf_cstr(&schema), &stats) && all;
  }
  fprintf(stderr,
          "differential: %zu of %zu corpus files agree (%zu rejected by "
          "both); schema.org %s; %zu triples compared\n",
          corpus_agreed,
          corpus_files,
          stats.rejected_by_both,
          !have_schema                   ? "skipped"
          : stats.agreed > corpus_agreed ? "agrees"
                                         : "DISAGREES",
          stats.triples);
  ldx_world_free(world);
  raptor_free_world(rw);
  ldxi_buf_free(&schema);
  return all ? 0 : 1;
}

int
main(void)
{
  test_basics();
  test_names();
  test_literals();
  test_iris();
  test_blank_nodes();
  test_carets();
  test_errors();
  test_limits();
  test_callbacks();
  test_failing_alloc();
  test_robustness();
  return test_differential();
}
