// SPDX-License-Identifier: MIT
// Unit tests of the XML logical source (src/source/xml_source.c): XPath
// iterators and references of every kind, namespaces from the mapping,
// streamed and whole-document iterations giving the same, errors with
// their positions, safe parsing (billion laughs, quadratic blowup, external
// entities, nesting), compressed and UTF-16 files, bounded memory when
// streaming, and every allocation failure.
#undef NDEBUG

#include "core/arena.h"
#include "core/buf.h"
#include "mapping/plan.h"
#include "source/source.h"
#include "source/xml_source.h"

#include "failing_alloc.h"
#include "ldexport.h"

#include <libxml/tree.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define S ldxi_xml_source

// The last diagnostic.
typedef struct {
  LdxStatus status;
  char      file[64];
  unsigned  line;
  unsigned  column;
  char      message[512];
  char      rule[128];
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
  snprintf(d->message, sizeof(d->message), "%s", diag->message);
  snprintf(d->rule, sizeof(d->rule), "%s", diag->rule ? diag->rule : "");
  ++d->count;
}

static char path[64];

static void
write_bytes(const char* text, size_t len)
{
  FILE* f = fopen(path, "wb");
  assert(f);
  assert(fwrite(text, 1, len, f) == len);
  fclose(f);
}

static void
write_data(const char* text)
{
  write_bytes(text, strlen(text));
}

static void*
compile(LdxWorld* world, const char* text, int iterator)
{
  void*         compiled = NULL;
  LdxiExprError err;
  LdxStatus     st =
    S.compile(world, text, strlen(text), iterator, &compiled, &err);
  if (st) {
    fprintf(stderr, "'%s': %s at %zu\n", text, err.message, err.offset);
  }
  assert(!st);
  return compiled;
}

typedef struct {
  LdxiSourceHandle* source;
  void*             refs[16];
  size_t            n_refs;
  LdxiArena         arena;
  LdxiValues        values;
  LdxiBuf           out; // per record: "[description]v|v|;v|;\n"
  bool              describe;
  size_t            max_children; // of a record's parent, seen so far
} Run;

static LdxStatus
on_record(void* handle, const LdxiRecord* record)
{
  Run* run = (Run*)handle;
  if (run->describe) {
    ldxi_buf_putc(&run->out, '[');
    S.describe(record, &run->out);
    ldxi_buf_putc(&run->out, ']');
  }
  const xmlNode* node = (const xmlNode*)record->data;
  if (node->type == XML_ELEMENT_NODE && node->parent) {
    size_t n = 0;
    for (const xmlNode* c = node->parent->children; c && n < 64; c = c->next) {
      ++n;
    }
    if (n > run->max_children) {
      run->max_children = n;
    }
  }
  for (size_t r = 0; r < run->n_refs; ++r) {
    LdxiBuf err;
    ldxi_buf_init(&err, NULL, 0);
    run->values.n = 0;
    LdxStatus st  = S.eval(
      run->source, record, run->refs[r], &run->values, &run->arena, &err);
    if (st) {
      if (st != LDX_BAD_DATA && st != LDX_BAD_REFERENCE) {
        ldxi_buf_free(&err);
        return st;
      }
      ldxi_buf_printf(
        &run->out, "!%s: %s;", ldx_strerror(st), ldxi_buf_cstr(&err));
      ldxi_buf_free(&err);
      continue;
    }
    ldxi_buf_free(&err);
    for (size_t i = 0; i < run->values.n; ++i) {
      const LdxiValue* v = &run->values.items[i];
      assert(v->natural == LDXI_NAT_STRING);
      ldxi_buf_printf(&run->out, "%.*s|", (int)v->len, v->str);
    }
    ldxi_buf_putc(&run->out, ';');
  }
  ldxi_buf_putc(&run->out, '\n');
  ldxi_arena_reset(&run->arena);
  return LDX_SUCCESS;
}

// Iterate once, streamed or not; the listing is left in run->out.
static LdxStatus
iterate_mode(LdxWorld*          world,
             Run*               run,
             const char*        iterator,
             const char* const* refs,
             bool               stream)
{
  void* iter  = iterator ? compile(world, iterator, 1) : NULL;
  run->n_refs = 0;
  for (; refs[run->n_refs]; ++run->n_refs) {
    run->refs[run->n_refs] = compile(world, refs[run->n_refs], 0);
  }
  ldxi_buf_clear(&run->out);
  run->max_children = 0;
  ldxi_xml_source_set_streaming(run->source, stream);
  LdxStatus st = S.iterate(run->source, iter, on_record, run);
  for (size_t r = 0; r < run->n_refs; ++r) {
    S.free_compiled(run->refs[r]);
  }
  S.free_compiled(iter);
  return st;
}

static LastDiag diag;

// Iterate both ways; both must give the same status, listing and last
// diagnostic.  Returns the status; the listing stays in run->out.
static LdxStatus
iterate(LdxWorld*          world,
        Run*               run,
        const char*        iterator,
        const char* const* refs)
{
  diag.count           = 0;
  const LdxStatus a    = iterate_mode(world, run, iterator, refs, false);
  char* const     want = strdup(ldxi_buf_cstr(&run->out));
  const LastDiag  da   = diag;
  diag.count           = 0;
  const LdxStatus b    = iterate_mode(world, run, iterator, refs, true);
  assert(want);
  if (a != b || (!a && strcmp(want, ldxi_buf_cstr(&run->out))) ||
      da.count != diag.count || (a && strcmp(da.message, diag.message)) ||
      da.line != diag.line || da.column != diag.column) {
    fprintf(stderr,
            "iterator %s\ndocument (%s): %s\n%s\nstream (%s): %s\n%s\n",
            iterator ? iterator : "(none)",
            ldx_strerror(a),
            da.message,
            want,
            ldx_strerror(b),
            diag.message,
            ldxi_buf_cstr(&run->out));
    assert(false);
  }
  free(want);
  return a;
}

static void
expect_out(const Run* run, const char* want)
{
  if (strcmp(ldxi_buf_cstr(&run->out), want)) {
    fprintf(stderr, "got:\n%s\nwant:\n%s\n", ldxi_buf_cstr(&run->out), want);
    assert(false);
  }
}

static void
open_source(LdxWorld* world, Run* run, const LdxiLogicalSource* ls)
{
  diag.count = 0;
  assert(!S.open(world, ls, path, "data.xml", &run->source));
}

static const char people[] =
  "<?xml version=\"1.0\"?>\n"                                   // 1
  "<people xmlns:ex=\"http://example.org/ns\" region=\"eu\">\n" // 2
  "  <!-- staff -->\n"                                          // 3
  "  <person id=\"1\"><name>Ann</name><age>30</age>"
  "<ex:tag>t1</ex:tag></person>\n"                  // 4
  "  <person id=\"2\">\n"                           // 5
  "    <name>Bob <b>B.</b> Jr</name><age>x</age>\n" // 6
  "    <nick>b1</nick><nick>b2</nick>\n"            // 7
  "  </person>\n"                                   // 8
  "  <other>o</other>\n"                            // 9
  "  <person id=\"3\"><name/></person>\n"           // 10
  "</people>\n";

static void
test_references(LdxWorld* world, Run* run)
{
  static LdxiXmlNamespace ns[] = { { "e", "http://example.org/ns" } };
  LdxiLogicalSource       ls;
  memset(&ls, 0, sizeof(ls));
  ls.namespaces   = ns;
  ls.n_namespaces = 1;
  write_data(people);
  open_source(world, run, &ls);
  static const char* const refs[] = {
    "name",
    "@id",
    "name/text()",
    "../@region",
    "concat(@id, '-', name)",
    "count(nick)",
    "nick",
    "e:tag",
    "number(age)",
    "age > 20",
    "missing",
    "string(missing)",
    NULL,
  };
  run->describe = true;
  assert(!iterate(world, run, "/people/person", refs));
  expect_out(run,
             "[record 1 (line 4, /people/person[1])]"
             "Ann|;1|;Ann|;eu|;1-Ann|;0|;;t1|;30|;true|;;|;\n"
             "[record 2 (line 5, /people/person[2])]"
             "Bob B. Jr|;2|;Bob | Jr|;eu|;2-Bob B. Jr|;2|;b1|b2|;;NaN|;"
             "false|;;|;\n"
             "[record 3 (line 10, /people/person[3])]"
             "|;3|;;eu|;3-|;0|;;;NaN|;false|;;|;\n");
  // Streamed records are freed: the parent holds the record and what came
  // after the previous element (here a comment between spaces), never the
  // earlier records.
  assert(!iterate_mode(world, run, "/people/person", refs, true));
  assert(run->max_children == 4);
  assert(!iterate_mode(world, run, "/people/person", refs, false));
  assert(run->max_children == 11);

  // References a streamed record cannot answer: the whole document is
  // loaded for them, with the same results.
  static const char* const wide[] = {
    "../other",
    "following-sibling::person[1]/@id",
    "preceding::person/@id",
    "/people/@region",
    "count(//person)",
    "string-length(..) > 10",
    "@id",
    NULL,
  };
  assert(!iterate(world, run, "/people/person", wide));
  expect_out(run,
             "[record 1 (line 4, /people/person[1])]o|;2|;;eu|;3|;true|;1|;\n"
             "[record 2 (line 5, /people/person[2])]o|;3|;1|;eu|;3|;true|;2|;\n"
             "[record 3 (line 10, /people/person[3])]o|;;1|2|;eu|;3|;true|;3|;"
             "\n");

  // Other iterators parse the whole document; records may be any node.
  static const char* const dot[] = { ".", "name()", NULL };
  assert(!iterate(world, run, "//person[@id > 1]/name", dot));
  expect_out(run,
             "[record 1 (line 6, /people/person[2]/name[1])]Bob B. Jr|;name|;\n"
             "[record 2 (line 10, /people/person[3]/name[1])]|;name|;\n");
  assert(!iterate(world, run, "//@id", dot));
  expect_out(run,
             "[record 1 (line 4, /people/person[1]/@id)]1|;id|;\n"
             "[record 2 (line 5, /people/person[2]/@id)]2|;id|;\n"
             "[record 3 (line 10, /people/person[3]/@id)]3|;id|;\n");
  assert(!iterate(world, run, "/people/person/name/text()", dot));
  expect_out(run,
             "[record 1 (line 4, /people/person[1]/name[1]/text()[1])]Ann|;|;\n"
             "[record 2 (line 6, /people/person[2]/name[1]/text()[1])]Bob |;"
             "|;\n"
             "[record 3 (line 6, /people/person[2]/name[1]/text()[2])] Jr|;"
             "|;\n");
  assert(!iterate(world, run, "/people/comment()", dot));
  expect_out(run, "[record 1 (line 2, /people/comment()[1])] staff |;|;\n");
  assert(!iterate(world, run, "/people/person[1]/e:tag", dot));
  expect_out(run,
             "[record 1 (line 4, /people/person[1]/e:tag[1])]t1|;ex:tag|;\n");
  assert(!iterate(world, run, "/people/namespace::ex", dot));
  expect_out(run,
             "[record 1 (line 2, /people/namespace::ex)]"
             "http://example.org/ns|;ex|;\n");
  // No iterator: the document is the one record.
  static const char* const top[] = { "count(//name)", "people/@region", NULL };
  assert(!iterate(world, run, NULL, top));
  expect_out(run, "[record 1 (/)]3|;eu|;\n");
  // A simple path that selects nothing, or the root.
  assert(!iterate(world, run, "/people/nobody", dot));
  expect_out(run, "");
  assert(!iterate(world, run, "/persons/person", dot));
  expect_out(run, "");
  static const char* const region[] = { "@region", "count(person)", NULL };
  assert(!iterate(world, run, "/people", region));
  expect_out(run, "[record 1 (line 2, /people)]eu|;3|;\n");
  // The prefix is the mapping's (ex: in the file): the element's
  // namespace is matched, not its prefix.
  assert(!iterate(world, run, "/people/person/e:tag", dot));
  expect_out(run,
             "[record 1 (line 4, /people/person[1]/e:tag[1])]t1|;ex:tag|;\n");
  run->describe = false;

  // Evaluation errors: an undeclared prefix, a node-set expected.
  static const char* const bad[] = { "ex:tag", "'a'/b", "@id", NULL };
  assert(!iterate(world, run, "/people/person[1]", bad));
  expect_out(run,
             "!invalid reference: undefined namespace prefix (declare it with "
             "rml:namespace);!invalid reference: invalid type (a node-set is "
             "needed here);1|;\n");
  // An iterator with an undeclared prefix, or that selects no nodes.
  assert(iterate(world, run, "/people/ex:person", dot) == LDX_BAD_REFERENCE);
  assert(diag.count == 1 && diag.status == LDX_BAD_REFERENCE);
  assert(!strcmp(diag.message,
                 "cannot evaluate the XPath iterator '/people/ex:person' on "
                 "data file 'data.xml': undefined namespace prefix (declare it "
                 "with rml:namespace)"));
  assert(iterate(world, run, "count(/people)", dot) == LDX_BAD_REFERENCE);
  assert(strstr(diag.message, "the result is not a node-set"));
  S.close(run->source);
}

static void
test_namespaces(LdxWorld* world, Run* run)
{
  // A default namespace in the data needs a prefix in the mapping; two
  // prefixes may name one namespace.
  static LdxiXmlNamespace ns[] = {
    { "d", "urn:d" },
    { "x", "urn:x" },
    { "y", "urn:x" },
    { "", "urn:unused" },
  };
  LdxiLogicalSource ls;
  memset(&ls, 0, sizeof(ls));
  ls.namespaces   = ns;
  ls.n_namespaces = 4;
  ls.rule.what    = "logical source <#LS>";
  write_data("<root xmlns=\"urn:d\" xmlns:p=\"urn:x\" xmlns:q=\"urn:q\">\n"
             " <item p:k=\"1\"><p:v>a</p:v><v>b</v><q:v>c</q:v></item>\n"
             " <item p:k=\"2\"><p:v>d</p:v></item>\n"
             "</root>\n");
  diag.count = 0;
  assert(!S.open(world, &ls, path, "data.xml", &run->source));
  // The prefix without name is reported and ignored.
  assert(diag.count == 1 &&
         strstr(diag.message, "<urn:unused> without prefix"));
  static const char* const refs[] = {
    "@x:k", "x:v", "y:v", "d:v", "v", "count(*)", "namespace-uri(d:v)", NULL
  };
  run->describe = true;
  assert(!iterate(world, run, "/d:root/d:item", refs));
  expect_out(run,
             "[record 1 (line 2, /d:root/d:item[1])]1|;a|;a|;b|;;3|;urn:d|;\n"
             "[record 2 (line 3, /d:root/d:item[2])]2|;d|;d|;;;1|;|;\n");
  // Unprefixed names have no namespace.
  assert(!iterate(world, run, "/root/item", refs));
  expect_out(run, "");
  // A namespace without mapping prefix: the data's prefix, or none.
  static const char* const dot[] = { ".", NULL };
  assert(!iterate(world, run, "//*[local-name() = 'v'][last()]", dot));
  expect_out(run,
             "[record 1 (line 2, /d:root/d:item[1]/q:v[1])]c|;\n"
             "[record 2 (line 3, /d:root/d:item[2]/x:v[1])]d|;\n");
  run->describe = false;
  S.close(run->source);
}

static void
test_compile_errors(LdxWorld* world)
{
  static const struct {
    const char* text;
    size_t      offset;
    const char* message;
  } cases[] = {
    { "name[", 5, "invalid expression" },
    { "concat(a,", 9, "unbalanced brackets" },
    { "count(", 6, "unbalanced brackets" },
    { "substring(a, 1", 14, "invalid expression" },
    { "a/", 2, "invalid expression" },
    { "", 0, "invalid expression" },
    { "@@id", 1, "invalid expression" },
    { "'open", 5, "unfinished literal" },
    { "a b", 2, "invalid expression" },
    { "concat(a, $v)", 10, "variables are not supported" },
    { "concat(a, foo(b))", 10, "unknown function 'foo'" },
    { "ex:f(a)", 0, "unknown function 'ex:f'" },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    void*         compiled = NULL;
    LdxiExprError err      = { 0, "" };
    LdxStatus     st       = S.compile(
      world, cases[i].text, strlen(cases[i].text), 0, &compiled, &err);
    if (st != LDX_BAD_REFERENCE || err.offset != cases[i].offset ||
        strcmp(err.message, cases[i].message)) {
      fprintf(
        stderr, "'%s': %s at %zu\n", cases[i].text, err.message, err.offset);
      assert(false);
    }
    assert(!compiled);
  }
  void*         compiled = NULL;
  LdxiExprError err      = { 0, "" };
  assert(S.compile(world, "ab\0c", 4, 0, &compiled, &err) == LDX_BAD_REFERENCE);
  assert(err.offset == 2 && !strcmp(err.message, "NUL character"));
  // The text is not NUL-terminated.
  assert(!S.compile(world, "name]", 4, 0, &compiled, &err));
  S.free_compiled(compiled);
}

static void
test_data_errors(LdxWorld* world, Run* run)
{
  static const char* const refs[]  = { "b", NULL };
  static const char* const iters[] = { "/r/a", "//a", NULL };

  // A missing file is found when opening.
  unlink(path);
  diag.count = 0;
  assert(S.open(world, NULL, path, "gone.xml", &run->source) == LDX_BAD_READ);
  assert(diag.count == 1 && strstr(diag.message, "gone.xml"));

  // Not well-formed: libxml2's message at the file's line and column, the
  // same streamed (after the records before it) or not.
  write_data("<r>\n  <a><b>x</b></a>\n  <a><b>y</c></a>\n</r>\n");
  open_source(world, run, NULL);
  for (size_t i = 0; iters[i]; ++i) {
    assert(iterate(world, run, iters[i], refs) == LDX_BAD_SYNTAX);
    assert(diag.count == 1 && diag.status == LDX_BAD_SYNTAX);
    assert(!strcmp(diag.file, "data.xml"));
    assert(diag.line == 3 && diag.column == 14);
    assert(!strcmp(diag.message,
                   "invalid XML: Opening and ending tag mismatch: b line 3 "
                   "and c"));
  }
  S.close(run->source);

  static const struct {
    const char* text;
    unsigned    line;
    const char* message;
  } cases[] = {
    { "", 1, "invalid XML: the file is empty" },
    { "<r><a>", 1, "invalid XML: Premature end of data in tag a" },
    { "<?xml version=\"1.0\"?>\n",
      2,
      "invalid XML: Start tag expected, '<' not found" },
    { "text", 1, "invalid XML: Document is empty" },
    { "<r/><r/>", 1, "invalid XML: Extra content at the end of the document" },
    { "<r><a x='1' x='2'/></r>", 1, "invalid XML: Attribute x redefined" },
    { "<r><p:a/></r>",
      1,
      "invalid XML: Namespace prefix p on a is not defined" },
    { "<r>\n<a>&undefined;</a></r>",
      2,
      "invalid XML: Entity 'undefined' not defined" },
    { "<r>\xff</r>",
      1,
      "invalid XML: Input is not proper UTF-8, indicate "
      "encoding !\nBytes: 0xFF 0x3C 0x2F 0x72" },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    write_data(cases[i].text);
    open_source(world, run, NULL);
    for (size_t k = 0; iters[k]; ++k) {
      assert(iterate(world, run, iters[k], refs) == LDX_BAD_SYNTAX);
      if (diag.line != cases[i].line ||
          strcmp(diag.message, cases[i].message)) {
        fprintf(stderr, "case %zu: %u: %s\n", i, diag.line, diag.message);
        assert(false);
      }
    }
    S.close(run->source);
  }

  // Nesting deeper than the world's limit.
  LdxWorld* low = ldx_world_new(NULL);
  ldx_world_set_diag_func(low, on_diag, &diag);
  const LdxLimits limits = { 4, 8, 0 };
  ldx_world_set_limits(low, &limits);
  write_data("<r><a><b><c><d>deep</d></c></b></a><a><b>fine</b></a></r>");
  Run lrun;
  memset(&lrun, 0, sizeof(lrun));
  ldxi_arena_init(&lrun.arena, low, 0);
  ldxi_buf_init(&lrun.out, low, 0);
  open_source(low, &lrun, NULL);
  static const char* const b[] = { "b", NULL };
  assert(iterate(low, &lrun, "/r/a", b) == LDX_BAD_LIMIT);
  assert(diag.line == 1 && diag.column == 15);
  assert(!strcmp(diag.message, "elements nest deeper than the limit of 4"));
  // A value longer than max_value_bytes (an element's text gathered from
  // several nodes; a single text node is borrowed as is).
  write_data("<r><a><b>0123</b><b>45678</b></a><a><b>x</b></a></r>");
  static const char* const dot[] = { ".", "b[2]", NULL };
  assert(!iterate(low, &lrun, "/r/a", dot));
  expect_out(&lrun,
             "!invalid data value: the text of a selected node is longer than "
             "the limit of 8 bytes (or nests too deep);45678|;\nx|;;\n");
  S.close(lrun.source);
  ldxi_values_free(low, &lrun.values);
  ldxi_buf_free(&lrun.out);
  ldxi_arena_free(&lrun.arena);
  ldx_world_free(low);
}

static double
now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_entities(LdxWorld* world, Run* run)
{
  static const char* const refs[]  = { "b", "@c", "b/text()", NULL };
  static const char* const iters[] = { "/r/a", "//a", NULL };

  // Internal entities expand in values; external ones are never read.
  write_data("<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE r [\n"
             "  <!ENTITY e \"xyz\">\n"
             "  <!ENTITY m \"<i>in &e;</i>\">\n"
             "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
             "  <!ENTITY net SYSTEM \"http://127.0.0.1:9/x\">\n"
             "]>\n"
             "<r><a c=\"1&e;2\"><b>1&e;2&xxe;3&net;4&m;</b></a>"
             "<a><b>x<![CDATA[<y>]]>z</b></a></r>\n");
  open_source(world, run, NULL);
  assert(!iterate(world, run, "/r/a", refs));
  expect_out(run,
             "1xyz234in xyz|;1xyz2|;1|2|3|4|;\n"
             "x<y>z|;;x<y>z|;\n");
  S.close(run->source);

  // Parameter entities and external DTDs are not read either.
  write_data("<!DOCTYPE r SYSTEM \"file:///etc/passwd\" [\n"
             "  <!ENTITY % p SYSTEM \"file:///etc/passwd\">\n"
             "  %p;\n"
             "]>\n"
             "<r><a><b>ok</b></a></r>\n");
  open_source(world, run, NULL);
  assert(!iterate(world, run, "/r/a", refs));
  expect_out(run, "ok|;;ok|;\n");
  S.close(run->source);

  // Billion laughs: libxml2's amplification check, quickly.
  LdxiBuf doc;
  ldxi_buf_init(&doc, NULL, 0);
  ldxi_buf_puts(&doc,
                "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
                "<!ENTITY l0 \"lol\">\n");
  for (int i = 1; i < 10; ++i) {
    ldxi_buf_printf(&doc, "<!ENTITY l%d \"", i);
    for (int k = 0; k < 10; ++k) {
      ldxi_buf_printf(&doc, "&l%d;", i - 1);
    }
    ldxi_buf_puts(&doc, "\">\n");
  }
  ldxi_buf_puts(&doc, "]>\n<r><a c=\"&l9;\"><b>&l9;</b></a></r>\n");
  write_data(ldxi_buf_cstr(&doc));
  open_source(world, run, NULL);
  for (size_t i = 0; iters[i]; ++i) {
    const double t0 = now();
    assert(iterate(world, run, iters[i], refs) == LDX_BAD_SYNTAX);
    assert(now() - t0 < 5.0);
    assert(
      !strcmp(diag.message, "invalid XML: Detected an entity reference loop"));
    assert(diag.line == 14 && diag.column == 14);
  }
  S.close(run->source);

  // Quadratic blowup: one large entity referenced many times, in text and
  // in an attribute, fails on our expansion limit.
  for (int attr = 0; attr < 2; ++attr) {
    ldxi_buf_clear(&doc);
    ldxi_buf_puts(&doc, "<!DOCTYPE r [<!ENTITY big \"");
    for (int i = 0; i < 10000; ++i) {
      ldxi_buf_puts(&doc, "0123456789");
    }
    ldxi_buf_puts(&doc, attr ? "\">]>\n<r><a c=\"" : "\">]>\n<r><a><b>");
    for (int i = 0; i < 20000; ++i) {
      ldxi_buf_puts(&doc, "&big;");
    }
    ldxi_buf_puts(&doc, attr ? "\"/></r>\n" : "</b></a></r>\n");
    write_data(ldxi_buf_cstr(&doc));
    open_source(world, run, NULL);
    for (size_t i = 0; iters[i]; ++i) {
      const double t0 = now();
      assert(iterate(world, run, iters[i], refs) == LDX_BAD_LIMIT);
      assert(now() - t0 < 5.0);
      assert(diag.line == 2);
      assert(strstr(diag.message, "entity references expand to more than"));
    }
    S.close(run->source);
  }
  ldxi_buf_free(&doc);
}

static void
test_encodings(LdxWorld* world, Run* run)
{
  static const char* const refs[] = { "b", NULL };
  // Latin-1 as declared.
  write_data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
             "<r><a><b>caf\xe9</b></a></r>\n");
  open_source(world, run, NULL);
  assert(!iterate(world, run, "/r/a", refs));
  expect_out(run, "caf\xc3\xa9|;\n");
  S.close(run->source);

  // UTF-16 with a BOM (decoded by src/io; the declaration agrees).
  const char text[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                      "<r><a><b>\xc3\xa9t\xc3\xa9</b></a></r>";
  char       utf16[256];
  size_t     n = 0;
  utf16[n++]   = (char)0xFF;
  utf16[n++]   = (char)0xFE;
  for (size_t i = 0; i < sizeof(text) - 1; ++i) {
    unsigned c = (unsigned char)text[i];
    if (c == 0xc3) {
      c = 0xc0 | ((unsigned char)text[++i] & 0x3f);
    }
    utf16[n++] = (char)(c & 0xff);
    utf16[n++] = 0;
  }
  write_bytes(utf16, n);
  open_source(world, run, NULL);
  assert(!iterate(world, run, "/r/a", refs));
  expect_out(run, "\xc3\xa9t\xc3\xa9|;\n");
  S.close(run->source);

  // Compressed.
  gzFile gz = gzopen(path, "wb");
  assert(gz);
  const char* xml = "<r><a><b>zipped</b></a></r>";
  assert(gzwrite(gz, xml, (unsigned)strlen(xml)) == (int)strlen(xml));
  gzclose(gz);
  open_source(world, run, NULL);
  assert(!iterate(world, run, "/r/a", refs));
  expect_out(run, "zipped|;\n");
  S.close(run->source);
}

// Many records stream in bounded memory, and give what the whole document
// gives.
static void
test_large(LdxWorld* world, Run* run)
{
  FILE* f = fopen(path, "wb");
  assert(f);
  fputs("<?xml version=\"1.0\"?>\n<db><meta n=\"1\"/><rows>\n", f);
  for (int i = 0; i < 20000; ++i) {
    fprintf(f,
            "  <row id=\"%d\"><v>%d</v><w>text %d &amp; more</w></row>\n",
            i,
            i * 7,
            i);
  }
  fputs("</rows></db>\n", f);
  fclose(f);
  open_source(world, run, NULL);
  static const char* const refs[]  = { "@id", "v", "w", "../../meta/@n", NULL };
  static const char* const local[] = { "@id", "v", "w", "../@x", NULL };
  assert(!iterate(world, run, "/db/rows/row", refs));
  assert(!iterate_mode(world, run, "/db/rows/row", local, true));
  assert(run->max_children <= 2);
  const char* out = ldxi_buf_cstr(&run->out);
  assert(!strncmp(out, "0|;0|;text 0 & more|;;\n", 22));
  assert(strstr(out, "\n19999|;139993|;text 19999 & more|;;\n"));
  S.close(run->source);
}

// Every allocation of ours may fail: the iteration ends with
// LDX_BAD_ALLOC (or succeeds when the failure was not on its path) and
// leaks nothing.
static void
test_alloc_failures(void)
{
  write_data(people);
  FailingAlloc             fa     = { 0, 0, 0 };
  const LdxAllocator       alloc  = failing_alloc(&fa);
  static const char* const refs[] = {
    "name", "../other", "concat(@id, name)", NULL
  };
  static const char* const iters[] = { "/people/person", "//person", NULL };
  for (size_t it = 0; iters[it]; ++it) {
    size_t total = 0;
    for (size_t fail_at = 0;; ++fail_at) {
      failing_alloc_reset(&fa, fail_at);
      LdxWorld* world = ldx_world_new(&alloc);
      if (!world) {
        assert(fail_at);
        continue;
      }
      LastDiag quiet;
      memset(&quiet, 0, sizeof(quiet));
      ldx_world_set_diag_func(world, on_diag, &quiet);
      LdxStatus     st     = LDX_SUCCESS;
      void*         iter   = NULL;
      void*         ref[3] = { NULL, NULL, NULL };
      LdxiExprError err;
      st = S.compile(world, iters[it], strlen(iters[it]), 1, &iter, &err);
      for (size_t r = 0; !st && refs[r]; ++r) {
        st = S.compile(world, refs[r], strlen(refs[r]), 0, &ref[r], &err);
      }
      Run run;
      memset(&run, 0, sizeof(run));
      ldxi_arena_init(&run.arena, world, 0);
      ldxi_buf_init(&run.out, world, 0);
      if (!st) {
        st = S.open(world, NULL, path, "data.xml", &run.source);
      }
      if (!st) {
        memcpy(run.refs, ref, sizeof(ref));
        run.n_refs = 3;
        st         = S.iterate(run.source, iter, on_record, &run);
        S.close(run.source);
      }
      assert(st == LDX_SUCCESS || st == LDX_BAD_ALLOC);
      for (size_t r = 0; r < 3; ++r) {
        S.free_compiled(ref[r]);
      }
      S.free_compiled(iter);
      ldxi_values_free(world, &run.values);
      ldxi_buf_free(&run.out);
      ldxi_arena_free(&run.arena);
      ldx_world_free(world);
      assert(fa.live == 0);
      if (!fail_at) {
        assert(!st);
        total = fa.count;
      } else if (fail_at > total) {
        assert(!st);
        break;
      }
    }
    assert(total > 10);
  }
}

int
main(void)
{
  snprintf(path, sizeof(path), "/tmp/ldx_xml_source_%ld.xml", (long)getpid());
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  ldx_world_set_diag_func(world, on_diag, &diag);
  Run run;
  memset(&run, 0, sizeof(run));
  ldxi_arena_init(&run.arena, world, 0);
  ldxi_buf_init(&run.out, world, 0);

  test_references(world, &run);
  test_namespaces(world, &run);
  test_compile_errors(world);
  test_data_errors(world, &run);
  test_entities(world, &run);
  test_encodings(world, &run);
  test_large(world, &run);
  test_alloc_failures();

  ldxi_values_free(world, &run.values);
  ldxi_buf_free(&run.out);
  ldxi_arena_free(&run.arena);
  ldx_world_free(world);
  unlink(path);
  printf("xml source: ok\n");
  return 0;
}
