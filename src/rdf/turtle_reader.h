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
  LdxStr      value;    // absolute IRI / blank node label / lexical form
  LdxStr      datatype; // literal: datatype IRI, empty for plain strings
  LdxStr      language; // literal: language tag, or empty
  LdxCaret    caret;    // where the term starts ('[' or '(' for anonymous
                        // blank nodes, the quote of a string)
  bool generated;       // blank node made by [ ] or ( ), not a _:label
} LdxiReadTerm;

typedef LdxStatus (*LdxiTripleFunc)(void*               handle,
                                    const LdxiReadTerm* subject,
                                    const LdxiReadTerm* predicate,
                                    const LdxiReadTerm* object);

typedef LdxStatus (*LdxiPrefixFunc)(void* handle, LdxStr name, LdxStr iri);

typedef struct {
  const char* file;     // name used in carets and diagnostics
  const char* base_iri; // initial base IRI (absolute), e.g. file:///dir/m.ttl
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
//
// Blank node labels: a node made by [ ] or ( ) is "genid<N>" (N = 1, 2, ...
// in document order) with `generated` set.  A _:label of the document is
// reported as written, unless it starts with "genid": then it is reported
// as "genid-" + label (so _:genid1 becomes "genid-genid1").  Both forms are
// valid N-Triples labels, and no document label can equal a generated one.
//
// IRIs: every IRIREF is resolved as an RFC 3986 reference (an absolute one
// only loses its dot segments, as raptor does).  Without a base IRI, a
// relative reference is a syntax error.  Literals: numbers and booleans
// keep their lexical form with an xsd:integer / decimal / double / boolean
// datatype; `"x"^^xsd:string` keeps its datatype.
//
// Order: a triple is reported as soon as its terms are known, so the
// triple that has a [ ] or ( ) as its object comes before the triples
// inside it; a [ ] or ( ) subject's inner triples come first.  A list cell
// after the first starts at its element, and so do its rdf:first and the
// rdf:rest that leads to it; the final rdf:rest and rdf:nil start at the
// ')'.  `a` is rdf:type at the 'a'.
//
// Nesting counts each '[' and '(' (default limit 512 without a world); it
// is also capped at 4096 whatever the world says, to bound the C stack.
// Invalid UTF-8 is a syntax error at its first byte; a leading byte order
// mark is skipped (it takes no column).  Lines end at LF, CR LF or CR.
LdxStatus
ldxi_turtle_read(LdxWorld*                world,
                 const char*              text,
                 size_t                   len,
                 const LdxiTurtleOptions* options);

#endif // LDX_RDF_TURTLE_READER_H
