// SPDX-License-Identifier: MIT
// Character-level rules shared by the writers: UTF-8 validation and repair,
// the blank node label encoding, and the syntax of language tags.
//
// Blank node labels reach the writers as arbitrary bytes (the engine derives
// them from data).  Every writer encodes them the same way, so that a label
// always reads back as a valid BLANK_NODE_LABEL (N-Triples, Turtle) and XML
// NCName (rdf:nodeID), and two different labels are never written the same:
//
//   - ASCII letters [A-Za-z] are kept;
//   - ASCII digits [0-9] are kept, except as the first byte;
//   - every other byte (including '_' and each byte of a non-ASCII UTF-8
//     character) becomes '_' followed by two upper-case hex digits;
//   - the empty label is written as "_".
//
// Decoding is unambiguous ('_' always starts a three-byte escape, except in
// the lone "_" that only the empty label produces), so the encoding is
// injective: "a_b" -> "a_5Fb", "1" -> "_31", "é" -> "_C3_A9".
#ifndef LDX_WRITE_ESCAPE_H
#define LDX_WRITE_ESCAPE_H

#include "core/buf.h"

#include "ldexport/status.h"
#include "ldexport/term.h"

#include <stdbool.h>
#include <stddef.h>

#define LDXI_XSD_STRING "http://www.w3.org/2001/XMLSchema#string"

// Length (1 to 4) of the well-formed UTF-8 sequence (RFC 3629: no overlong
// forms, surrogates or code points past U+10FFFF) starting at `s`, which has
// `avail` > 0 bytes; 0 if `s` does not start one.
size_t
ldxi_utf8_sequence_length(const unsigned char* s, size_t avail);

// True if the `len` bytes at `s` are well-formed UTF-8.
bool
ldxi_utf8_is_valid(const char* s, size_t len);

// Append `s` with every byte that is not part of a well-formed UTF-8
// sequence replaced: by "%XX" if `iri` (the IRI stays an IRI and keeps the
// byte), else by U+FFFD.  Adds the number of replaced bytes to `*replaced`.
LdxStatus
ldxi_utf8_append_repaired(LdxiBuf*    buf,
                          const char* s,
                          size_t      len,
                          bool        iri,
                          size_t*     replaced);

// True if the blank label encoding keeps byte `c` at position `first` or
// later (see the file comment).
static inline bool
ldxi_blank_keeps(unsigned char c, bool first)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (!first && c >= '0' && c <= '9');
}

// Append the encoded form of a blank node label (see the file comment).
LdxStatus
ldxi_blank_label_append(LdxiBuf* buf, const char* label, size_t len);

// True if `tag` matches the LANGTAG production of N-Triples and Turtle
// ([a-zA-Z]+ ('-' [a-zA-Z0-9]+)*), which every output syntax can carry.
bool
ldxi_langtag_syntax_ok(const char* tag, size_t len);

// True if `name` can be declared as a namespace prefix in every syntax we
// write (Turtle PN_PREFIX and XML NCName, restricted to ASCII): empty, or a
// letter followed by letters, digits, '_', '-' and '.', not ending in '.'.
bool
ldxi_prefix_name_ok(LdxStr name);

// True if `iri` is xsd:string, the datatype writers leave out.
bool
ldxi_is_xsd_string(LdxStr iri);

// Upper-case hex digit of the low 4 bits of `v`.
static inline char
ldxi_hex_digit(unsigned v)
{
  return "0123456789ABCDEF"[v & 0xFu];
}

#endif // LDX_WRITE_ESCAPE_H
