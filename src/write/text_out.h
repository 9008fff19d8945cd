// SPDX-License-Identifier: MIT
// Buffered output of the N-Triples family of syntaxes (N-Triples, N-Quads,
// Turtle): a large buffer in front of an LdxOutputStream, and the tokens
// these syntaxes share, escaped in canonical form (RDF 1.1 N-Triples,
// section 4):
//   IRIREF     every character IRIREF does not allow (U+0000 to U+0020 and
//              < > " { } | ^ ` \) and DEL as \u00XX, upper-case hex;
//   STRING_LITERAL_QUOTE
//              " \ LF CR as \" \\ \n \r; the other ASCII controls (U+0000 to
//              U+001F, U+007F) as \u00XX; the rest as UTF-8;
//   BLANK_NODE_LABEL  as described in write/escape.h.
// Bytes that are not well-formed UTF-8 cannot be written in these syntaxes:
// they become %XX in IRIs and U+FFFD in literals, and are counted.
#ifndef LDX_WRITE_TEXT_OUT_H
#define LDX_WRITE_TEXT_OUT_H

#include "ldexport/output.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"

#include <stddef.h>
#include <string.h>

typedef struct {
  LdxWorld*       world;
  LdxOutputStream out; // borrowed
  char*           buf;
  size_t          len;
  size_t          cap;
  size_t          replaced; // bytes of invalid UTF-8 replaced so far
} LdxiTextOut;

// Allocate a buffer of `cap` bytes (0 = 256 KiB).
LdxStatus
ldxi_text_out_init(LdxiTextOut*    t,
                   LdxWorld*       world,
                   LdxOutputStream out,
                   size_t          cap);

void
ldxi_text_out_free(LdxiTextOut* t);

// Write out the buffer; it is empty afterwards, even if the write failed.
LdxStatus
ldxi_text_out_drain(LdxiTextOut* t);

// Drain, then flush the stream.
LdxStatus
ldxi_text_out_flush(LdxiTextOut* t);

LdxStatus
ldxi_text_out_put_slow(LdxiTextOut* t, const char* s, size_t n);

// Append `n` raw bytes.
static inline LdxStatus
ldxi_text_out_put(LdxiTextOut* t, const char* s, size_t n)
{
  if (n <= t->cap - t->len) {
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    return LDX_SUCCESS;
  }
  return ldxi_text_out_put_slow(t, s, n);
}

// The body of an IRIREF (without the angle brackets), escaped.
LdxStatus
ldxi_text_out_iri_body(LdxiTextOut* t, LdxStr iri);

// <iri>
LdxStatus
ldxi_text_out_iri(LdxiTextOut* t, LdxStr iri);

// "text" (the lexical form only)
LdxStatus
ldxi_text_out_string(LdxiTextOut* t, LdxStr text);

// _:label
LdxStatus
ldxi_text_out_blank(LdxiTextOut* t, LdxStr label);

// A term as N-Triples writes it (xsd:string left out).
LdxStatus
ldxi_text_out_term(LdxiTextOut* t, const LdxTerm* term);

// Warn about replaced bytes, if any (once, at the end of the output).
void
ldxi_text_out_warn_replaced(LdxiTextOut* t, const char* format_name);

#endif // LDX_WRITE_TEXT_OUT_H
