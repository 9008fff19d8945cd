// SPDX-License-Identifier: MIT
// A compact, read-only JSON document model (RFC 8259) living in an arena.
//
// Every value is one fixed-size node.  Containers keep their children in
// one contiguous array, objects their members in document order (duplicate
// names are kept; lookup by name takes the last one).  Strings are
// unescaped UTF-8, NUL-terminated, and may contain U+0000 (use `n`).
// Numbers keep their lexical text next to their value, so that output can
// use the text as written ("1.5e3", "12345678901234567890").
//
// A document is freed with its arena: parse into an arena that is reset or
// freed when the document is no longer needed.
#ifndef LDX_JSON_JSON_H
#define LDX_JSON_JSON_H

#include "core/arena.h"
#include "core/buf.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  LDXI_JSON_NULL,
  LDXI_JSON_FALSE,
  LDXI_JSON_TRUE,
  // A number written without fraction or exponent that fits in int64_t.
  LDXI_JSON_INTEGER,
  // Any other number (also integers beyond int64_t: their text has no '.'
  // or exponent, their value is the nearest double).
  LDXI_JSON_REAL,
  LDXI_JSON_STRING,
  LDXI_JSON_ARRAY,
  LDXI_JSON_OBJECT,
} LdxiJsonType;

typedef struct LdxiJson       LdxiJson;
typedef struct LdxiJsonMember LdxiJsonMember;

struct LdxiJson {
  LdxiJsonType type;
  // Bytes of `u.str` (strings and the text of numbers), or the number of
  // items or members; 0 for literals.
  size_t n;
  union {
    const char*           str;     // STRING, INTEGER, REAL (lexical text)
    const LdxiJson*       items;   // ARRAY
    const LdxiJsonMember* members; // OBJECT
  } u;
  union {
    int64_t integer; // INTEGER
    double  real;    // REAL
  } num;
};

struct LdxiJsonMember {
  const char* name; // unescaped, NUL-terminated
  size_t      name_len;
  LdxiJson    value;
};

// Where and why a text is not JSON.  Lines and columns are 1-based, the
// column counts code points, `offset` is the 0-based byte offset.
typedef struct {
  size_t line;
  size_t column;
  size_t offset;
  char   message[160];
} LdxiJsonError;

// Parse `len` bytes of `text` as one JSON text (RFC 8259: one value with
// optional white space around it, after an optional UTF-8 byte order mark)
// into `arena`.  `*out` points into the arena.  On error `*err` (if not
// NULL) says where and why.
// Errors: LDX_BAD_SYNTAX, LDX_BAD_LIMIT (nesting deeper than the world's
// max_depth), LDX_BAD_ALLOC (the message says so; no position).
LdxStatus
ldxi_json_parse(LdxWorld*        world,
                LdxiArena*       arena,
                const char*      text,
                size_t           len,
                const LdxiJson** out,
                LdxiJsonError*   err);

// The value of the last member of `object` called `name`, or NULL (also
// when `object` is not an object).
const LdxiJson*
ldxi_json_get(const LdxiJson* object, const char* name, size_t len);

// The `index`th item of `array`, or NULL.
static inline const LdxiJson*
ldxi_json_item(const LdxiJson* array, size_t index)
{
  return array && array->type == LDXI_JSON_ARRAY && index < array->n
           ? &array->u.items[index]
           : NULL;
}

static inline bool
ldxi_json_is_number(const LdxiJson* node)
{
  return node->type == LDXI_JSON_INTEGER || node->type == LDXI_JSON_REAL;
}

// True for a number written as an integer (no fraction, no exponent), even
// one too large for `num.integer`.
bool
ldxi_json_is_integral(const LdxiJson* node);

// JSON equality: numbers by value, strings by bytes, arrays item by item,
// objects as sets of names (each compared by its last value).  Nesting
// deeper than `max_depth` compares unequal.
bool
ldxi_json_equal(const LdxiJson* a, const LdxiJson* b, size_t max_depth);

// Write-out flags.
enum {
  // Escape every non-ASCII character as \uXXXX (lower-case hex).
  LDXI_JSON_WRITE_ASCII = 1u << 0,
};

// Append `node` as compact JSON (numbers as written).
// Errors: LDX_BAD_ALLOC, LDX_BAD_LIMIT (from the buffer).
LdxStatus
ldxi_json_write(const LdxiJson* node, unsigned flags, LdxiBuf* out);

#endif // LDX_JSON_JSON_H
