// SPDX-License-Identifier: MIT
// The layout of the generated schema.org tables (schemaorg_tables.c,
// written by tools/gen_schemaorg from data/schemaorg/).  Only schemaorg.c
// and the generator know it; everyone else uses vocab/schemaorg.h.
#ifndef LDX_VOCAB_SCHEMAORG_TABLES_H
#define LDX_VOCAB_SCHEMAORG_TABLES_H

#include <stddef.h>
#include <stdint.h>

enum {
  LDXI_SDO_CLASS    = 1u << 0, // a rdfs:Class (types and datatypes)
  LDXI_SDO_DATATYPE = 1u << 1, // schema:DataType or a subtype of it
  LDXI_SDO_PROPERTY = 1u << 2, // a rdf:Property
  LDXI_SDO_MEMBER   = 1u << 3, // an instance of a schema.org type
  LDXI_SDO_PENDING  = 1u << 4, // in the pending area
  LDXI_SDO_ID       = 1u << 5, // the context coerces values to @id
  LDXI_SDO_DATE     = 1u << 6, // the context coerces values to Date
};

// One term.  Links are indexes into ldxi_sdo_terms, stored as runs in
// ldxi_sdo_links: `up` holds every ancestor of a class (transitively, not
// itself) or the types of a member; `dom`/`rng` the domainIncludes and
// rangeIncludes of a property.
typedef struct {
  const char* name;
  uint16_t    flags;
  uint16_t    superseded_by; // index + 1, 0 if none
  uint16_t    up_off, up_n;
  uint16_t    dom_off, dom_n;
  uint16_t    rng_off, rng_n;
} LdxiSdoTerm;

// A key of the schema.org context that does not stand for the schema.org
// term of the same name: keyword aliases ("id" -> "@id") and prefixes.
typedef struct {
  const char* key;
  const char* value; // "@id", "@type" or an IRI
} LdxiSdoContextKey;

extern const char              ldxi_sdo_version[];
extern const LdxiSdoTerm       ldxi_sdo_terms[]; // sorted by name (bytes)
extern const size_t            ldxi_sdo_n_terms;
extern const uint16_t          ldxi_sdo_links[];
extern const LdxiSdoContextKey ldxi_sdo_context_keys[]; // sorted by key
extern const size_t            ldxi_sdo_n_context_keys;

#endif // LDX_VOCAB_SCHEMAORG_TABLES_H
