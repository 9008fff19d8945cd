// SPDX-License-Identifier: MIT
// Raptor's terms and namespaces seen as ldexport terms and strings.
//
// Every result is a view into raptor's own memory: valid only as long as
// the raptor term or namespace, i.e. during the parser callback.
#ifndef LDX_RDF_FROM_RAPTOR_H
#define LDX_RDF_FROM_RAPTOR_H

#include "ldexport/term.h"

#include <raptor2.h>
#include <stdbool.h>

// Fill `out` with a view of `term` (an unknown raptor term type leaves it
// zeroed, which no caller sees: raptor's parsers never produce one).
void
ldxi_term_from_raptor(const raptor_term* term, LdxTerm* out);

// The prefix (empty for the default prefix) and IRI of a namespace a
// parser declared; false when raptor gives it no IRI.
bool
ldxi_namespace_from_raptor(raptor_namespace* ns, LdxStr* prefix, LdxStr* iri);

#endif // LDX_RDF_FROM_RAPTOR_H
