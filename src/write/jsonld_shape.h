// SPDX-License-Identifier: MIT
// Shaping an RDF dataset into schema.org-style JSON-LD (see
// docs/architecture.md, "JSON-LD for schema.org", for the rules).
#ifndef LDX_WRITE_JSONLD_SHAPE_H
#define LDX_WRITE_JSONLD_SHAPE_H

#include "graph/memgraph.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <jansson.h>

#include <stdbool.h>

typedef struct {
  const char* lang;     // page language (BCP 47), or NULL
  const char* fallback; // comma-separated languages tried after `lang`
  bool        prefixes; // compact other vocabularies with declared prefixes
} LdxiJsonldOptions;

// The IRI the context names, as a plain string.
#define LDXI_SCHEMA_CONTEXT "https://schema.org"

// Build the document for `graph` (indexed with ldxi_memgraph_index()).
// `*doc` receives a new jansson reference.  The result depends only on the
// dataset, never on the order the quads were added in.
// Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_jsonld_shape(LdxWorld*                world,
                  const LdxiMemGraph*      graph,
                  const LdxiJsonldOptions* options,
                  json_t**                 doc);

#endif // LDX_WRITE_JSONLD_SHAPE_H
