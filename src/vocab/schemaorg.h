// SPDX-License-Identifier: MIT
// What the shipped schema.org release (data/schemaorg/) says about its
// types and properties, compiled into tables (generated from the
// vocabulary by a checked-in generator; `make check` regenerates and
// diffs them).  Terms are local names: "Event", "startDate".
#ifndef LDX_VOCAB_SCHEMAORG_H
#define LDX_VOCAB_SCHEMAORG_H

#include <stdbool.h>
#include <stddef.h>

// The schema.org release the tables come from, e.g. "30.0".
const char*
ldxi_schema_version(void);

// If `iri` is a schema.org term (http:// or https://schema.org/), return
// its local name and set `*len`; otherwise NULL.
const char*
ldxi_schema_local(const char* iri, size_t iri_len, size_t* len);

// True if `name` is a type (class or datatype) of schema.org.
bool
ldxi_schema_is_type(const char* name, size_t len);

// True if `name` is a property of schema.org.
bool
ldxi_schema_is_property(const char* name, size_t len);

// True if type `name` is `ancestor` or a subtype of it, transitively
// (e.g. "MusicEvent" and "Event").
bool
ldxi_schema_is_subtype_of(const char* name, size_t len, const char* ancestor);

// The term that supersedes `name` (schema:supersededBy), or NULL.
const char*
ldxi_schema_superseded_by(const char* name, size_t len);

#endif // LDX_VOCAB_SCHEMAORG_H
