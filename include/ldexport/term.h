// SPDX-License-Identifier: MIT
/**
 * @file term.h
 * @brief RDF terms and quads as borrowed views.
 * @defgroup term Terms
 * @{
 */
#ifndef LDEXPORT_TERM_H
#define LDEXPORT_TERM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A borrowed string view: `len` bytes at `buf`, not necessarily
 * NUL-terminated. */
typedef struct {
  const char* buf;
  size_t      len;
} LdxStr;

/** Kind of an RDF term. */
typedef enum {
  LDX_TERM_IRI = 1, ///< value is an absolute IRI (unescaped, UTF-8)
  LDX_TERM_BLANK,   ///< value is a blank node label, without "_:"
  LDX_TERM_LITERAL, ///< value is the lexical form
} LdxTermType;

/**
 * An RDF term.  For literals, an empty `datatype` means xsd:string, or
 * rdf:langString when `language` is not empty.  Views are borrowed: valid
 * only as long as their producer says (for sink events: the call).
 */
typedef struct {
  LdxTermType type;
  LdxStr      value;
  LdxStr      datatype; ///< Literal datatype IRI, or empty
  LdxStr      language; ///< Literal language tag, or empty
} LdxTerm;

/** A quad; `graph` NULL means the default graph. */
typedef struct {
  const LdxTerm* subject;
  const LdxTerm* predicate;
  const LdxTerm* object;
  const LdxTerm* graph;
} LdxQuad;

/** Make a view of a NUL-terminated string (NULL gives an empty view). */
static inline LdxStr
ldx_str(const char* s)
{
  LdxStr r = { s, 0 };
  if (s) {
    while (s[r.len]) {
      ++r.len;
    }
  }
  return r;
}

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_TERM_H
