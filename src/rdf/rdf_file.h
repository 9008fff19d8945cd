// SPDX-License-Identifier: MIT
// RDF documents as files: the parser their name suggests and the file: IRI
// that is their default base.
#ifndef LDX_RDF_RDF_FILE_H
#define LDX_RDF_RDF_FILE_H

#include "core/buf.h"

#include <stddef.h>

// The raptor parser name ("turtle", "ntriples", "nquads", "trig", "rdfxml",
// "json") for the extension (any case) of the first `len` bytes of `name`,
// or NULL when the extension says nothing.
const char*
ldxi_rdf_syntax_of_name(const char* name, size_t len);

// Append the file: IRI of `path` (relative paths are in the current
// directory), percent-encoding the ASCII characters an IRI path may not
// hold; UTF-8 stays as it is.  Errors: LDX_BAD_READ (no current directory,
// reported), LDX_BAD_ALLOC.
LdxStatus
ldxi_file_iri(LdxWorld* world, const char* path, LdxiBuf* out);

#endif // LDX_RDF_RDF_FILE_H
