// SPDX-License-Identifier: MIT
// The lexical half of the Turtle reader: the cursor with its position, the
// terminals of the grammar, prefixes and the base.  turtle_reader.c holds
// the grammar.  Internal to src/rdf.
#ifndef LDX_RDF_TURTLE_LEXER_H
#define LDX_RDF_TURTLE_LEXER_H

#include "rdf/turtle_reader.h"

#include "core/buf.h"

#include "ldexport/attributes.h"
#include "ldexport/diag.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// What ldxi_ttl_peek() returns past the text and at invalid UTF-8.
#define LDXI_TTL_EOF (-1)
#define LDXI_TTL_BAD (-2)

// Text of a term: a static string, or `len` bytes at `off` on the stack.
typedef struct {
  const char* fixed;
  size_t      off;
  size_t      len;
} LdxiTtlText;

// A term being read.  Generated blank nodes have no text: their label is
// made from `genid` when the term is reported.
typedef struct {
  LdxTermType   type;
  LdxiTtlText   value;
  LdxiTtlText   datatype;
  LdxiTtlText   language;
  unsigned long genid; // > 0: blank node made by [ ] or ( )
  LdxCaret      caret;
} LdxiTtlTerm;

typedef struct {
  char*  name; // without ':'
  size_t name_len;
  char*  iri;
  size_t iri_len;
} LdxiTtlPrefix;

typedef struct {
  LdxWorld*                world;
  const LdxiTurtleOptions* opts;
  const uint8_t*           text;
  size_t                   len;
  size_t                   valid_end; // offset of the first invalid UTF-8
  size_t                   pos;
  unsigned                 line;
  unsigned                 col;
  LdxiBuf                  stack;   // text of the terms in use
  LdxiBuf                  scratch; // an IRI reference before resolution
  LdxiBuf                  base;    // current base IRI; empty if none
  LdxiTtlPrefix*           prefixes;
  size_t                   n_prefixes;
  size_t                   cap_prefixes;
  unsigned long            n_genids;
  size_t                   depth;
  size_t                   max_depth;
} LdxiTtlReader;

// Set up a reader (no allocation); ldxi_ttl_reader_free() releases it.
void
ldxi_ttl_reader_init(LdxiTtlReader*           r,
                     LdxWorld*                world,
                     const char*              text,
                     size_t                   len,
                     const LdxiTurtleOptions* opts);

void
ldxi_ttl_reader_free(LdxiTtlReader* r);

// The byte `k` bytes ahead, LDXI_TTL_EOF at the end, LDXI_TTL_BAD at the
// first byte that is not well-formed UTF-8.
static inline int
ldxi_ttl_peek(const LdxiTtlReader* r, size_t k)
{
  const size_t i = r->pos + k;
  if (i >= r->valid_end) {
    return i >= r->len ? LDXI_TTL_EOF : LDXI_TTL_BAD;
  }
  return r->text[i];
}

// Move `n` bytes ahead, keeping the line and column.
void
ldxi_ttl_advance(LdxiTtlReader* r, size_t n);

static inline LdxCaret
ldxi_ttl_caret(const LdxiTtlReader* r)
{
  const LdxCaret caret = { r->opts->file, r->line, r->col, r->pos };
  return caret;
}

// Skip white space and comments.
void
ldxi_ttl_skip_ws(LdxiTtlReader* r);

// Report a syntax error at `caret`; returns LDX_BAD_SYNTAX.
LDX_LOG_FUNC(3, 4)
LdxStatus
ldxi_ttl_error(LdxiTtlReader* r, const LdxCaret* caret, const char* fmt, ...);

// Report "expected WHAT, found X" at the cursor.
LdxStatus
ldxi_ttl_expected(LdxiTtlReader* r, const char* what);

// Describe what is at the cursor for a message: 'c', end of input, ...
void
ldxi_ttl_describe(const LdxiTtlReader* r, char* out, size_t size);

// A view of a term's text.
LdxStr
ldxi_ttl_view(const LdxiTtlReader* r, LdxiTtlText text);

// A static text.
LdxiTtlText
ldxi_ttl_fixed(const char* str);

// Make *term a new generated blank node starting at `caret`.
void
ldxi_ttl_genid(LdxiTtlReader* r, const LdxCaret* caret, LdxiTtlTerm* term);

// Length of the PN_PREFIX (or keyword) at the cursor, 0 if none.
size_t
ldxi_ttl_scan_prefix(const LdxiTtlReader* r);

// True if the `n` bytes at the cursor are `word`, ignoring ASCII case.
bool
ldxi_ttl_word_is(const LdxiTtlReader* r, size_t n, const char* word);

// Read an IRIREF, resolved against the base, onto the stack.
LdxStatus
ldxi_ttl_read_iriref(LdxiTtlReader* r, LdxiTtlTerm* term);

// Read a prefixed name whose prefix is `prefix_len` bytes (then ':').
LdxStatus
ldxi_ttl_read_pname(LdxiTtlReader* r, size_t prefix_len, LdxiTtlTerm* term);

// Read an IRIREF or a prefixed name.
LdxStatus
ldxi_ttl_read_iri(LdxiTtlReader* r, LdxiTtlTerm* term, const char* what);

// Read a _:label.
LdxStatus
ldxi_ttl_read_blank(LdxiTtlReader* r, LdxiTtlTerm* term);

// Read one of the four string forms (the literal's value only).
LdxStatus
ldxi_ttl_read_string(LdxiTtlReader* r, LdxiTtlTerm* term);

// Read a LANGTAG ('@' at the cursor) into the term's language.
LdxStatus
ldxi_ttl_read_langtag(LdxiTtlReader* r, LdxiTtlTerm* term);

// Read an INTEGER, DECIMAL or DOUBLE.
LdxStatus
ldxi_ttl_read_number(LdxiTtlReader* r, LdxiTtlTerm* term);

// True if a number starts at the cursor.
bool
ldxi_ttl_at_number(const LdxiTtlReader* r);

// Define (or redefine) a prefix.
LdxStatus
ldxi_ttl_set_prefix(LdxiTtlReader* r, LdxStr name, LdxStr iri);

#endif // LDX_RDF_TURTLE_LEXER_H
