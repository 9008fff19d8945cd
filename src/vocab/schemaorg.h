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

// ---- Added for the JSON-LD writer and `ldexport check` -------------------

// True if `name` is a datatype (Text, URL, Date, DateTime, Time, Number,
// Integer, Float, Boolean, ... and their subtypes).
bool
ldxi_schema_is_datatype(const char* name, size_t len);

// True if `name` is an instance of a schema.org type, such as an
// enumeration member ("EventScheduled", "InStock", "True").
bool
ldxi_schema_is_member(const char* name, size_t len);

// True if member `name` is an instance of `type` or of a subtype of it
// ("EventRescheduled" of "EventStatusType").
bool
ldxi_schema_is_member_of(const char* name, size_t len, const char* type);

// True if `name` is in the pending area of schema.org.
bool
ldxi_schema_is_pending(const char* name, size_t len);

// The domainIncludes (or rangeIncludes) of property `name`: writes up to
// `max` type names to `out` and returns how many there are in all (0 for
// an unknown term or a property without any).
size_t
ldxi_schema_domains(const char* name, size_t len, const char** out, size_t max);

size_t
ldxi_schema_ranges(const char* name, size_t len, const char** out, size_t max);

// True if some rangeIncludes of property `name` is `type` or a subtype of
// it (e.g. "URL", "Date").
bool
ldxi_schema_range_includes(const char* name, size_t len, const char* type);

// How the shipped JSON-LD context coerces the values of a property.
typedef enum {
  LDXI_SCHEMA_COERCE_NONE = 0,
  LDXI_SCHEMA_COERCE_ID,   // "@type": "@id"
  LDXI_SCHEMA_COERCE_DATE, // "@type": "Date" (schema:Date, not xsd:date)
} LdxiSchemaCoercion;

LdxiSchemaCoercion
ldxi_schema_coercion(const char* name, size_t len);

// What a key of the shipped context means when it is not the schema.org
// term of the same name: "@id" for "id", "@type" for "type", a namespace
// IRI for a prefix ("xsd"), an IRI for "HTML"; NULL for other keys.
const char*
ldxi_schema_context_key(const char* key, size_t len);

#endif // LDX_VOCAB_SCHEMAORG_H
