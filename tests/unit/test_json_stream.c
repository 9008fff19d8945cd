// SPDX-License-Identifier: MIT
// Unit tests of the streaming JSON reader: for each streamable query shape
// the records and locations must be those of a JSONPath evaluation of the
// parsed document, whatever the chunk size; errors must be those of the
// document parser, at the same place in the whole text.
#undef NDEBUG

#include "json_support.h"

#include "core/arena.h"
#include "json/json.h"
#include "json/json_stream.h"
#include "jsonpath/jsonpath.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Chunk sizes every check runs with (0: the default).
static const size_t chunks[] = { 1, 2, 3, 7, 64, 0 };

// Reads from memory, at most `max` bytes a call (0: as asked).
typedef struct {
  const char* text;
  size_t      len;
  size_t      pos;
  size_t      max;
  size_t      fail_at; // fail when reading past this offset (SIZE_MAX: no)
} Source;

static LdxStatus
read_mem(void* handle, char* buf, size_t size, size_t* got)
{
  Source* src = (Source*)handle;
  if (src->pos >= src->fail_at) {
    return LDX_BAD_READ;
  }
  size_t n = src->len - src->pos;
  if (n > size) {
    n = size;
  }
  if (src->max && n > src->max) {
    n = src->max;
  }
  memcpy(buf, src->text + src->pos, n);
  src->pos += n;
  *got = n;
  return LDX_SUCCESS;
}

static LdxiJsonPath*
compile(const char* query)
{
  LdxiJsonPath* path = NULL;
  assert(!ldxi_jsonpath_compile(
    NULL, query, strlen(query), LDXI_JSONPATH_STRICT, &path, NULL));
  return path;
}

typedef struct {
  LdxStatus     status;
  LdxiJsonError err;
  LdxiBuf       list;
} Outcome;

static void
outcome_free(Outcome* o)
{
  ldxi_buf_free(&o->list);
}

// The reference: parse the whole text, then evaluate.
static void
run_full(LdxWorld*   world,
         const char* text,
         size_t      len,
         const char* query,
         Outcome*    o)
{
  LdxiArena arena;
  ldxi_arena_init(&arena, world, 0);
  const LdxiJson* doc  = NULL;
  Listing         list = { { NULL, 0, 0, 0, NULL }, 0 };
  ldxi_buf_init(&list.buf, NULL, 0);
  o->status = ldxi_json_parse(world, &arena, text, len, &doc, &o->err);
  if (!o->status) {
    LdxiJsonPath* path = compile(query);
    assert(!ldxi_jsonpath_eval(path, doc, NULL, list_node, &list));
    ldxi_jsonpath_free(path);
  }
  o->list = list.buf;
  ldxi_arena_free(&arena);
}

static void
run_stream(LdxWorld*   world,
           const char* text,
           size_t      len,
           const char* query,
           size_t      chunk,
           size_t      max_read,
           Outcome*    o)
{
  LdxiJsonPath*           path  = compile(query);
  size_t                  n     = 0;
  const LdxiJsonPathStep* steps = ldxi_jsonpath_steps(path, &n);
  assert(steps);
  Source                      src     = { text, len, 0, max_read, SIZE_MAX };
  const LdxiJsonStreamOptions options = { read_mem, &src, chunk, steps, n };
  Listing                     list    = { { NULL, 0, 0, 0, NULL }, 0 };
  ldxi_buf_init(&list.buf, NULL, 0);
  LdxiArena arena;
  ldxi_arena_init(&arena, world, 0);
  o->status =
    ldxi_json_stream(world, &options, &arena, list_node, &list, &o->err);
  o->list = list.buf;
  ldxi_arena_free(&arena);
  ldxi_jsonpath_free(path);
}

static bool
same_error(const LdxiJsonError* a, const LdxiJsonError* b)
{
  return a->line == b->line && a->column == b->column &&
         a->offset == b->offset && !strcmp(a->message, b->message);
}

// Stream `text` with every chunk size and compare with the reference.
static void
check_len(const char* text, size_t len, const char* query)
{
  LdxWorld* world = ldx_world_new(NULL);
  Outcome   full;
  run_full(world, text, len, query, &full);
  for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); ++c) {
    for (size_t max_read = 0; max_read < 2; ++max_read) {
      Outcome s;
      run_stream(world, text, len, query, chunks[c], max_read, &s);
      const bool same = s.status == full.status &&
                        (full.status ? same_error(&s.err, &full.err)
                                     : !strcmp(ldxi_buf_cstr(&s.list),
                                               ldxi_buf_cstr(&full.list)));
      if (!same) {
        fprintf(stderr,
                "%s on %.*s (chunk %zu, reads of %s):\n"
                "  stream %s %zu:%zu byte %zu: %s\n    %s\n"
                "  full   %s %zu:%zu byte %zu: %s\n    %s\n",
                query,
                (int)len,
                text,
                chunks[c],
                max_read ? "1 byte" : "any size",
                ldx_strerror(s.status),
                s.err.line,
                s.err.column,
                s.err.offset,
                s.err.message,
                ldxi_buf_cstr(&s.list),
                ldx_strerror(full.status),
                full.err.line,
                full.err.column,
                full.err.offset,
                full.err.message,
                ldxi_buf_cstr(&full.list));
        assert(false);
      }
      outcome_free(&s);
    }
  }
  outcome_free(&full);
  ldx_world_free(world);
}

static void
check(const char* text, const char* query)
{
  check_len(text, strlen(text), query);
}

// The records of `query` over `text`, as "value@path|...".
static void
check_records(const char* text, const char* query, const char* expected)
{
  LdxWorld* world = ldx_world_new(NULL);
  Outcome   o;
  run_stream(world, text, strlen(text), query, 0, 0, &o);
  if (o.status || strcmp(ldxi_buf_cstr(&o.list), expected)) {
    fprintf(stderr,
            "%s on %s:\n  got      %s (%s)\n  expected %s\n",
            query,
            text,
            ldxi_buf_cstr(&o.list),
            o.err.message,
            expected);
    assert(false);
  }
  outcome_free(&o);
  ldx_world_free(world);
  check(text, query);
}

static void
test_steps(void)
{
  static const struct {
    const char* query;
    size_t      n; // SIZE_MAX: not streamable
  } cases[] = {
    { "$", 0 },
    { "$[*]", 1 },
    { "$.*", 1 },
    { "$.a.b[*]", 3 },
    { "$.a[*].b[*]", 4 },
    { "$['a b'][*]", 2 },
    { "$.a[3]", 2 },
    { "$[0][1]['x']", 3 },
    { "$..a", SIZE_MAX },
    { "$[-1]", SIZE_MAX },
    { "$[0:2]", SIZE_MAX },
    { "$['a','b']", SIZE_MAX },
    { "$[?@.a]", SIZE_MAX },
    { "$.a..b", SIZE_MAX },
    { "$[*, 0]", SIZE_MAX },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    LdxiJsonPath*           path  = compile(cases[i].query);
    size_t                  n     = 99;
    const LdxiJsonPathStep* steps = ldxi_jsonpath_steps(path, &n);
    if (cases[i].n == SIZE_MAX) {
      assert(!steps);
    } else {
      assert(steps && n == cases[i].n);
    }
    ldxi_jsonpath_free(path);
  }
  LdxiJsonPath*           path = compile("$['a b'][7].*");
  size_t                  n    = 0;
  const LdxiJsonPathStep* s    = ldxi_jsonpath_steps(path, &n);
  assert(n == 3 && s[0].kind == LDXI_JSONPATH_STEP_NAME && s[0].name_len == 3 &&
         !strcmp(s[0].name, "a b") && s[1].kind == LDXI_JSONPATH_STEP_INDEX &&
         s[1].index == 7 && s[2].kind == LDXI_JSONPATH_STEP_WILDCARD);
  ldxi_jsonpath_free(path);
  assert(!ldxi_jsonpath_steps(NULL, &n));
}

static void
test_shapes(void)
{
  const char* doc =
    "{\"meta\": {\"n\": [1, 2, {\"records\": [0]}], \"s\": \"x\\u00e9\"},"
    " \"records\": [{\"id\": 1, \"p\": \"a\"}, {\"id\": 2, \"p\": [\"b\", "
    "\"c\"]},"
    " 3, \"four\", null, true, false, [5, 6], {}, [], -7.5e1],"
    " \"a\": {\"b\": [[1, 2], [3], [], {\"x\": 4}, \"s\"]},"
    " \"a b\": [\"sp\\u0061ce\", {\"k\\\"ey\": 1}],"
    " \"o\": {\"x\": {\"y\": 1}, \"\\u00e9\": [2], \"\": 3, \"x\": 9}}";
  check_records(doc,
                "$.records[*]",
                "{\"id\":1,\"p\":\"a\"}@$['records'][0]|"
                "{\"id\":2,\"p\":[\"b\",\"c\"]}@$['records'][1]|"
                "3@$['records'][2]|\"four\"@$['records'][3]|"
                "null@$['records'][4]|true@$['records'][5]|"
                "false@$['records'][6]|[5,6]@$['records'][7]|"
                "{}@$['records'][8]|[]@$['records'][9]|"
                "-7.5e1@$['records'][10]|");
  check_records(
    doc, "$['a b'][*]", "\"space\"@$['a b'][0]|{\"k\\\"ey\":1}@$['a b'][1]|");
  check_records(
    doc, "$.records[1]", "{\"id\":2,\"p\":[\"b\",\"c\"]}@$['records'][1]|");
  check_records(doc, "$.records[11]", "");
  check_records(doc,
                "$.a.b[*][*]",
                "1@$['a']['b'][0][0]|2@$['a']['b'][0][1]|3@$['a']['b'][1][0]|"
                "4@$['a']['b'][3]['x']|");
  check_records(doc,
                "$.o.*",
                "{\"y\":1}@$['o']['x']|[2]@$['o']['\xc3\xa9']|3@$['o']['']|"
                "9@$['o']['x']|");
  check_records(
    doc, "$.meta.n[2].records[0]", "0@$['meta']['n'][2]['records'][0]|");
  check_records(doc, "$.nothing[*]", "");
  check_records(doc, "$.records[*].p[1]", "\"c\"@$['records'][1]['p'][1]|");

  // Every shape over a few documents, against the full evaluation.
  static const char* const queries[] = {
    "$",
    "$[*]",
    "$.*",
    "$.a",
    "$.a.b[*]",
    "$.a[*].b[*]",
    "$['a b'][*]",
    "$.a[3]",
    "$[0]",
    "$[2].*",
    "$.*.*",
    "$[*][*][*]",
    "$['\\u00e9'][0]",
    "$.a[0].b",
    "$.x[*]",
  };
  static const char* const docs[] = {
    "[]",
    "{}",
    "1",
    "\"str\"",
    "[1, [2, 3], {\"a\": [4]}, [[5]], {\"a b\": 6}]",
    ("{\"a\": [{\"b\": [1, 2]}, {\"b\": {\"c\": 3}}, {\"c\": 4}, {\"b\": []},"
     " {\"b\": [5]}], \"x\": {\"y\": 1}}"),
    "{\"a\": {\"b\": [true, null, \"s\", 1.5, {\"c\": [1]}]}, \"a b\": [7, 8]}",
    "{\"\\u00e9\": [\"x\"], \"a\": [0, 1, 2, 3, 4], \"x\": []}",
    "  [ { \"a\" : [ 1 , 2 ] } , { } , [ ] ] \n",
    "{\"a\": [1], \"b\": {\"a\": 2}, \"c\": [{\"b\": 1}, {\"b\": 2}]}",
    "\xef\xbb\xbf[{\"a\": {\"b\": [0]}}]",
  };
  for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); ++q) {
    for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); ++d) {
      check(docs[d], queries[q]);
    }
  }
}

static void
test_large_records(void)
{
  // Records far larger than the chunks, and a long member name.
  LdxiBuf text;
  ldxi_buf_init(&text, NULL, 0);
  assert(!ldxi_buf_puts(&text, "{\"records\": ["));
  for (int r = 0; r < 5; ++r) {
    assert(
      !ldxi_buf_printf(&text, "%s{\"id\": %d, \"v\": [", r ? ", " : "", r));
    for (int i = 0; i < 200; ++i) {
      assert(
        !ldxi_buf_printf(&text, "%s\"value %d \\u00e9\"", i ? ", " : "", i));
    }
    assert(!ldxi_buf_puts(&text, "]}"));
  }
  assert(!ldxi_buf_puts(&text, "], \""));
  for (int i = 0; i < 3000; ++i) {
    assert(!ldxi_buf_putc(&text, (char)('a' + i % 26)));
  }
  assert(!ldxi_buf_puts(&text, "\": [1, 2]}"));
  check(text.data, "$.records[*]");
  check(text.data, "$.records[3].v[*]");
  check(text.data, "$.*[*]");
  check(text.data, "$");

  // A large document streams with a buffer of about one chunk.
  ldxi_buf_clear(&text);
  assert(!ldxi_buf_puts(&text, "{\"head\": \""));
  for (int i = 0; i < 100000; ++i) {
    assert(!ldxi_buf_puts(&text, "skipped "));
  }
  assert(!ldxi_buf_puts(&text, "\", \"records\": ["));
  for (int i = 0; i < 20000; ++i) {
    assert(!ldxi_buf_printf(&text,
                            "%s{\"id\": %d, \"name\": \"record number %d\"}",
                            i ? "," : "",
                            i,
                            i));
  }
  assert(!ldxi_buf_puts(&text, "]}"));
  Counter                     counter;
  LdxWorld*                   world   = counting_world(&counter);
  LdxiJsonPath*               path    = compile("$.records[*]");
  size_t                      n       = 0;
  const LdxiJsonPathStep*     steps   = ldxi_jsonpath_steps(path, &n);
  Source                      src     = { text.data, text.len, 0, 0, SIZE_MAX };
  const size_t                chunk   = 64 * 1024;
  const LdxiJsonStreamOptions options = { read_mem, &src, chunk, steps, n };
  size_t                      count   = 0;
  LdxiArena                   arena;
  ldxi_arena_init(&arena, world, 4096);
  Listing list = { { NULL, 0, 0, 0, NULL }, 0 };
  ldxi_buf_init(&list.buf, NULL, 0);
  assert(text.len > 1500000);
  assert(!ldxi_json_stream(world, &options, &arena, list_node, &list, NULL));
  count = list.count;
  assert(count == 20000);
  assert(counter.largest <= 2 * chunk);
  ldxi_arena_free(&arena);
  assert(counter.live == 0);
  ldxi_buf_free(&list.buf);
  ldxi_jsonpath_free(path);
  ldx_world_free(world);
  ldxi_buf_free(&text);
}

static void
test_errors(void)
{
  // Before, inside, between and after records, and in skipped parts: the
  // same error at the same place as the document parser.
  static const char* const bad[] = {
    "{\"meta\": [1, 2,], \"records\": [1]}",
    "{\"meta\": \"\\ud800\", \"records\": [1]}",
    "{\"records\": [{\"a\": 1}, {\"a\": tru}]}",
    "{\"records\": [{\"a\": 1},\n {\"a\": \"x\ny\"}]}",
    "{\"records\": [1, 2 3]}",
    "{\"records\": [1, 2], \"tail\": [01]}",
    "{\"records\": [1, 2]} x",
    "{\"records\": [1, 2]",
    "{\"records\": [1, 2",
    "{\"records\": [{\"a\": [1, 2]",
    "{\"records\": [\"\xe2\x82\"]}",
    "{\"rec\xc3\xa9rds\": [\"\xe2\x82\"]}",
    "{\"records\" [1]}",
    "{\"records\": [1,]}",
    "{\"x\": 1,}",
    "[1, 2, {\"a\": -}]",
    "[1, 2, {\"a\": 1.e5}]",
    "{\"a\": \"\\uDD00\"}",
    "{\"a\": \"\\uD800\\uD800\"}",
    "{\"a\": \"\\uD800\\x\"}",
    "{\"a\": \"\\uD800\\uDZ\"}",
    "{\"a\": \"\\q\"}",
    "{\"a\": \"\x01\"}",
    "{\"a\": [nul]}",
    "{\"a\": 1e+}",
    "{\"a\": 1e}",
    "{\"a\": -}",
    "{\"a\": 1.}",
    "{\"a\": 1",
    "{\"a\": \"b",
    "{\"a\": \"b\\",
    "{\"a\": \"b\\u00",
    "{\"a\": \"\\ud83d",
    "{\"a\": \"\\ud83d\\",
    "{\"a\": \"\\ud83d\\u",
    "{\"a\": \"\\ud83d\\ude0",
    "{\"a\": \"\xf0\x9f\x98",
    "{\"a\": tr",
    "{\"a\"",
    "{\"a\" :",
    "{",
    "[",
    "[1,",
    "",
    "   ",
    "\xef\xbb\xbf",
    "\xef\xbb",
    ("\xef\xbb\xbf\xef\xbb\xbf"
     "1"),
    "[1]\n\n   \xc3\xa9",
    "[\"\xc3\xa9\xc3\xa9\xc3\xa9\", \"\xc3\xa9\xc3\xa9\", x]",
    "{\"records\": [{\"k\": \"\\u00e9\"}, {\"k\": \"\\u00e9\",}]}",
    "0 0",
    "-",
    "01",
    "\"\\u0000\" \"",
  };
  static const char* const queries[] = {
    "$.records[*]", "$", "$.*", "$.a", "$[2].a", "$.rec\xc3\xa9rds[*]", "$.zz",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); ++q) {
      check(bad[i], queries[q]);
    }
  }
  // Long lines of multi-byte characters: columns count code points across
  // chunks (and across the stretches counted eight bytes at a time).
  LdxiBuf long_line;
  ldxi_buf_init(&long_line, NULL, 0);
  assert(!ldxi_buf_puts(&long_line, "{\"a\": \"x"));
  for (int i = 0; i < 3000; ++i) {
    assert(!ldxi_buf_puts(&long_line, i % 3 ? "\xc3\xa9" : "\xf0\x9f\x98\x80"));
  }
  assert(
    !ldxi_buf_puts(&long_line, "\", \"records\": [1, 2, \"\xe2\x82\xac\" x]}"));
  check(long_line.data, "$.records[*]");
  check(long_line.data, "$.zz");
  {
    const LdxiJson* doc = NULL;
    LdxiJsonError   err;
    LdxiArena       a;
    ldxi_arena_init(&a, NULL, 0);
    assert(
      ldxi_json_parse(NULL, &a, long_line.data, long_line.len, &doc, &err));
    assert(err.line == 1 && err.column == 8 + 3000 + 25 + 1);
    ldxi_arena_free(&a);
  }
  ldxi_buf_free(&long_line);
  check_len("[1, \"a\x00\"]", 8, "$[*]");
  check_len("[1, 2]\x00", 7, "$[*]");

  // An example with its absolute place: a record on line 3.
  const char* text =
    "{\"records\": [\n  {\"a\": 1},\n  {\"a\": 1 \"b\": 2}\n]}";
  LdxWorld* world = ldx_world_new(NULL);
  Outcome   o;
  run_stream(world, text, strlen(text), "$.records[*]", 4, 1, &o);
  assert(o.status == LDX_BAD_SYNTAX);
  assert(o.err.line == 3 && o.err.column == 11 && o.err.offset == 36);
  assert(!strcmp(o.err.message,
                 "expected ',' or '}' after an object member, found '\"'"));
  assert(!strcmp(ldxi_buf_cstr(&o.list), "{\"a\":1}@$['records'][0]|"));
  outcome_free(&o);

  // Depth limits hold outside and inside records alike.
  const LdxLimits limits = { 3, 0, 0 };
  ldx_world_set_limits(world, &limits);
  static const char* const deep[] = {
    "[[[[1]]]]",
    "{\"records\": [[[1]]]}",
    "{\"x\": [[[1]]], \"records\": []}",
    "{\"records\": [[[]]]}",
  };
  for (size_t i = 0; i < sizeof(deep) / sizeof(deep[0]); ++i) {
    Outcome full;
    run_full(world, deep[i], strlen(deep[i]), "$.records[*]", &full);
    for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); ++c) {
      run_stream(
        world, deep[i], strlen(deep[i]), "$.records[*]", chunks[c], 0, &o);
      assert(o.status == full.status);
      assert(!full.status || same_error(&o.err, &full.err));
      outcome_free(&o);
    }
    outcome_free(&full);
  }
  ldx_world_free(world);
}

static void
test_duplicates(void)
{
  // A duplicate of a member on the path: harmless if the first gave no
  // record (the last one is what a query selects), else an error.
  check_records("{\"records\": 5, \"records\": [1, 2]}",
                "$.records[*]",
                "1@$['records'][0]|2@$['records'][1]|");
  check_records("{\"records\": [], \"x\": 0, \"records\": [1]}",
                "$.records[*]",
                "1@$['records'][0]|");
  check_records("{\"a\": {\"r\": [1]}, \"a\": {\"r\": [2]}}",
                "$.*.r[*]",
                "1@$['a']['r'][0]|2@$['a']['r'][0]|");
  const char* text  = "{\"records\": [1],\n \"records\": [2]}";
  LdxWorld*   world = ldx_world_new(NULL);
  for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); ++c) {
    Outcome o;
    run_stream(world, text, strlen(text), "$.records[*]", chunks[c], 0, &o);
    assert(o.status == LDX_BAD_DATA);
    assert(o.err.line == 2 && o.err.column == 10 && o.err.offset == 26);
    assert(strstr(o.err.message, "duplicate member 'records'"));
    assert(!strcmp(ldxi_buf_cstr(&o.list), "1@$['records'][0]|"));
    outcome_free(&o);
  }
  ldx_world_free(world);
}

typedef struct {
  size_t count;
  size_t stop_at;
} Stopper;

static LdxStatus
stop_at(void* handle, const LdxiJson* record, const LdxiJsonPathLoc* loc)
{
  (void)record;
  (void)loc;
  Stopper* s = (Stopper*)handle;
  return ++s->count == s->stop_at ? LDX_BAD_DATA : LDX_SUCCESS;
}

static void
test_callbacks(void)
{
  // A record function's status stops the stream and comes back as is.
  const char*             text  = "[1, 2, 3, x]";
  LdxiJsonPath*           path  = compile("$[*]");
  size_t                  n     = 0;
  const LdxiJsonPathStep* steps = ldxi_jsonpath_steps(path, &n);
  Source                  src   = { text, strlen(text), 0, 0, SIZE_MAX };
  LdxiJsonStreamOptions   opt   = { read_mem, &src, 0, steps, n };
  Stopper                 stop  = { 0, 2 };
  LdxiArena               arena;
  LdxiJsonError           err;
  ldxi_arena_init(&arena, NULL, 0);
  assert(ldxi_json_stream(NULL, &opt, &arena, stop_at, &stop, &err) ==
         LDX_BAD_DATA);
  assert(stop.count == 2 && !err.message[0]);

  // So does a read error, before or after records.
  for (size_t at = 0; at < 6; at += 5) {
    Source bad      = { text, strlen(text), 0, 1, at };
    opt.read_handle = &bad;
    stop            = (Stopper){ 0, 0 };
    assert(ldxi_json_stream(NULL, &opt, &arena, stop_at, &stop, &err) ==
           LDX_BAD_READ);
    assert(!err.message[0]);
  }
  ldxi_arena_free(&arena);
  ldxi_jsonpath_free(path);
}

static void
test_alloc_failures(void)
{
  static const struct {
    const char* text;
    const char* query;
  } cases[] = {
    { "{\"meta\": {\"k\": [1, \"a\"]}, \"records\": [{\"a\": [1, 2, {\"b\": "
      "\"\\u00e9\"}]}, {\"a\": 1}]}",
      "$.records[*]" },
    { "{\"x\": {\"y\": [1, 2]}, \"z\": {\"y\": [3]}}", "$.*.y[*]" },
    { "[[[[[[1]]]]]]", "$" },
    { "{\"records\": [1], \"records\": [2]}", "$.records[*]" },
  };
  Counter   counter;
  LdxWorld* world = counting_world(&counter);
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    LdxiJsonPath*           path  = compile(cases[i].query);
    size_t                  n     = 0;
    const LdxiJsonPathStep* steps = ldxi_jsonpath_steps(path, &n);
    for (size_t chunk = 1; chunk <= 64; chunk *= 8) {
      Source src = { cases[i].text, strlen(cases[i].text), 0, 0, SIZE_MAX };
      LdxiJsonStreamOptions opt = { read_mem, &src, chunk, steps, n };
      LdxiArena             arena;
      Listing               list = { { NULL, 0, 0, 0, NULL }, 0 };
      ldxi_buf_init(&list.buf, NULL, 0);
      ldxi_arena_init(&arena, world, 64);
      counter.attempts = 0;
      counter.fail_at  = SIZE_MAX;
      const LdxStatus good =
        ldxi_json_stream(world, &opt, &arena, list_node, &list, NULL);
      assert(good == LDX_SUCCESS || good == LDX_BAD_DATA);
      ldxi_arena_free(&arena);
      assert(counter.live == 0);
      const size_t needed = counter.attempts;
      for (size_t k = 0; k < needed; ++k) {
        src.pos          = 0;
        counter.attempts = 0;
        counter.fail_at  = k;
        ldxi_buf_clear(&list.buf);
        ldxi_arena_init(&arena, world, 64);
        LdxiJsonError err;
        LdxStatus     st =
          ldxi_json_stream(world, &opt, &arena, list_node, &list, &err);
        assert(st == LDX_BAD_ALLOC && !strcmp(err.message, "out of memory"));
        ldxi_arena_free(&arena);
        assert(counter.live == 0);
      }
      ldxi_buf_free(&list.buf);
    }
    ldxi_jsonpath_free(path);
  }
  ldx_world_free(world);
}

int
main(void)
{
  test_steps();
  test_shapes();
  test_large_records();
  test_errors();
  test_duplicates();
  test_callbacks();
  test_alloc_failures();
  return 0;
}
