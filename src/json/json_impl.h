// SPDX-License-Identifier: MIT
// Internals shared by the document parser and the streaming reader: the
// resumable-by-restart value parser, byte classes, UTF-8 rules and the
// error messages (both readers must report the same error at the same
// byte, which the fuzzer checks).
#ifndef LDX_JSON_JSON_IMPL_H
#define LDX_JSON_JSON_IMPL_H

#include "json/json.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// Used when there is no world.
#define LDXI_JSON_DEFAULT_DEPTH 512u

// ---- Messages ----

#define LDXI_JSON_E_VALUE "expected a value"
#define LDXI_JSON_E_VALUE_FIRST "expected a value or ']'"
#define LDXI_JSON_E_TRAILING_ITEM \
  "expected a value after ',' (trailing commas are not allowed)"
#define LDXI_JSON_E_KEY_FIRST "expected a member name or '}'"
#define LDXI_JSON_E_KEY "expected a member name (a double-quoted string)"
#define LDXI_JSON_E_TRAILING_MEMBER \
  "expected a member name after ',' (trailing commas are not allowed)"
#define LDXI_JSON_E_COLON "expected ':' after a member name"
#define LDXI_JSON_E_OBJECT_NEXT "expected ',' or '}' after an object member"
#define LDXI_JSON_E_ARRAY_NEXT "expected ',' or ']' after an array element"
#define LDXI_JSON_E_END "expected nothing but white space after the value"
#define LDXI_JSON_E_MINUS "expected a digit after '-'"
#define LDXI_JSON_E_ZERO "leading zeros are not allowed in a number"
#define LDXI_JSON_E_FRACTION "expected a digit after the decimal point"
#define LDXI_JSON_E_EXPONENT "expected a digit in the exponent"
#define LDXI_JSON_E_UNTERMINATED "unterminated string"
#define LDXI_JSON_E_ESCAPE "invalid escape sequence in a string"
#define LDXI_JSON_E_HEX "expected 4 hex digits after '\\u'"
#define LDXI_JSON_E_HIGH                                               \
  "lone high surrogate in a string (a \\uD800-\\uDBFF escape must be " \
  "followed by a \\uDC00-\\uDFFF escape)"
#define LDXI_JSON_E_LOW                                            \
  "lone low surrogate in a string (\\uDC00-\\uDFFF must follow a " \
  "\\uD800-\\uDBFF escape)"
#define LDXI_JSON_E_UTF8 "invalid UTF-8 in a string"
#define LDXI_JSON_E_LITERAL_TRUE "invalid literal (expected 'true')"
#define LDXI_JSON_E_LITERAL_FALSE "invalid literal (expected 'false')"
#define LDXI_JSON_E_LITERAL_NULL "invalid literal (expected 'null')"

// `found` for a message: a byte, the end of the input, or nothing to add.
enum {
  LDXI_JSON_FOUND_END  = -1,
  LDXI_JSON_FOUND_NONE = -2,
};

// Fill `err` (if not NULL) with `offset` and "`what`, found X"; the line
// and column are left for the caller, which knows the text.
void
ldxi_json_error_at(LdxiJsonError* err,
                   size_t         offset,
                   int            found,
                   const char*    what);

// Message for a control character in a string.
void
ldxi_json_error_control(LdxiJsonError* err, size_t offset, unsigned char c);

// Message for the nesting limit.
void
ldxi_json_error_depth(LdxiJsonError* err, size_t offset, size_t max_depth);

// Advance `*line` and `*column` (a count of code points since the start of
// the line, so the 1-based column of the next byte is `*column + 1`) over
// `len` bytes.
void
ldxi_json_count_position(const char* text,
                         size_t      len,
                         size_t*     line,
                         size_t*     column);

// ---- Bytes ----

static inline bool
ldxi_json_is_ws(unsigned char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline int
ldxi_json_hex(unsigned char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = (unsigned char)(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Continuation bytes after a UTF-8 lead byte (RFC 3629), with the range
// allowed for the first of them; 0 for a byte that cannot start a
// multi-byte sequence.
static inline unsigned
ldxi_json_utf8_lead(unsigned char c, unsigned char* lo, unsigned char* hi)
{
  *lo = 0x80;
  *hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    return 1;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (c == 0xE0) {
      *lo = 0xA0; // no overlong forms
    } else if (c == 0xED) {
      *hi = 0x9F; // no UTF-16 surrogates
    }
    return 2;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (c == 0xF0) {
      *lo = 0x90;
    } else if (c == 0xF4) {
      *hi = 0x8F; // nothing above U+10FFFF
    }
    return 3;
  }
  return 0;
}

// The first byte in [p, end) that ends a run of plain string content: '"',
// '\\', a control character or a non-ASCII byte; `end` if none.
static inline const unsigned char*
ldxi_json_scan_plain(const unsigned char* p, const unsigned char* end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
  (defined(__GNUC__) || defined(__clang__))
  // Eight bytes at a time.  Each test flags its lowest matching byte
  // exactly (borrows only create false flags above a true one), so the
  // lowest flag of their union is the first special byte.
  const uint64_t ones = 0x0101010101010101u;
  const uint64_t high = 0x8080808080808080u;
  while (end - p >= 8) {
    uint64_t x;
    memcpy(&x, p, 8);
    const uint64_t q = x ^ (ones * '"');
    const uint64_t b = x ^ (ones * '\\');
    const uint64_t m =
      (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x) &
      high;
    if (m) {
      return p + (__builtin_ctzll(m) >> 3);
    }
    p += 8;
  }
#endif
  while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
    ++p;
  }
  return p;
}

// ---- The value parser ----

typedef struct {
  const char* name;
  size_t      len;
} LdxiJsonKey;

typedef struct {
  size_t vbase; // first child on the value stack
  size_t kbase; // first member name on the key stack
  bool   object;
} LdxiJsonFrame;

// Stacks reused across values; children are collected here and copied
// into the arena, contiguous, when their container closes.
typedef struct {
  LdxWorld*      world;
  LdxiArena*     arena;
  size_t         max_depth;
  LdxiJson*      vals;
  size_t         n_vals;
  size_t         cap_vals;
  LdxiJsonKey*   keys;
  size_t         n_keys;
  size_t         cap_keys;
  LdxiJsonFrame* frames;
  size_t         cap_frames;
  // Strings and number texts need no alignment: they share blocks taken
  // from the arena (forgotten at each ldxi_json_parse_value()).
  char* text_cur;
  char* text_end;
} LdxiJsonParser;

void
ldxi_json_parser_init(LdxiJsonParser* parser,
                      LdxWorld*       world,
                      LdxiArena*      arena);

void
ldxi_json_parser_free(LdxiJsonParser* parser);

// Parse the value that starts at `text[pos]` (after optional white space),
// with `depth` containers around it, and set `*next` to the offset just
// after it.  When the value reaches `len` and `final` is false, return
// LDX_FAILURE: call again from the same `pos` with more text (after
// resetting the arena).  Error offsets are relative to `text`.
// Errors: LDX_BAD_SYNTAX, LDX_BAD_LIMIT, LDX_BAD_ALLOC.
LdxStatus
ldxi_json_parse_value(LdxiJsonParser*  parser,
                      const char*      text,
                      size_t           pos,
                      size_t           len,
                      bool             final,
                      size_t           depth,
                      const LdxiJson** out,
                      size_t*          next,
                      LdxiJsonError*   err);

#endif // LDX_JSON_JSON_IMPL_H
