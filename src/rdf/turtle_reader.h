// SPDX-License-Identifier: MIT
// A Turtle 1.1 reader (also reads N-Triples) that reports every triple with
// the exact position of each of its terms, so that mapping errors can be
// reported as FILE:LINE:COLUMN.  Mappings are small: clarity over speed.
#ifndef LDX_RDF_TURTLE_READER_H
#define LDX_RDF_TURTLE_READER_H

#include "ldexport/diag.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"

#include <stdbool.h>

// A term as read.  Views are valid only during the callback.
typedef struct {
  LdxTermType type;
  LdxStr      value;     // absolute IRI / blank node label / lexical form
  LdxStr      datatype;  // literal: datatype IRI, empty for plain strings
  LdxStr      language;  // literal: language tag, or empty
  LdxCaret    caret;     // where the term starts ('[' or '(' for anonymous
                         // blank nodes, the quote of a string)
  bool        generated; // blank node made by [ ] or ( ), not a _:label
} LdxiReadTerm;

typedef LdxStatus (*LdxiTripleFunc)(void*               handle,
                                    const LdxiReadTerm* subject,
                                    const LdxiReadTerm* predicate,
                                    const LdxiReadTerm* object);

typedef LdxStatus (*LdxiPrefixFunc)(void* handle, LdxStr name, LdxStr iri);

typedef struct {
  const char*    file;      // name used in carets and diagnostics
  const char*    base_iri;  // initial base IRI (absolute), e.g. file:///dir/m.ttl
  LdxiTripleFunc on_triple; // required
  LdxiPrefixFunc on_prefix; // may be NULL
  void*          handle;
} LdxiTurtleOptions;

// Parse `len` bytes of UTF-8 Turtle.  Relative IRIs are resolved against
// the base (@base / BASE change it); generated blank nodes get labels that
// cannot clash with _:labels of the document.  The first syntax error is
// reported through the world with its line and column, and parsing stops.
// Errors: LDX_BAD_SYNTAX, LDX_BAD_ALLOC, LDX_BAD_LIMIT (nesting deeper
// than the world's max_depth), or the status a callback returned.
LdxStatus
ldxi_turtle_read(LdxWorld*                world,
                 const char*              text,
                 size_t                   len,
                 const LdxiTurtleOptions* options);

#endif // LDX_RDF_TURTLE_READER_H
