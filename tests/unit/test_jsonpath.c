// SPDX-License-Identifier: MIT
// Unit tests of the JSONPath module: the RELATIVE forms, error offsets and
// messages, normalized paths, evaluation semantics the compliance suite
// does not pin down, limits, allocation failures and allocation-free
// evaluation.
#undef NDEBUG

#include "jsonpath/iregexp.h"
#include "jsonpath/jsonpath.h"

#include "core/arena.h"
#include "core/buf.h"
#include "json/json.h"

#include "ldexport.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- A counting allocator that can fail the n-th allocation ----

typedef struct {
  size_t allocs;  // successful allocations so far
  size_t live;    // blocks not yet freed
  size_t fail_at; // fail the allocation with this number (SIZE_MAX: never)
  size_t attempts;
} Counter;

static bool
should_fail(Counter* c)
{
  return c->attempts++ == c->fail_at;
}

static void*
c_malloc(void* handle, size_t size)
{
  Counter* c = (Counter*)handle;
  if (should_fail(c)) {
    return NULL;
  }
  void* p = malloc(size);
  if (p) {
    ++c->allocs;
    ++c->live;
  }
  return p;
}

static void*
c_calloc(void* handle, size_t nmemb, size_t size)
{
  Counter* c = (Counter*)handle;
  if (should_fail(c)) {
    return NULL;
  }
  void* p = calloc(nmemb, size);
  if (p) {
    ++c->allocs;
    ++c->live;
  }
  return p;
}

static void*
c_realloc(void* handle, void* ptr, size_t size)
{
  Counter* c = (Counter*)handle;
  if (should_fail(c)) {
    return NULL;
  }
  void* p = realloc(ptr, size);
  if (p) {
    ++c->allocs;
    if (!ptr) {
      ++c->live;
    }
  }
  return p;
}

static void
c_free(void* handle, void* ptr)
{
  Counter* c = (Counter*)handle;
  if (ptr) {
    --c->live;
    free(ptr);
  }
}

static LdxWorld*
counting_world(Counter* c)
{
  const LdxAllocator alloc = { c_malloc, c_calloc, c_realloc, c_free, c };
  c->fail_at               = SIZE_MAX;
  LdxWorld* world          = ldx_world_new(&alloc);
  assert(world);
  // Count only what the tests do, not the world itself.
  c->allocs   = 0;
  c->live     = 0;
  c->attempts = 0;
  return world;
}

// ---- Helpers ----

typedef struct {
  LdxiBuf buf; // "value@path|value@path|..."
  size_t  count;
  size_t  stop_after; // return LDX_FAILURE after this many (0: never)
} Seen;

static LdxStatus
record(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  Seen* s = (Seen*)handle;
  if (s->count) {
    assert(!ldxi_buf_putc(&s->buf, '|'));
  }
  assert(!ldxi_json_write(node, LDXI_JSON_WRITE_ASCII, &s->buf));
  assert(!ldxi_buf_putc(&s->buf, '@'));
  assert(!ldxi_jsonpath_loc_format(loc, &s->buf));
  ++s->count;
  return s->stop_after && s->count >= s->stop_after ? LDX_FAILURE : LDX_SUCCESS;
}

// Test documents live until the end of the program.
static LdxiArena docs;

static const LdxiJson*
parse_json(const char* text)
{
  const LdxiJson* doc = NULL;
  LdxiJsonError   err;
  if (ldxi_json_parse(NULL, &docs, text, strlen(text), &doc, &err)) {
    fprintf(stderr, "bad test JSON: %s: %s\n", text, err.message);
    assert(false);
  }
  return doc;
}

static LdxiJsonPath*
compile_ok(const char* query, unsigned flags)
{
  LdxiJsonPath*     path = NULL;
  LdxiJsonPathError err;
  LdxStatus         st =
    ldxi_jsonpath_compile(NULL, query, strlen(query), flags, &path, &err);
  if (st) {
    fprintf(stderr,
            "%s: unexpected error at %zu: %s\n",
            query,
            err.offset,
            err.message);
  }
  assert(!st && path);
  return path;
}

// Evaluate `query` on `doc` and compare the "value@path|..." listing.
static void
check_eval_flags(const char* query,
                 unsigned    flags,
                 const char* doc_text,
                 const char* expected)
{
  LdxiJsonPath*   path = compile_ok(query, flags);
  const LdxiJson* doc  = parse_json(doc_text);
  Seen            seen = { { NULL, 0, 0, 0, NULL }, 0, 0 };
  ldxi_buf_init(&seen.buf, NULL, 0);
  assert(!ldxi_jsonpath_eval(path, doc, NULL, record, &seen));
  if (strcmp(ldxi_buf_cstr(&seen.buf), expected)) {
    fprintf(stderr,
            "%s on %s:\n  got      %s\n  expected %s\n",
            query,
            doc_text,
            ldxi_buf_cstr(&seen.buf),
            expected);
    assert(false);
  }
  ldxi_buf_free(&seen.buf);
  ldxi_jsonpath_free(path);
}

static void
check_eval(const char* query, const char* doc_text, const char* expected)
{
  check_eval_flags(query, LDXI_JSONPATH_STRICT, doc_text, expected);
}

// Compiling must fail with `status` at `offset`, with `message` in the text.
static void
check_error_flags(const char* query,
                  size_t      len,
                  unsigned    flags,
                  size_t      offset,
                  const char* message)
{
  LdxiJsonPath*     path = NULL;
  LdxiJsonPathError err;
  LdxStatus st = ldxi_jsonpath_compile(NULL, query, len, flags, &path, &err);
  if (st != LDX_BAD_REFERENCE || err.offset != offset ||
      !strstr(err.message, message)) {
    fprintf(stderr,
            "%s: got %s at %zu: \"%s\"; expected %zu: \"%s\"\n",
            query,
            ldx_strerror(st),
            err.offset,
            err.message,
            offset,
            message);
    assert(false);
  }
  assert(!path);
}

static void
check_error(const char* query, size_t offset, const char* message)
{
  check_error_flags(
    query, strlen(query), LDXI_JSONPATH_STRICT, offset, message);
}

// ---- Tests ----

static void
test_relative(void)
{
  const char*    doc = "{\"Name\": \"x\", \"a\": {\"b\": 1}, \"a b\": 2,"
                       " \"l\": [10, 20]}";
  const unsigned rel = LDXI_JSONPATH_RELATIVE;
  check_eval_flags("Name", rel, doc, "\"x\"@$['Name']");
  check_eval_flags("a.b", rel, doc, "1@$['a']['b']");
  check_eval_flags("$.a.b", rel, doc, "1@$['a']['b']");
  check_eval_flags("@.a.b", rel, doc, "1@$['a']['b']");
  check_eval_flags("@",
                   rel,
                   doc,
                   "{\"Name\":\"x\",\"a\":{\"b\":1},\"a b\":2,"
                   "\"l\":[10,20]}@$");
  check_eval_flags("['a b']", rel, doc, "2@$['a b']");
  check_eval_flags("[\"a\"]['b']", rel, doc, "1@$['a']['b']");
  check_eval_flags("l[1]", rel, doc, "20@$['l'][1]");
  check_eval_flags("l[-1]", rel, doc, "20@$['l'][1]");
  check_eval_flags("*", rel, "[1, 2]", "1@$[0]|2@$[1]");
  check_eval_flags(".b", rel, doc, "1@$['a']['b']"); // "$." + ".b"
  check_eval_flags("l[?@ > 15]", rel, doc, "20@$['l'][1]");
  check_eval_flags(
    "Nom", rel, "{\"Nom\": \"\\u00e9\"}", "\"\\u00e9\"@$['Nom']");

  // Offsets stay those of the user's text.
  check_error_flags("Country Code", 12, rel, 8, "unexpected 'C'");
  check_error_flags("", 0, rel, 0, "expected a member name or '*'");
  check_error_flags("a.b[", 4, rel, 4, "expected a selector");
  check_error_flags("0abc", 4, rel, 0, "expected a member name or '*'");
  check_error_flags("a.", 2, rel, 2, "expected a member name or '*'");
  check_error_flags(" a", 2, rel, 0, "expected a member name or '*'");
  check_error_flags("@ ", 2, rel, 1, "trailing whitespace");
  check_error_flags("[0", 2, rel, 2, "expected ']'");

  // Without the flag, all of these are errors.
  check_error("Name", 0, "a query must start with '$'");
  check_error("@.a", 0, "a query must start with '$'");
  check_error("['a']", 0, "a query must start with '$'");
}

static void
test_errors(void)
{
  check_error("", 0, "a query must start with '$'");
  check_error(" $", 0, "leading whitespace is not allowed");
  check_error("$ ", 1, "trailing whitespace is not allowed");
  check_error("$.a\n", 3, "trailing whitespace is not allowed");
  check_error("$['a'", 5, "expected ']' to close the bracketed selection");
  check_error("$['a' x]",
              6,
              "expected ',' or ']' after a selector but "
              "found 'x'");
  check_error("$[", 2, "expected a selector");
  check_error("$[]", 2, "expected a selector");
  check_error("$['a", 2, "unterminated string literal");
  check_error("$['\\q']", 3, "invalid escape '\\q'");
  check_error("$['\\\"']", 3, "invalid escape '\\\"' in a single-quoted");
  check_error("$[\"\\'\"]", 3, "invalid escape '\\'' in a double-quoted");
  check_error("$['\\uD800']", 3, "high surrogate \\uD800 must be followed");
  check_error("$['\\uDC00']", 3, "low surrogate");
  check_error("$['\\u12']", 3, "expected four hex digits");
  check_error("$['\t']", 3, "control character U+0009 must be escaped");
  check_error("$.a.", 4, "expected a member name or '*' after '.'");
  check_error("$..", 3, "expected a member name, '*' or '[' after '..'");
  check_error("$. a", 2, "expected a member name or '*' after '.'");
  check_error("$.1", 2, "expected a member name");
  check_error("$a", 1, "unexpected 'a'; expected '.', '..' or '['");
  check_error("$[01]", 2, "leading zeros are not allowed");
  check_error("$[-0]", 2, "'-0' is not a valid integer");
  check_error("$[-]", 3, "expected a digit");
  check_error("$[9007199254740992]", 2, "integer out of the range");
  check_error("$[-9007199254740992]", 2, "integer out of the range");
  check_error("$[1:9007199254740992]", 4, "integer out of the range");
  check_error("$[::-9007199254740992]", 4, "integer out of the range");
  check_error("$[0 1]", 4, "expected ',' or ']'");

  check_error("$[?foo(@)]", 3, "unknown function 'foo'");
  check_error(
    "$[?length(@.a, 1) == 1]", 15, "function 'length' expects 1 argument");
  check_error("$[?length() == 1]", 10, "function 'length' expects 1 argument");
  check_error(
    "$[?match(@.a) == 1]", 12, "function 'match' expects 2 arguments");
  check_error("$[?length (@) == 1]",
              9,
              "expected '(' right after the "
              "function name 'length'");
  check_error("$[?length(@.a",
              13,
              "expected ')' to close the arguments of "
              "'length'");
  check_error("$[?@.* == 1]", 3, "comparison operand is not singular");
  check_error("$[?1 == @..a]", 8, "comparison operand is not singular");
  check_error("$[?@['a','b'] == 1]", 3, "comparison operand is not singular");
  check_error("$[?@[ 'a' ] == 1]", 3, "no blank space is allowed inside");
  check_error("$[?length(@[0 ]) == 1]", 10, "must be a singular query");
  check_error("$[?length(@.*) == 1]",
              10,
              "argument 1 of 'length' must be a singular query");
  check_error("$[?count(1) == 1]",
              9,
              "argument 1 of 'count' must be a query, not a literal");
  check_error("$[?count(length(@)) == 1]",
              9,
              "argument 1 of 'count' must be a query (NodesType), but "
              "'length' returns ValueType");
  check_error("$[?length(@.a == 1) == 1]",
              10,
              "argument 1 of 'length' must be ValueType, not a logical");
  check_error(
    "$[?length(match(@, 'a')) == 1]", 10, "but 'match' returns LogicalType");
  check_error("$[?length(@.a)]",
              3,
              "function 'length' returns ValueType and cannot be a test");
  check_error("$[?match(@.a, 'x') == true]",
              3,
              "function 'match' returns LogicalType and cannot be compared");
  check_error("$[?1]", 3, "a literal cannot be a test by itself");
  check_error("$[?true]", 3, "a literal cannot be a test by itself");
  check_error("$[?@.a || 'x']", 10, "a literal cannot be a test by itself");
  check_error("$[?!@.a == 1]", 8, "a negated expression cannot be compared");
  check_error(
    "$[?(@.a) == 1]", 9, "a parenthesized expression cannot be compared");
  check_error("$[?!1]", 4, "'!' must be followed by a query");
  check_error("$[?@.a = 1]", 7, "'=' is not an operator; use '=='");
  check_error("$[?@.a & @.b]", 7, "'&' is not an operator; use '&&'");
  check_error("$[?@.a | @.b]", 7, "'|' is not an operator; use '||'");
  check_error("$[?(@.a]",
              7,
              "expected ')' to close the parenthesized "
              "expression but found ']'");
  check_error("$[?(@.a", 7, "expected ')' to close the parenthesized");
  check_error("$[?]", 3, "expected a query, a literal or a function call");
  check_error("$[?", 3, "expected a filter expression");
  check_error("$[?True]", 3, "expected a query, a literal or a function");
  check_error("$[?nul == 1]", 3, "unknown name 'nul'");
  check_error("$[?@.a == 1.]", 12, "expected a digit after the decimal");
  check_error("$[?@.a == 1e]", 12, "expected a digit in the exponent");
  check_error("$[?@.a == 01]", 10, "leading zeros are not allowed");
  check_error("$[?@.a == -]", 11, "expected a digit");

  // NUL bytes in the text are not JSONPath.
  check_error_flags(
    "$['a\0b']", 8, LDXI_JSONPATH_STRICT, 4, "control character U+0000");
  check_error_flags(
    "$.a\0", 4, LDXI_JSONPATH_STRICT, 3, "unexpected byte 0x00");
  // Invalid UTF-8 in names and strings.
  check_error("$.a\xC3", 3, "invalid UTF-8 in a member name");
  check_error("$['\xED\xA0\x80']", 3, "invalid UTF-8 in a string literal");
  check_error("$.\xC0\x80", 2, "invalid UTF-8");

  // Bad arguments.
  LdxiJsonPath* path = NULL;
  assert(ldxi_jsonpath_compile(NULL, NULL, 3, 0, &path, NULL) == LDX_BAD_ARG);
  assert(ldxi_jsonpath_compile(NULL, "$", 1, 0, NULL, NULL) == LDX_BAD_ARG);
  // A NULL error record is allowed.
  assert(ldxi_jsonpath_compile(NULL, "$[", 2, 0, &path, NULL) ==
         LDX_BAD_REFERENCE);
  assert(!path);
  ldxi_jsonpath_free(NULL);
}

static void
test_loc_format(void)
{
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 0);
  assert(!ldxi_jsonpath_loc_format(NULL, &buf));
  assert(!strcmp(ldxi_buf_cstr(&buf), "$"));

  const char            name[] = "a'b\\c\b\f\n\r\t\x0b\x1f\x7f\"/\xC3\xA9\0z";
  const LdxiJsonPathLoc l0     = { NULL, "x", 1, 0 };
  const LdxiJsonPathLoc l1     = { &l0, NULL, 0, 12 };
  const LdxiJsonPathLoc l2     = { &l1, name, sizeof(name) - 1, 0 };
  ldxi_buf_clear(&buf);
  assert(!ldxi_jsonpath_loc_format(&l2, &buf));
  assert(!strcmp(ldxi_buf_cstr(&buf),
                 "$['x'][12]['a\\'b\\\\c\\b\\f\\n\\r\\t\\u000b\\u001f\x7f\"/"
                 "\xC3\xA9\\u0000z']"));

  // Appends to what is there.
  ldxi_buf_clear(&buf);
  assert(!ldxi_buf_puts(&buf, "at "));
  assert(!ldxi_jsonpath_loc_format(&l1, &buf));
  assert(!strcmp(ldxi_buf_cstr(&buf), "at $['x'][12]"));

  // A chain deeper than the formatter's stack array.
  LdxiJsonPathLoc chain[200];
  for (size_t i = 0; i < 200; ++i) {
    chain[i].parent   = i ? &chain[i - 1] : NULL;
    chain[i].name     = NULL;
    chain[i].name_len = 0;
    chain[i].index    = i;
  }
  ldxi_buf_clear(&buf);
  assert(!ldxi_jsonpath_loc_format(&chain[199], &buf));
  assert(!strncmp(ldxi_buf_cstr(&buf), "$[0][1][2]", 10));
  assert(!strcmp(ldxi_buf_cstr(&buf) + buf.len - 10, "[198][199]"));
  ldxi_buf_free(&buf);

  // A failed append leaves the buffer unchanged.
  LdxiBuf small;
  ldxi_buf_init(&small, NULL, 8);
  assert(!ldxi_buf_puts(&small, "ab"));
  assert(ldxi_jsonpath_loc_format(&l1, &small) == LDX_BAD_LIMIT);
  assert(!strcmp(ldxi_buf_cstr(&small), "ab"));
  ldxi_buf_free(&small);

  // Paths of evaluated nodes, with escapes from the document.
  const LdxiJson* doc =
    parse_json("{\"\\u0000\": 1, \"'\": 2, \"\\\\\": 3, \"\x7f\": 4}");
  LdxiJsonPath* path = compile_ok("$.*", 0);
  Seen          seen = { { NULL, 0, 0, 0, NULL }, 0, 0 };
  ldxi_buf_init(&seen.buf, NULL, 0);
  assert(!ldxi_jsonpath_eval(path, doc, NULL, record, &seen));
  assert(!strcmp(ldxi_buf_cstr(&seen.buf),
                 "1@$['\\u0000']|2@$['\\'']|3@$['\\\\']|4@$['\x7f']"));
  ldxi_buf_free(&seen.buf);
  ldxi_jsonpath_free(path);
  // A name selector with an escaped NUL finds that member.
  check_eval("$['\\u0000']", "{\"a\": 0}", "");
  check_eval("$[-1]", "[1, 2, 3]", "3@$[2]");
  check_eval("$[\"\\u0061\"]", "{\"a\": 1}", "1@$['a']");
}

static void
test_root_loc(void)
{
  const LdxiJson*       doc        = parse_json("{\"a\": [1, {\"b\": 2}]}");
  const LdxiJsonPathLoc top        = { NULL, "records", 7, 0 };
  const LdxiJsonPathLoc mine       = { &top, NULL, 0, 3 };
  const char* const     queries[]  = { "$.a[1].b", "$..b", "$", "$.a[?@.b]" };
  const char* const     expected[] = { "2@$['records'][3]['a'][1]['b']",
                                       "2@$['records'][3]['a'][1]['b']",
                                       "{\"a\":[1,{\"b\":2}]}@$['records'][3]",
                                       "{\"b\":2}@$['records'][3]['a'][1]" };
  for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); ++i) {
    LdxiJsonPath* path = compile_ok(queries[i], 0);
    Seen          seen = { { NULL, 0, 0, 0, NULL }, 0, 0 };
    ldxi_buf_init(&seen.buf, NULL, 0);
    assert(!ldxi_jsonpath_eval(path, doc, &mine, record, &seen));
    assert(!strcmp(ldxi_buf_cstr(&seen.buf), expected[i]));
    ldxi_buf_free(&seen.buf);
    ldxi_jsonpath_free(path);
  }
}

static void
test_visitor_stop(void)
{
  const LdxiJson* doc =
    parse_json("{\"a\": [1, 2, 3, 4], \"b\": {\"c\": [5, 6]}}");
  const struct {
    const char* query;
    size_t      stop_after;
    size_t      total;
  } cases[] = {
    { "$.a[*]", 2, 4 },      { "$..*", 3, 9 },      { "$.a", 1, 1 },
    { "$.a[?@ > 1]", 1, 3 }, { "$.a[::-1]", 2, 4 }, { "$..[0]", 1, 2 },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    LdxiJsonPath* path = compile_ok(cases[i].query, 0);
    Seen          seen = { { NULL, 0, 0, 0, NULL }, 0, cases[i].stop_after };
    ldxi_buf_init(&seen.buf, NULL, 0);
    assert(ldxi_jsonpath_eval(path, doc, NULL, record, &seen) == LDX_FAILURE);
    assert(seen.count == cases[i].stop_after);
    seen.count      = 0;
    seen.stop_after = 0;
    assert(!ldxi_jsonpath_eval(path, doc, NULL, record, &seen));
    assert(seen.count == cases[i].total);
    ldxi_buf_free(&seen.buf);
    ldxi_jsonpath_free(path);
  }
  LdxiJsonPath* path = compile_ok("$", 0);
  assert(ldxi_jsonpath_eval(path, NULL, NULL, record, NULL) == LDX_BAD_ARG);
  assert(ldxi_jsonpath_eval(path, doc, NULL, NULL, NULL) == LDX_BAD_ARG);
  assert(ldxi_jsonpath_eval(NULL, doc, NULL, record, NULL) == LDX_BAD_ARG);
  ldxi_jsonpath_free(path);
}

static void
test_singular(void)
{
  const struct {
    const char* query;
    bool        singular;
  } cases[] = {
    { "$", true },           { "$.a", true },      { "$['a'][0]", true },
    { "$.a[-1].b", true },   { "$ .a [0]", true }, { "$[ 'a' ]", true },
    { "$.*", false },        { "$..a", false },    { "$[0,1]", false },
    { "$[0:1]", false },     { "$[?@]", false },   { "$.a[*].b", false },
    { "$['a','b']", false },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    LdxiJsonPath* path = compile_ok(cases[i].query, 0);
    assert(ldxi_jsonpath_is_singular(path) == cases[i].singular);
    ldxi_jsonpath_free(path);
  }
  LdxiJsonPath* path = compile_ok("a.b[0]", LDXI_JSONPATH_RELATIVE);
  assert(ldxi_jsonpath_is_singular(path));
  ldxi_jsonpath_free(path);
  assert(!ldxi_jsonpath_is_singular(NULL));
}

// head + open x depth + inner + close x depth + tail
static char*
nested(const char* head,
       const char* open,
       const char* inner,
       const char* close,
       const char* tail,
       size_t      depth)
{
  size_t lo = strlen(open);
  size_t lc = strlen(close);
  size_t n  = strlen(head) + depth * (lo + lc) + strlen(inner) + strlen(tail);
  char*  s  = (char*)malloc(n + 1);
  assert(s);
  char* p = s;
  memcpy(p, head, strlen(head));
  p += strlen(head);
  for (size_t i = 0; i < depth; ++i, p += lo) {
    memcpy(p, open, lo);
  }
  memcpy(p, inner, strlen(inner));
  p += strlen(inner);
  for (size_t i = 0; i < depth; ++i, p += lc) {
    memcpy(p, close, lc);
  }
  memcpy(p, tail, strlen(tail) + 1);
  return s;
}

static void
test_depth_limit(void)
{
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  const LdxLimits limits = { 16, 0, 0 };
  ldx_world_set_limits(world, &limits);

  static const struct {
    const char* head;
    const char* open;
    const char* inner;
    const char* close;
    const char* tail;
  } shapes[] = {
    { "$", "[?@", "", "]", "" },              // nested filters
    { "$[?", "(", "@", ")", "]" },            // parentheses
    { "$[?", "!(", "@", ")", "]" },           // negations
    { "$[?", "length(", "@", ")", " == 1]" }, // function calls
    { "$", "[0]", "", "", "" },               // long segment chains
    { "$", ".a", "", "", "" },                // (dotted)
    { "$[?", "@.a[?", "@", "]", "]" },        // filters within segments
  };
  for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); ++i) {
    char*             ok   = nested(shapes[i].head,
                      shapes[i].open,
                      shapes[i].inner,
                      shapes[i].close,
                      shapes[i].tail,
                      3);
    char*             bad  = nested(shapes[i].head,
                       shapes[i].open,
                       shapes[i].inner,
                       shapes[i].close,
                       shapes[i].tail,
                       40);
    LdxiJsonPath*     path = NULL;
    LdxiJsonPathError err;
    LdxStatus st = ldxi_jsonpath_compile(world, ok, strlen(ok), 0, &path, &err);
    if (st) {
      fprintf(stderr, "%s: %s\n", ok, err.message);
    }
    assert(!st);
    ldxi_jsonpath_free(path);
    path = NULL;
    st   = ldxi_jsonpath_compile(world, bad, strlen(bad), 0, &path, &err);
    assert(st == LDX_BAD_LIMIT);
    assert(!path);
    assert(strstr(err.message, "deeper than the limit of 16"));
    free(ok);
    free(bad);
  }

  // Very deep input without a world (default limit 512) never crashes.
  for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); ++i) {
    char*         huge = nested(shapes[i].head,
                        shapes[i].open,
                        shapes[i].inner,
                        shapes[i].close,
                        shapes[i].tail,
                        100000);
    LdxiJsonPath* path = NULL;
    assert(ldxi_jsonpath_compile(NULL, huge, strlen(huge), 0, &path, NULL) ==
           LDX_BAD_LIMIT);
    free(huge);
  }

  // Evaluation over data deeper than the limit stops with LDX_BAD_LIMIT.
  char deep[203];
  memset(deep, '[', 101);
  memset(deep + 101, ']', 101);
  deep[202]            = '\0';
  const LdxiJson* doc  = parse_json(deep);
  LdxiJsonPath*   path = NULL;
  assert(!ldxi_jsonpath_compile(world, "$..*", 4, 0, &path, NULL));
  Seen seen = { { NULL, 0, 0, 0, NULL }, 0, 0 };
  ldxi_buf_init(&seen.buf, NULL, 0);
  assert(ldxi_jsonpath_eval(path, doc, NULL, record, &seen) == LDX_BAD_LIMIT);
  ldxi_buf_free(&seen.buf);
  ldxi_jsonpath_free(path);

  // Comparing values nested deeper than the limit, likewise.
  assert(!ldxi_jsonpath_compile(world, "$[?@ == $[0]]", 13, 0, &path, NULL));
  seen.count = 0;
  ldxi_buf_init(&seen.buf, NULL, 0);
  assert(ldxi_jsonpath_eval(path, doc, NULL, record, &seen) == LDX_BAD_LIMIT);
  ldxi_buf_free(&seen.buf);
  ldxi_jsonpath_free(path);
  ldx_world_free(world);
}

static void
test_semantics(void)
{
  // Numbers compare mathematically, across integer and real.
  const char* nums = "[1, 1.0, 2, 1.5, -0.0, 0, 9007199254740993]";
  check_eval("$[?@ == 1]", nums, "1@$[0]|1.0@$[1]");
  check_eval("$[?@ == 1.0]", nums, "1@$[0]|1.0@$[1]");
  check_eval("$[?@ == 10e-1]", nums, "1@$[0]|1.0@$[1]");
  check_eval("$[?@ > 1 && @ < 2]", nums, "1.5@$[3]");
  check_eval("$[?@ == -0]", nums, "-0.0@$[4]|0@$[5]");
  check_eval("$[?@ == 9007199254740993]", nums, "9007199254740993@$[6]");
  check_eval("$[?@ > 9007199254740992.0]", nums, "9007199254740993@$[6]");
  check_eval("$[?@ < 1.5 && @ > 0.5]", nums, "1@$[0]|1.0@$[1]");
  check_eval("$[?@ >= 1.5]", "[1, 2, 1.5, \"2\"]", "2@$[1]|1.5@$[2]");
  // Objects with as many members but other names differ, even after an
  // equal first member; duplicate names compare by their last value.
  check_eval("$[?@.a == @.b]",
             "[{\"a\": {\"x\": 1, \"y\": 1}, \"b\": {\"x\": 1, \"z\": 1}},"
             " {\"a\": {\"x\": 2, \"x\": 1}, \"b\": {\"x\": 1}}]",
             "{\"a\":{\"x\":2,\"x\":1},\"b\":{\"x\":1}}@$[1]");

  // Strings by code point, not by locale or UTF-16 unit.
  check_eval("$[?@ < 'b']",
             "[\"a\", \"b\", \"B\", \"\\u00e9\", \"ab\"]",
             "\"a\"@$[0]|\"B\"@$[2]|\"ab\"@$[4]");
  check_eval("$[?@ > '\\uffff']",
             "[\"\\ud83d\\ude00\", \"\\uffee\"]",
             "\"\\ud83d\\ude00\"@$[0]");

  // Deep equality, with numbers inside compared mathematically.
  check_eval("$[?@.a == $.x]",
             "{\"x\": [1, {\"k\": 2}], \"y\": {\"a\": [1.0, {\"k\": 2.0}]},"
             " \"z\": {\"a\": [1, {\"k\": 3}]}}",
             "{\"a\":[1.0,{\"k\":2.0}]}@$['y']");

  // Nothing: equal only to Nothing; <= holds between two Nothings.
  check_eval("$[?@.a == @.b]",
             "[{}, {\"a\": 1}, {\"a\": 1, \"b\": 1}]",
             "{}@$[0]|{\"a\":1,\"b\":1}@$[2]");
  check_eval("$[?@.a <= @.b]", "[{}, {\"a\": 1}]", "{}@$[0]");
  check_eval("$[?@.a < @.b]", "[{}, {\"a\": 1}]", "");
  check_eval(
    "$[?@.a != 1]", "[{}, {\"a\": 1}, {\"a\": 2}]", "{}@$[0]|{\"a\":2}@$[2]");

  // Slices: defaults, negative steps, clamping, huge bounds.
  const char* five = "[0, 1, 2, 3, 4]";
  check_eval("$[::-1]", five, "4@$[4]|3@$[3]|2@$[2]|1@$[1]|0@$[0]");
  check_eval("$[3:0:-2]", five, "3@$[3]|1@$[1]");
  check_eval("$[-2:]", five, "3@$[3]|4@$[4]");
  check_eval("$[:-3]", five, "0@$[0]|1@$[1]");
  check_eval("$[1:3:0]", five, "");
  check_eval(
    "$[-9007199254740991:9007199254740991:9007199254740991]", five, "0@$[0]");
  check_eval("$[9007199254740991::-9007199254740991]", five, "4@$[4]");
  check_eval("$[9007199254740991]", five, "");
  check_eval("$[-9007199254740991]", five, "");
  check_eval("$[0:2, 4, -1]", five, "0@$[0]|1@$[1]|4@$[4]|4@$[4]");

  // Descendants: document order, node before its descendants.
  check_eval("$..[0]",
             "[[1, [2]], [3]]",
             "[1,[2]]@$[0]|1@$[0][0]|2@$[0][1][0]|3@$[1][0]");
  check_eval("$..a",
             "{\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}]}",
             "{\"a\":1}@$['a']|1@$['a']['a']|2@$['b'][0]['a']");

  // Functions.
  check_eval("$[?length(@) == 2]",
             "[\"\\u00e9\\ud83d\\ude00\", [1, 2], {\"a\": 1, \"b\": 2}, 2, "
             "\"ab\", \"abc\"]",
             "\"\\u00e9\\ud83d\\ude00\"@$[0]|[1,2]@$[1]|{\"a\":1,\"b\":2}@$[2]"
             "|\"ab\"@$[4]");
  check_eval(
    "$[?count(@.*) == 2]", "[[1, 2], {\"a\": [1, 2, 3]}, [3]]", "[1,2]@$[0]");
  check_eval("$[?count(@..*) > 2]",
             "[[1, 2], {\"a\": [1, 2, 3]}, [3]]",
             "{\"a\":[1,2,3]}@$[1]");
  check_eval("$[?value(@..x) == 1]",
             "[{\"x\": 1}, {\"x\": 1, \"y\": {\"x\": 1}}, {\"y\": {\"x\": 1}}]",
             "{\"x\":1}@$[0]|{\"y\":{\"x\":1}}@$[2]");
  check_eval("$[?length(value(@.*)) == 3]",
             "[[\"abc\"], [\"ab\", 1], [[1]]]",
             "[\"abc\"]@$[0]");
  check_eval("$[?count($.*) == 3]", "[1, 2, 3]", "1@$[0]|2@$[1]|3@$[2]");

  // Existence tests see nodes whose value is null or false.
  check_eval("$[?@.a]",
             "[{\"a\": null}, {\"a\": false}, {\"b\": 1}]",
             "{\"a\":null}@$[0]|{\"a\":false}@$[1]");
  check_eval("$[?!@.a]", "[{\"a\": null}, {\"b\": 1}]", "{\"b\":1}@$[1]");
  check_eval("$[?@.a && (@.b || !@.c)]",
             "[{\"a\": 1, \"c\": 1}, {\"a\": 1, \"b\": 1, \"c\": 1}, "
             "{\"a\": 1}]",
             "{\"a\":1,\"b\":1,\"c\":1}@$[1]|{\"a\":1}@$[2]");
  check_eval("$[?@ == true || @ == null]",
             "[true, false, null, 0]",
             "true@$[0]|null@$[2]");

  // Filters on objects select member values.
  check_eval(
    "$[?@ > 1]", "{\"a\": 1, \"b\": 2, \"c\": 3}", "2@$['b']|3@$['c']");
  // Whitespace where the grammar allows it.
  check_eval("$ [ ?\t@.a\n==\r1 , 'x' ]", "{\"x\": 2}", "2@$['x']");
}

typedef struct {
  const LdxiJsonPath* path;
  size_t              calls;
  int                 depth;
  LdxiBuf             paths;
} Reenter;

// Evaluates the same path again from inside the visitor.
static LdxStatus
reenter(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  Reenter* r = (Reenter*)handle;
  ++r->calls;
  assert(!ldxi_jsonpath_loc_format(loc, &r->paths));
  assert(!ldxi_buf_putc(&r->paths, ' '));
  if (r->depth >= 1) {
    return LDX_SUCCESS;
  }
  ++r->depth;
  LdxStatus st = ldxi_jsonpath_eval(r->path, node, loc, reenter, r);
  --r->depth;
  return st;
}

static void
test_reentry(void)
{
  const LdxiJson* doc =
    parse_json("[{\"s\": \"ab\", \"p\": \"a.*\", \"c\": [{\"s\": "
               "\"xy\", \"p\": \"x.\"}]}]");
  Reenter r = {
    compile_ok("$..[?match(@.s, @.p)]", 0), 0, 0, { NULL, 0, 0, 0, NULL }
  };
  ldxi_buf_init(&r.paths, NULL, 0);
  assert(!ldxi_jsonpath_eval(r.path, doc, NULL, reenter, &r));
  assert(r.calls == 3);
  assert(!strcmp(ldxi_buf_cstr(&r.paths), "$[0] $[0]['c'][0] $[0]['c'][0] "));
  ldxi_buf_free(&r.paths);
  ldxi_jsonpath_free((LdxiJsonPath*)r.path);
}

static void
test_regex(void)
{
  const char* words = "[\"abc\", \"ab\", \"xabx\", \"a\\nb\", \"a\\rb\", "
                      "\"a\\u2028b\", \"a\\ud83d\\ude00b\", 1, \"^ab\"]";
  check_eval("$[?match(@, 'ab')]", words, "\"ab\"@$[1]");
  check_eval("$[?search(@, 'ab')]",
             words,
             "\"abc\"@$[0]|\"ab\"@$[1]|\"xabx\"@$[2]|\"^ab\"@$[8]");
  check_eval("$[?match(@, 'a.b')]",
             words,
             "\"a\\u2028b\"@$[5]|\"a\\ud83d\\ude00b\"@$[6]");
  check_eval("$[?search(@, '^ab')]", words, "\"abc\"@$[0]|\"ab\"@$[1]");
  check_eval("$[?search(@, 'b$')]",
             words,
             "\"ab\"@$[1]|\"a\\nb\"@$[3]|\"a\\rb\"@$[4]|\"a\\u2028b\"@$[5]|"
             "\"a\\ud83d\\ude00b\"@$[6]|\"^ab\"@$[8]");
  check_eval("$[?match(@, '\\\\^ab')]", words, "\"^ab\"@$[8]");
  check_eval("$[?match(@, '[\\\\^x]ab')]", words, "\"^ab\"@$[8]");
  check_eval("$[?match(@, '\\\\p{L}+')]",
             "[\"abc\", \"a1\", \"\\u00e9t\\u00e9\"]",
             "\"abc\"@$[0]|\"\\u00e9t\\u00e9\"@$[2]");
  check_eval("$[?match(@, '[^\\\\P{Nd}]{2,3}')]",
             "[\"12\", \"1234\", \"1a\"]",
             "\"12\"@$[0]");
  check_eval("$[?match(@, '(a|b)*c?')]",
             "[\"abba\", \"abc\", \"cc\"]",
             "\"abba\"@$[0]|\"abc\"@$[1]");
  check_eval("$[?match(@, '[a-c-]+')]", "[\"a-c\", \"d\"]", "\"a-c\"@$[0]");

  // Patterns that are not I-Regexp never match (and are not errors).
  const char* const invalid[] = {
    "\\\\d",     "a**",    "a*?",      "(?:a)",   "a]",      "a{",
    "a}",        "[]",     "[^]",      "*a",      "(a",      "a)",
    "\\\\",      "\\\\1",  "a{,2}",    "a{2}{3}", "[a-c-e]", "[b-a]",
    "\\\\p{Cs}", "\\\\pL", "\\\\p{Lu", "[[a]]",   "a{3,2}",  "\\\\u0041",
  };
  for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); ++i) {
    char query[64];
    snprintf(query,
             sizeof(query),
             "$[?match(@, '%s') || search(@, '%s')]",
             invalid[i],
             invalid[i]);
    check_eval(
      query, "[\"a\", \"aa\", \"d\", \"1\", \"\", \"\\\\\", \"a]\"]", "");
  }

  // Patterns from the document, compiled at evaluation through the cache:
  // more distinct patterns than cache slots, each used several times.
  LdxiBuf text;
  ldxi_buf_init(&text, NULL, 0);
  assert(!ldxi_buf_putc(&text, '['));
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 20; ++i) {
      char pat[16];
      char subject[16];
      snprintf(pat, sizeof(pat), "x%d+", i);
      // Even rows match ("x4" + "4"), odd ones do not ("x3y").
      if (i % 2) {
        snprintf(subject, sizeof(subject), "x%dy", i);
      } else {
        snprintf(subject, sizeof(subject), "x%d%d", i, i % 10);
      }
      assert(!ldxi_buf_printf(
        &text, "{\"p\": \"%s\", \"s\": \"%s\"},", pat, subject));
    }
  }
  assert(!ldxi_buf_puts(&text,
                        "{\"p\": \"a**\", \"s\": \"aa\"},"
                        " {\"p\": 1, \"s\": \"1\"}]"));
  const LdxiJson* doc = parse_json(ldxi_buf_cstr(&text));
  ldxi_buf_free(&text);

  LdxiJsonPath* path = compile_ok("$[?match(@.s, @.p)]", 0);
  Seen          seen = { { NULL, 0, 0, 0, NULL }, 0, 0 };
  ldxi_buf_init(&seen.buf, NULL, 0);
  assert(!ldxi_jsonpath_eval(path, doc, NULL, record, &seen));
  assert(seen.count == 3 * 10);
  ldxi_buf_free(&seen.buf);
  ldxi_jsonpath_free(path);

  // Every category I-Regexp names is one PCRE2 knows.
  static const char* const categories[] = {
    "L",  "Ll", "Lm", "Lo", "Lt", "Lu", "M",  "Mc", "Me", "Mn", "N",  "Nd",
    "Nl", "No", "P",  "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z",  "Zl",
    "Zp", "Zs", "S",  "Sc", "Sk", "Sm", "So", "C",  "Cc", "Cf", "Cn", "Co"
  };
  LdxiJpRegexEnv* env = ldxi_jp_regex_env_new(NULL);
  assert(env);
  for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); ++i) {
    char               pattern[32];
    const LdxiJpRegex* regex = NULL;
    int                n     = snprintf(pattern,
                     sizeof(pattern),
                     "[\\P{%s}\\p{%s}]",
                     categories[i],
                     categories[i]);
    assert(!ldxi_jp_regex_compile(env, pattern, (size_t)n, true, &regex));
    assert(regex);
    bool matched = false;
    assert(!ldxi_jp_regex_match(env, regex, "\xE2\x80\xA8", 3, &matched));
    assert(matched);
  }
  ldxi_jp_regex_env_free(env);

  // The translator on its own.
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 0);
  bool valid = false;
  assert(!ldxi_iregexp_translate("a.b", 3, true, &buf, &valid) && valid);
  assert(!strcmp(ldxi_buf_cstr(&buf), "\\A(?:a[^\\n\\r]b)\\z"));
  ldxi_buf_clear(&buf);
  assert(!ldxi_iregexp_translate("(x|[-a-c])", 10, false, &buf, &valid) &&
         valid);
  assert(!strcmp(ldxi_buf_cstr(&buf), "(?:(?:x|[\\x{2d}a-c]))"));
  ldxi_buf_clear(&buf);
  assert(!ldxi_iregexp_translate("a\0b", 3, false, &buf, &valid) && valid);
  assert(!strcmp(ldxi_buf_cstr(&buf), "(?:a\\x{0}b)"));
  ldxi_buf_clear(&buf);
  assert(!ldxi_iregexp_translate("\xff", 1, false, &buf, &valid) && !valid);
  ldxi_buf_free(&buf);
}

// Deterministic pseudo-random queries: compile and evaluate must not crash
// (the sanitizer build checks memory), and any failure must be an error
// status with a message.
static void
test_fuzz(void)
{
  static const char        alphabet[] = "$@.[]?*:,'\"()!=<>&|-0123456789abe \\u"
                                        "lengthcountmatchsearchvalue\x01\xC3\xA9";
  static const char* const seeds[]    = {
       "$.a[?@.b == 1 && length(@.c) > 2]",
       "$..[?match(@, 'a.*')]",
       "$[1:-1:2]['x', 'y']",
       "$[?count(@..*) >= value($.n)]",
       "$[?!(@.a != 'q\\u00e9') || search(@.b, $.re)]",
  };
  const LdxiJson* doc =
    parse_json("{\"a\": [1, {\"b\": 1, \"c\": \"xyz\"}, [2, 3]],"
               " \"n\": 2, \"re\": \"[a-z]+\", \"x\": {\"y\": 0}}");
  uint32_t state = 12345;
  char     query[96];
  for (size_t iter = 0; iter < 20000; ++iter) {
    const char* seed = seeds[iter % (sizeof(seeds) / sizeof(seeds[0]))];
    size_t      len  = strlen(seed);
    memcpy(query, seed, len);
    // A few random edits: replace, insert or delete a byte.
    for (int e = 0; e < 1 + (int)(iter % 4); ++e) {
      state      = state * 1103515245u + 12345u;
      size_t pos = (state >> 8) % (len + 1);
      char   c   = alphabet[(state >> 20) % (sizeof(alphabet) - 1)];
      int    op  = (int)((state >> 4) % 3);
      if (op == 0 && pos < len) {
        query[pos] = c;
      } else if (op == 1 && len + 1 < sizeof(query)) {
        memmove(query + pos + 1, query + pos, len - pos);
        query[pos] = c;
        ++len;
      } else if (pos < len) {
        memmove(query + pos, query + pos + 1, len - pos - 1);
        --len;
      }
    }
    LdxiJsonPath*     path = NULL;
    LdxiJsonPathError err;
    LdxStatus         st = ldxi_jsonpath_compile(
      NULL, query, len, (unsigned)(iter & 1), &path, &err);
    if (st) {
      assert(st == LDX_BAD_REFERENCE && !path && err.message[0] &&
             err.offset <= len);
      continue;
    }
    Seen seen = { { NULL, 0, 0, 0, NULL }, 0, 0 };
    ldxi_buf_init(&seen.buf, NULL, 0);
    assert(!ldxi_jsonpath_eval(path, doc, NULL, record, &seen));
    ldxi_buf_free(&seen.buf);
    ldxi_jsonpath_free(path);
  }
}

static const char* const alloc_queries[] = {
  "$.name",
  "$..book[?@.price < 10 && @.category == 'fiction'].title",
  "$.store.*[0:3:2, -1, 'a b', \"\\u00e9\\ud83d\\ude00\"]",
  "$[?match(@.a, '[a-z]+(b|c){2,3}\\\\p{Lu}') || search(@.b, @.re)]",
  "$[?count(@..*) > 1 && length(value($..x)) == 2.5e1]",
  "$[?(@.a == 'x\\n') || !(@.b != -1.5) && $[0]]",
  "$.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z[1][2][3][4][5]",
  // A number literal longer than the lexer's stack buffer.
  ("$[?@.x == 0.123456789012345678901234567890123456789012345678901234567890"
   "123456789012345678901234567890123456789012345678901234567890]"),
  "$['a' , 'b' , 'c' , 'd' , 'e' , 'f' , 'g' , 'h' , 'i' , 'j' , 'k' , 'l']",
};

static void
test_compile_alloc_failures(void)
{
  Counter   counter;
  LdxWorld* world = counting_world(&counter);
  for (size_t q = 0; q < sizeof(alloc_queries) / sizeof(alloc_queries[0]);
       ++q) {
    const char* text = alloc_queries[q];
    // One good run to count the allocations.
    counter.attempts   = 0;
    counter.fail_at    = SIZE_MAX;
    LdxiJsonPath* path = NULL;
    LdxStatus     st =
      ldxi_jsonpath_compile(world, text, strlen(text), 0, &path, NULL);
    assert(!st);
    ldxi_jsonpath_free(path);
    assert(counter.live == 0);
    const size_t needed = counter.attempts;
    assert(needed > 0);
    for (size_t i = 0; i < needed; ++i) {
      counter.attempts = 0;
      counter.fail_at  = i;
      path             = NULL;
      LdxiJsonPathError err;
      st = ldxi_jsonpath_compile(world, text, strlen(text), 0, &path, &err);
      if (st != LDX_BAD_ALLOC) {
        fprintf(stderr,
                "%s: failing allocation %zu gave %s\n",
                text,
                i,
                ldx_strerror(st));
      }
      assert(st == LDX_BAD_ALLOC);
      assert(!path);
      assert(counter.live == 0);
    }
  }
  ldx_world_free(world);
}

static LdxStatus
ignore(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  (void)node;
  (void)loc;
  ++*(size_t*)handle;
  return LDX_SUCCESS;
}

static void
test_eval_alloc_failures(void)
{
  // Patterns from the document allocate when first seen; a failure there
  // is a clean LDX_BAD_ALLOC.
  Counter         counter;
  LdxWorld*       world = counting_world(&counter);
  const LdxiJson* doc   = parse_json("[{\"s\": \"abc\", \"p\": \"[a-c]+\"},"
                                     " {\"s\": \"x\", \"p\": \"y\"}]");
  for (size_t i = 0;; ++i) {
    LdxiJsonPath* path = NULL;
    counter.fail_at    = SIZE_MAX;
    assert(
      !ldxi_jsonpath_compile(world, "$[?match(@.s, @.p)]", 19, 0, &path, NULL));
    counter.attempts = 0;
    counter.fail_at  = i;
    size_t    n      = 0;
    LdxStatus st     = ldxi_jsonpath_eval(path, doc, NULL, ignore, &n);
    ldxi_jsonpath_free(path);
    assert(counter.live == 0);
    if (!st) {
      assert(n == 1);
      break;
    }
    assert(st == LDX_BAD_ALLOC);
  }
  ldx_world_free(world);
}

static void
test_eval_allocation_free(void)
{
  // The common shapes evaluate without a single allocation.
  static const char* const queries[] = {
    "$.name",
    "$.store.book[1].title",
    "$.store.book[-1]",
    "$.store.*",
    "$.store.book[*].author",
    "$.store.book[0:2]",
    "$.store.book[::-1].price",
    "$..price",
    "$..*",
    "$.store.book[?@.price < 10].title",
    "$.store.book[?@.price < $.limit && @.category == 'fiction']",
    "$.store.book[?@.isbn]",
    "$.store.book[?!@.isbn || length(@.title) > 5]",
    "$.store.book[?count(@.*) > 3]",
    "$.store.book[?value(@..price) >= 8.95]",
    "$.store.book[?match(@.author, '.*Tolkien')]",
    "$.store.book[?search(@.title, 'Lord|Moby')]",
    "$.store.book[?@ == $.store.book[0]]",
  };
  const char* text =
    "{\"name\": \"Goessner\", \"limit\": 10, \"store\": {\"book\": ["
    "{\"category\": \"reference\", \"author\": \"Nigel Rees\","
    " \"title\": \"Sayings of the Century\", \"price\": 8.95},"
    "{\"category\": \"fiction\", \"author\": \"Evelyn Waugh\","
    " \"title\": \"Sword of Honour\", \"price\": 12.99},"
    "{\"category\": \"fiction\", \"author\": \"Herman Melville\","
    " \"title\": \"Moby Dick\", \"isbn\": \"0-553-21311-3\", \"price\": 8.99},"
    "{\"category\": \"fiction\", \"author\": \"J. R. R. Tolkien\","
    " \"title\": \"The Lord of the Rings\", \"isbn\": \"0-395-19395-8\","
    " \"price\": 22.99}],"
    " \"bicycle\": {\"color\": \"red\", \"price\": 19.95}}}";
  const LdxiJson* doc = parse_json(text);
  Counter         counter;
  LdxWorld*       world = counting_world(&counter);
  for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); ++q) {
    LdxiJsonPath* path = NULL;
    assert(!ldxi_jsonpath_compile(
      world, queries[q], strlen(queries[q]), 0, &path, NULL));
    const size_t before = counter.attempts;
    size_t       n      = 0;
    for (int i = 0; i < 3; ++i) {
      assert(!ldxi_jsonpath_eval(path, doc, NULL, ignore, &n));
    }
    if (counter.attempts != before) {
      fprintf(stderr, "%s allocated during evaluation\n", queries[q]);
      assert(false);
    }
    assert(n > 0);
    ldxi_jsonpath_free(path);
  }
  assert(counter.live == 0);
  ldx_world_free(world);
}

int
main(void)
{
  ldxi_arena_init(&docs, NULL, 0);
  test_relative();
  test_errors();
  test_loc_format();
  test_root_loc();
  test_visitor_stop();
  test_singular();
  test_depth_limit();
  test_semantics();
  test_regex();
  test_reentry();
  test_fuzz();
  test_compile_alloc_failures();
  test_eval_alloc_failures();
  test_eval_allocation_free();
  ldxi_arena_free(&docs);
  return 0;
}
