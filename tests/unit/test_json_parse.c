// SPDX-License-Identifier: MIT
// Unit tests of the JSON parser and document model: what RFC 8259 accepts
// and rejects, numbers' values and text, strings and escapes, error
// positions and messages, limits, and allocation failures.
#undef NDEBUG

#include "json_support.h"

#include "core/arena.h"
#include "json/json.h"

#include "ldexport.h"

#include <assert.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static LdxiArena arena;

static LdxStatus
parse_n(const char* text, size_t len, const LdxiJson** out, LdxiJsonError* err)
{
  ldxi_arena_reset(&arena);
  return ldxi_json_parse(NULL, &arena, text, len, out, err);
}

static const LdxiJson*
parse_ok(const char* text)
{
  const LdxiJson* doc = NULL;
  LdxiJsonError   err;
  LdxStatus       st = parse_n(text, strlen(text), &doc, &err);
  if (st) {
    fprintf(stderr,
            "rejected: %s\n  %zu:%zu (byte %zu): %s\n",
            text,
            err.line,
            err.column,
            err.offset,
            err.message);
  }
  assert(!st && doc);
  return doc;
}

// Compact form of `text` after parsing it.
static void
check_roundtrip(const char* text, const char* expected)
{
  const LdxiJson* doc = parse_ok(text);
  LdxiBuf         out;
  ldxi_buf_init(&out, NULL, 0);
  assert(!ldxi_json_write(doc, LDXI_JSON_WRITE_ASCII, &out));
  if (strcmp(ldxi_buf_cstr(&out), expected)) {
    fprintf(stderr,
            "%s\n  gave     %s\n  expected %s\n",
            text,
            ldxi_buf_cstr(&out),
            expected);
    assert(false);
  }
  ldxi_buf_free(&out);
}

static void
test_accepted(void)
{
  // In the spirit of the y_ cases: every part of the grammar.
  static const char* const docs[] = {
    "[]",
    "{}",
    " [ ] ",
    "\t\r\n{\n}\n",
    "[[[]]]",
    "[{}, [], {\"\": []}]",
    "0",
    "-0",
    "-0.0",
    "0e0",
    "0E-0",
    "1e+2",
    "123.456e-789",
    "-1.5E308",
    "1e400", // beyond double: a number all the same (its text is kept)
    "\"\"",
    "\" \"",
    "\"\\u0000\"",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
    "\"\\uD834\\uDD1E\"",
    "\"\\uffff\\uFFFE\"",
    "\"\x7f\"",
    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"",
    "\"\xef\xbb\xbf\"", // a BOM inside a string is a character
    "true",
    "false",
    "null",
    "[true,false,null]",
    "{\"a\":1,\"a\":2}",
    "{\"\\u0061\":{\"b\":[1,{\"c\":null}]}}",
    "[1,-2,3.5,-4e1,5E-1]",
    "\xef\xbb\xbf{}",
    "\xef\xbb\xbf 1 ",
  };
  for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); ++i) {
    parse_ok(docs[i]);
  }
  check_roundtrip(" [ 1 , 2.50 , -0, 1E+2 ] ", "[1,2.50,-0,1E+2]");
  check_roundtrip("{ \"b\" : 1 , \"a\" : [ ] , \"b\" : { } }",
                  "{\"b\":1,\"a\":[],\"b\":{}}");
  check_roundtrip("\"\\u00e9\\ud83d\\ude00\\n\\u001f\"",
                  "\"\\u00e9\\ud83d\\ude00\\n\\u001f\"");
  check_roundtrip("\"\\/\"", "\"/\"");
}

typedef struct {
  const char* text;
  size_t      len; // 0: strlen
  LdxStatus   status;
  size_t      line;
  size_t      column;
  size_t      offset;
  const char* message;
} Bad;

static void
check_bad(const Bad* b)
{
  const size_t    len = b->len ? b->len : strlen(b->text);
  const LdxiJson* doc = NULL;
  LdxiJsonError   err;
  LdxStatus       st = parse_n(b->text, len, &doc, &err);
  if (st != b->status || err.line != b->line || err.column != b->column ||
      err.offset != b->offset || strcmp(err.message, b->message)) {
    fprintf(stderr,
            "%s\n  gave     %s %zu:%zu byte %zu: %s\n  expected %s %zu:%zu "
            "byte %zu: %s\n",
            b->text,
            ldx_strerror(st),
            err.line,
            err.column,
            err.offset,
            err.message,
            ldx_strerror(b->status),
            b->line,
            b->column,
            b->offset,
            b->message);
    assert(false);
  }
}

#define SYN LDX_BAD_SYNTAX
#define HIGH                                                           \
  "lone high surrogate in a string (a \\uD800-\\uDBFF escape must be " \
  "followed by a \\uDC00-\\uDFFF escape)"
#define LOW                                                        \
  "lone low surrogate in a string (\\uDC00-\\uDFFF must follow a " \
  "\\uD800-\\uDBFF escape)"

static void
test_rejected(void)
{
  // In the spirit of the n_ cases, with where and why.
  // clang-format off
  static const Bad cases[] = {
    { "", 0, SYN, 1, 1, 0, "expected a value, found the end of the input" },
    { " \n ", 0, SYN, 2, 2, 3, "expected a value, found the end of the input" },
    { "[", 0, SYN, 1, 2, 1, "expected a value or ']', found the end of the input" },
    { "]", 0, SYN, 1, 1, 0, "expected a value, found ']'" },
    { "[1,]", 0, SYN, 1, 4, 3, "expected a value after ',' (trailing commas are not allowed), found ']'" },
    { "[,1]", 0, SYN, 1, 2, 1, "expected a value or ']', found ','" },
    { "[1,,2]", 0, SYN, 1, 4, 3, "expected a value, found ','" },
    { "[1 2]", 0, SYN, 1, 4, 3, "expected ',' or ']' after an array element, found '2'" },
    { "[1", 0, SYN, 1, 3, 2, "expected ',' or ']' after an array element, found the end of the input" },
    { "[1}", 0, SYN, 1, 3, 2, "expected ',' or ']' after an array element, found '}'" },
    { "{\"a\":1,}", 0, SYN, 1, 8, 7, "expected a member name after ',' (trailing commas are not allowed), found '}'" },
    { "{,}", 0, SYN, 1, 2, 1, "expected a member name or '}', found ','" },
    { "{a:1}", 0, SYN, 1, 2, 1, "expected a member name or '}', found 'a'" },
    { "{'a':1}", 0, SYN, 1, 2, 1, "expected a member name or '}', found \"'\"" },
    { "{\"a\":1,2}", 0, SYN, 1, 8, 7, "expected a member name (a double-quoted string), found '2'" },
    { "{\"a\" 1}", 0, SYN, 1, 6, 5, "expected ':' after a member name, found '1'" },
    { "{\"a\"::1}", 0, SYN, 1, 6, 5, "expected a value, found ':'" },
    { "{\"a\"", 0, SYN, 1, 5, 4, "expected ':' after a member name, found the end of the input" },
    { "{\"a\":", 0, SYN, 1, 6, 5, "expected a value, found the end of the input" },
    { "{\"a\":1", 0, SYN, 1, 7, 6, "expected ',' or '}' after an object member, found the end of the input" },
    { "{\"a\":1,", 0, SYN, 1, 8, 7, "expected a member name (a double-quoted string), found the end of the input" },
    { "{\"a\":1 \"b\":2}", 0, SYN, 1, 8, 7, "expected ',' or '}' after an object member, found '\"'" },
    { "{\"a\":1]", 0, SYN, 1, 7, 6, "expected ',' or '}' after an object member, found ']'" },
    { "{", 0, SYN, 1, 2, 1, "expected a member name or '}', found the end of the input" },
    // Numbers
    { "[01]", 0, SYN, 1, 3, 2, "leading zeros are not allowed in a number, found '1'" },
    { "-01", 0, SYN, 1, 3, 2, "leading zeros are not allowed in a number, found '1'" },
    { "[-]", 0, SYN, 1, 3, 2, "expected a digit after '-', found ']'" },
    { "- 1", 0, SYN, 1, 2, 1, "expected a digit after '-', found ' '" },
    { "-", 0, SYN, 1, 2, 1, "expected a digit after '-', found the end of the input" },
    { "[1.]", 0, SYN, 1, 4, 3, "expected a digit after the decimal point, found ']'" },
    { "1.", 0, SYN, 1, 3, 2, "expected a digit after the decimal point, found the end of the input" },
    { "[.5]", 0, SYN, 1, 2, 1, "expected a value or ']', found '.'" },
    { "[1e]", 0, SYN, 1, 4, 3, "expected a digit in the exponent, found ']'" },
    { "[1e+]", 0, SYN, 1, 5, 4, "expected a digit in the exponent, found ']'" },
    { "1E", 0, SYN, 1, 3, 2, "expected a digit in the exponent, found the end of the input" },
    { "[+1]", 0, SYN, 1, 2, 1, "expected a value or ']', found '+'" },
    { "[0x10]", 0, SYN, 1, 3, 2, "expected ',' or ']' after an array element, found 'x'" },
    { "[1.5.2]", 0, SYN, 1, 5, 4, "expected ',' or ']' after an array element, found '.'" },
    { "[NaN]", 0, SYN, 1, 2, 1, "expected a value or ']', found 'N'" },
    { "[Infinity]", 0, SYN, 1, 2, 1, "expected a value or ']', found 'I'" },
    { "[-Infinity]", 0, SYN, 1, 3, 2, "expected a digit after '-', found 'I'" },
    // Literals
    { "[tru]", 0, SYN, 1, 5, 4, "invalid literal (expected 'true'), found ']'" },
    { "[True]", 0, SYN, 1, 2, 1, "expected a value or ']', found 'T'" },
    { "nul", 0, SYN, 1, 4, 3, "invalid literal (expected 'null'), found the end of the input" },
    { "falsey", 0, SYN, 1, 6, 5, "expected nothing but white space after the value, found 'y'" },
    { "fals", 0, SYN, 1, 5, 4, "invalid literal (expected 'false'), found the end of the input" },
    // Comments and trailing data
    { "/* c */ 1", 0, SYN, 1, 1, 0, "expected a value, found '/'" },
    { "1 // c", 0, SYN, 1, 3, 2, "expected nothing but white space after the value, found '/'" },
    { "[1]]", 0, SYN, 1, 4, 3, "expected nothing but white space after the value, found ']'" },
    { "1 2", 0, SYN, 1, 3, 2, "expected nothing but white space after the value, found '2'" },
    { "{}\x00", 3, SYN, 1, 3, 2, "expected nothing but white space after the value, found byte 0x00" },
    { "\x00", 1, SYN, 1, 1, 0, "expected a value, found byte 0x00" },
    { "[\xc3\xa9]", 0, SYN, 1, 2, 1, "expected a value or ']', found byte 0xC3" },
    { "\xef\xbb\xbf", 0, SYN, 1, 2, 3, "expected a value, found the end of the input" },
    { "\xef\xbb\xbf\xef\xbb\xbf{}", 0, SYN, 1, 2, 3, "expected a value, found byte 0xEF" },
    { "\xef\xbb{}", 0, SYN, 1, 1, 0, "expected a value, found byte 0xEF" },
    { "\xa0 1", 0, SYN, 1, 1, 0, "expected a value, found byte 0xA0" },
    // Strings
    { "\"abc", 0, SYN, 1, 5, 4, "unterminated string, found the end of the input" },
    { "[\"a\\x\"]", 0, SYN, 1, 5, 4, "invalid escape sequence in a string, found 'x'" },
    { "\"\\'\"", 0, SYN, 1, 3, 2, "invalid escape sequence in a string, found \"'\"" },
    { "\"\\u12\"", 0, SYN, 1, 6, 5, "expected 4 hex digits after '\\u', found '\"'" },
    { "\"\\u12", 0, SYN, 1, 6, 5, "unterminated string, found the end of the input" },
    { "\"\\", 0, SYN, 1, 3, 2, "unterminated string, found the end of the input" },
    { "[\"ab\\ud800\"]", 0, SYN, 1, 5, 4, HIGH },
    { "\"\\uDBFF\\n\"", 0, SYN, 1, 2, 1, HIGH },
    { "\"\\ud800\\u0041\"", 0, SYN, 1, 2, 1, HIGH },
    { "\"\\ud800\\ud800\"", 0, SYN, 1, 2, 1, HIGH },
    { "\"\\ud800\\uZ\"", 0, SYN, 1, 10, 9, "expected 4 hex digits after '\\u', found 'Z'" },
    { "\"x\\udc00\"", 0, SYN, 1, 3, 2, LOW },
    { "\"\t\"", 0, SYN, 1, 2, 1, "unescaped control character U+0009 in a string" },
    { "[\n\"a\nb\"]", 0, SYN, 2, 3, 4, "unescaped control character U+000A in a string" },
    { "\"\x80\"", 0, SYN, 1, 2, 1, "invalid UTF-8 in a string, found byte 0x80" },
    { "\"\xc0\xaf\"", 0, SYN, 1, 2, 1, "invalid UTF-8 in a string, found byte 0xC0" },
    { "\"\xe0\x9f\xbf\"", 0, SYN, 1, 3, 2, "invalid UTF-8 in a string, found byte 0x9F" },
    { "\"\xed\xa0\x80\"", 0, SYN, 1, 3, 2, "invalid UTF-8 in a string, found byte 0xA0" },
    { "\"\xf4\x90\x80\x80\"", 0, SYN, 1, 3, 2, "invalid UTF-8 in a string, found byte 0x90" },
    { "\"\xf0\x8f\xbf\xbf\"", 0, SYN, 1, 3, 2, "invalid UTF-8 in a string, found byte 0x8F" },
    { "\"\xf5\x80\x80\x80\"", 0, SYN, 1, 2, 1, "invalid UTF-8 in a string, found byte 0xF5" },
    { "\"\xe2\x82\"", 0, SYN, 1, 3, 3, "invalid UTF-8 in a string, found '\"'" },
    { "\"\xe2\x82", 0, SYN, 1, 3, 3, "unterminated string, found the end of the input" },
    { "\"\xff\"", 0, SYN, 1, 2, 1, "invalid UTF-8 in a string, found byte 0xFF" },
    // Columns count code points; lines count '\n'.
    { "[\"\xc3\xa9\", x]", 0, SYN, 1, 7, 7, "expected a value, found 'x'" },
    { "{\n  \"a\": 1\n  \"b\": 2\n}", 0, SYN, 3, 3, 13, "expected ',' or '}' after an object member, found '\"'" },
    { "\n\n  tru", 0, SYN, 3, 6, 7, "invalid literal (expected 'true'), found the end of the input" },
    { "[\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"\r\n,]", 0, SYN, 2, 2, 14, "expected a value after ',' (trailing commas are not allowed), found ']'" },
  };
  // clang-format on
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    check_bad(&cases[i]);
  }
}

static void
test_numbers(void)
{
  static const struct {
    const char*  text;
    LdxiJsonType type;
    bool         integral;
  } cases[] = {
    { "0", LDXI_JSON_INTEGER, true },
    { "-0", LDXI_JSON_INTEGER, true },
    { "42", LDXI_JSON_INTEGER, true },
    { "9223372036854775807", LDXI_JSON_INTEGER, true },
    { "-9223372036854775808", LDXI_JSON_INTEGER, true },
    { "9223372036854775808", LDXI_JSON_REAL, true },
    { "-9223372036854775809", LDXI_JSON_REAL, true },
    { "12345678901234567890", LDXI_JSON_REAL, true },
    { "123456789012345678901234567890", LDXI_JSON_REAL, true },
    { "1.5e3", LDXI_JSON_REAL, false },
    { "1E2", LDXI_JSON_REAL, false },
    { "1.0", LDXI_JSON_REAL, false },
    { "-0.0", LDXI_JSON_REAL, false },
    { "0.1", LDXI_JSON_REAL, false },
    { "4.87e24", LDXI_JSON_REAL, false },
    { "6051.8", LDXI_JSON_REAL, false },
    { "2.2250738585072014e-308", LDXI_JSON_REAL, false },
    { "4.9e-324", LDXI_JSON_REAL, false },
    { "1e-400", LDXI_JSON_REAL, false },
    { "1.7976931348623157e308", LDXI_JSON_REAL, false },
    { "1e400", LDXI_JSON_REAL, false },
    { "0.000000000000000000000000000001", LDXI_JSON_REAL, false },
    { "3.14159265358979323846264338327950288", LDXI_JSON_REAL, false },
    { "9007199254740993.0", LDXI_JSON_REAL, false },
    { "123456789e-22", LDXI_JSON_REAL, false },
    { "123456789e22", LDXI_JSON_REAL, false },
    { "1e23", LDXI_JSON_REAL, false },
    { "0.30000000000000004", LDXI_JSON_REAL, false },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    char text[64];
    snprintf(text, sizeof(text), "[%s]", cases[i].text);
    const LdxiJson* doc = parse_ok(text);
    assert(doc->type == LDXI_JSON_ARRAY && doc->n == 1);
    const LdxiJson* num = &doc->u.items[0];
    assert(num->type == cases[i].type);
    assert(ldxi_json_is_number(num));
    assert(ldxi_json_is_integral(num) == cases[i].integral);
    // The text as written, NUL-terminated.
    assert(num->n == strlen(cases[i].text));
    assert(!strcmp(num->u.str, cases[i].text));
    // The value: exact for integers, strtod's for the others.
    if (num->type == LDXI_JSON_INTEGER) {
      assert(num->num.integer == strtoll(cases[i].text, NULL, 10));
    } else {
      const double want = strtod(cases[i].text, NULL);
      if (num->num.real != want || signbit(num->num.real) != signbit(want)) {
        fprintf(stderr,
                "%s: %.17g, expected %.17g\n",
                cases[i].text,
                num->num.real,
                want);
        assert(false);
      }
    }
  }
  // Values do not depend on the locale's decimal point.
  if (setlocale(LC_NUMERIC, "de_DE.UTF-8") ||
      setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    const LdxiJson* doc =
      parse_ok("[0.1000000000000000000000001, 2.5, 1.25e-300]");
    assert(doc->u.items[0].num.real == 0.1);
    assert(doc->u.items[1].num.real == 2.5);
    assert(doc->u.items[2].num.real == 1.25e-300);
    setlocale(LC_NUMERIC, "C");
  }
}

static void
test_strings(void)
{
  static const struct {
    const char* text;
    const char* value;
    size_t      len;
  } cases[] = {
    { "\"\"", "", 0 },
    { "\"abc\"", "abc", 3 },
    { "\"a\\u0000b\"", "a\0b", 3 },
    { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8 },
    { "\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6 },
    { "\"\\ud83d\\ude00x\"", "\xf0\x9f\x98\x80x", 5 },
    { "\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4 },
    { "\"\\u0800\\u07ff\"", "\xe0\xa0\x80\xdf\xbf", 5 },
    { "\"caf\xc3\xa9 \xe2\x82\xac\"", "caf\xc3\xa9 \xe2\x82\xac", 9 },
    { "\"long string without any escape in it, long enough for words\"",
      "long string without any escape in it, long enough for words",
      59 },
    { "\"0123456\\t89abcdef\\u00e9\"", "0123456\t89abcdef\xc3\xa9", 18 },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    const LdxiJson* s = parse_ok(cases[i].text);
    assert(s->type == LDXI_JSON_STRING);
    assert(s->n == cases[i].len);
    assert(!memcmp(s->u.str, cases[i].value, s->n));
    assert(s->u.str[s->n] == '\0');
  }
  // Member names are unescaped too, in document order.
  const LdxiJson* o = parse_ok("{\"\\u0061\": 1, \"b\\n\": 2, \"a\": 3}");
  assert(o->type == LDXI_JSON_OBJECT && o->n == 3);
  assert(o->u.members[0].name_len == 1 && !strcmp(o->u.members[0].name, "a"));
  assert(o->u.members[1].name_len == 2 && !strcmp(o->u.members[1].name, "b\n"));
  assert(o->u.members[2].value.num.integer == 3);
}

static void
test_model(void)
{
  const LdxiJson* doc =
    parse_ok("{\"a\": 1, \"b\": [true, false, null], \"a\": {\"c\": \"d\"},"
             " \"\": 0}");
  assert(doc->type == LDXI_JSON_OBJECT && doc->n == 4);
  // The last of duplicate names wins.
  const LdxiJson* a = ldxi_json_get(doc, "a", 1);
  assert(a && a->type == LDXI_JSON_OBJECT);
  assert(ldxi_json_get(a, "c", 1)->type == LDXI_JSON_STRING);
  assert(ldxi_json_get(doc, "", 0)->type == LDXI_JSON_INTEGER);
  assert(!ldxi_json_get(doc, "x", 1));
  assert(!ldxi_json_get(doc, "ab", 2));
  const LdxiJson* b = ldxi_json_get(doc, "b", 1);
  assert(!ldxi_json_get(b, "a", 1)); // not an object
  assert(ldxi_json_item(b, 0)->type == LDXI_JSON_TRUE);
  assert(ldxi_json_item(b, 1)->type == LDXI_JSON_FALSE);
  assert(ldxi_json_item(b, 2)->type == LDXI_JSON_NULL);
  assert(!ldxi_json_item(b, 3));
  assert(!ldxi_json_item(doc, 0));
  assert(!ldxi_json_item(NULL, 0));
  assert(!ldxi_json_get(NULL, "a", 1));
  // Empty containers have no child array.
  const LdxiJson* e = parse_ok("[[], {}]");
  assert(e->u.items[0].n == 0 && e->u.items[1].n == 0);

  // Equality: numbers by value, objects by name regardless of order.
  static const struct {
    const char* a;
    const char* b;
    bool        equal;
  } eq[] = {
    { "[1, 1.0, 1e0, -0]", "[1.0, 1, 10e-1, 0]", true },
    { "{\"x\": 1, \"y\": [2]}", "{\"y\": [2.0], \"x\": 1}", true },
    { "{\"x\": 1, \"x\": 2}", "{\"x\": 2}", true },
    { "{\"x\": 1, \"y\": 1}", "{\"x\": 1, \"z\": 1}", false },
    { "{\"x\": 1}", "{\"x\": 1, \"z\": 1}", false },
    { "[1, 2]", "[2, 1]", false },
    { "\"a\\u0000\"", "\"a\"", false },
    { "9223372036854775807", "9223372036854775807.0", false },
    { "null", "false", false },
    { "12345678901234567890", "1.2345678901234567890e19", true },
  };
  LdxiArena other;
  ldxi_arena_init(&other, NULL, 0);
  for (size_t i = 0; i < sizeof(eq) / sizeof(eq[0]); ++i) {
    const LdxiJson* x = NULL;
    const LdxiJson* y = NULL;
    assert(!ldxi_json_parse(NULL, &other, eq[i].a, strlen(eq[i].a), &x, NULL));
    assert(!ldxi_json_parse(NULL, &other, eq[i].b, strlen(eq[i].b), &y, NULL));
    assert(ldxi_json_equal(x, y, 10) == eq[i].equal);
    assert(ldxi_json_equal(y, x, 10) == eq[i].equal);
    assert(ldxi_json_equal(x, x, 10));
  }
  // Deeper than allowed: unequal.
  const LdxiJson* x = NULL;
  assert(!ldxi_json_parse(NULL, &other, "[[[1]]]", 7, &x, NULL));
  assert(ldxi_json_equal(x, x, 3) && !ldxi_json_equal(x, x, 2));
  ldxi_arena_free(&other);

  // Write-out without ASCII escaping keeps UTF-8.
  const LdxiJson* u = parse_ok("[\"\\u00e9\\u0001\\\"\"]");
  LdxiBuf         out;
  ldxi_buf_init(&out, NULL, 0);
  assert(!ldxi_json_write(u, 0, &out));
  assert(!strcmp(ldxi_buf_cstr(&out), "[\"\xc3\xa9\\u0001\\\"\"]"));
  ldxi_buf_free(&out);
}

// Nested arrays: `depth` levels around a 1.
static char*
nested(size_t depth)
{
  char* text = (char*)malloc(2 * depth + 2);
  assert(text);
  memset(text, '[', depth);
  text[depth] = '1';
  memset(text + depth + 1, ']', depth);
  text[2 * depth + 1] = '\0';
  return text;
}

static void
test_depth(void)
{
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  // The default limit, 512.
  char*           ok  = nested(512);
  char*           bad = nested(513);
  const LdxiJson* doc = NULL;
  LdxiJsonError   err;
  ldxi_arena_reset(&arena);
  assert(!ldxi_json_parse(world, &arena, ok, strlen(ok), &doc, &err));
  assert(ldxi_json_parse(world, &arena, bad, strlen(bad), &doc, &err) ==
         LDX_BAD_LIMIT);
  assert(err.offset == 512 && err.line == 1 && err.column == 513);
  assert(!strcmp(err.message, "nesting deeper than the limit of 512 levels"));
  free(ok);
  free(bad);

  // A world's own limit, counting objects and arrays alike.
  const LdxLimits limits = { 3, 0, 0 };
  ldx_world_set_limits(world, &limits);
  static const char* const fine[]  = { "[[[1]]]",
                                       "{\"a\":[{}]}",
                                       "[1,[2,[3]]]" };
  static const char* const deep[]  = { "[[[[1]]]]",
                                       "{\"a\":[{\"b\":{}}]}",
                                       "[{\"a\":[[]]}]" };
  static const size_t      where[] = { 3, 11, 7 };
  for (size_t i = 0; i < 3; ++i) {
    assert(
      !ldxi_json_parse(world, &arena, fine[i], strlen(fine[i]), &doc, &err));
    assert(
      ldxi_json_parse(world, &arena, deep[i], strlen(deep[i]), &doc, &err) ==
      LDX_BAD_LIMIT);
    assert(err.offset == where[i]);
  }
  ldx_world_free(world);
}

static void
test_alloc_failures(void)
{
  static const char* const docs[] = {
    "{\"a\": [1, 2.5, \"x\\u00e9\", {\"b\": null}], \"c\": \"plain\"}",
    // Forty levels: the parser's stacks grow several times.
    ("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
     "]"
     "]]]]]]]"),
    "[0.1000000000000000000000001, 123456789012345678901234567890]",
    "\"a string longer than the texts copied in one go\"",
  };
  Counter   counter;
  LdxWorld* world = counting_world(&counter);
  for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); ++d) {
    // Small arena blocks make the arena allocate often too.
    for (size_t block = 16; block <= 4096; block *= 16) {
      LdxiArena a;
      ldxi_arena_init(&a, world, block);
      counter.attempts    = 0;
      counter.fail_at     = SIZE_MAX;
      const LdxiJson* doc = NULL;
      assert(!ldxi_json_parse(world, &a, docs[d], strlen(docs[d]), &doc, NULL));
      ldxi_arena_free(&a);
      assert(counter.live == 0);
      const size_t needed = counter.attempts;
      assert(needed > 0);
      for (size_t i = 0; i < needed; ++i) {
        ldxi_arena_init(&a, world, block);
        counter.attempts = 0;
        counter.fail_at  = i;
        LdxiJsonError err;
        LdxStatus     st =
          ldxi_json_parse(world, &a, docs[d], strlen(docs[d]), &doc, &err);
        assert(st == LDX_BAD_ALLOC && !strcmp(err.message, "out of memory"));
        ldxi_arena_free(&a);
        assert(counter.live == 0);
      }
    }
  }
  ldx_world_free(world);
}

int
main(void)
{
  ldxi_arena_init(&arena, NULL, 0);
  test_accepted();
  test_rejected();
  test_numbers();
  test_strings();
  test_model();
  test_depth();
  test_alloc_failures();
  ldxi_arena_free(&arena);
  return 0;
}
