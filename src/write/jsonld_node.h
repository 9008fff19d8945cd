// SPDX-License-Identifier: MIT
// Reading JSON-LD documents back: the shapes the JSON-LD writer produces,
// and compact or expanded JSON-LD under the schema.org context as far as
// `check` and `embed` need (no remote contexts: nothing is fetched).
#ifndef LDX_WRITE_JSONLD_NODE_H
#define LDX_WRITE_JSONLD_NODE_H

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <jansson.h>

#include <stdbool.h>

// Interpret `doc` into an index of nodes, merged by "@id" across the whole
// document (all graphs: "what is known" is their union).  The result is a
// JSON object (new reference) mapping node ids (expanded; "_:" labels
// kept; anonymous nodes get "_:#<n>") to records:
//
//   { "path":  "$['@graph'][2]",          first occurrence (RFC 9535
//                                          normalized path)
//     "paths": [ ... ],                    every occurrence
//     "top":   true,                       occurs as a top-level node
//     "types": [ "http://schema.org/Event", ... ],   expanded, distinct
//     "props": { PROPERTY-IRI: [ VALUE, ... ] },
//     "keys":  { PROPERTY-IRI: "key as written" } }
//
// VALUE is { "path": ..., "node": ID } for a node (embedded or referenced)
// or { "path": ..., "value": JSON, "type": IRI, "language": TAG } for a
// literal ("type" and "language" only when given).
//
// Problems with the JSON-LD itself (a remote context other than
// schema.org's, "@id" that is not a string, ...) are reported through
// `report` as warnings (level 1) or errors (level 0) with their path; the
// function returns LDX_BAD_ALLOC only.
typedef void (*LdxiLdReport)(void*       handle,
                             int         level,
                             const char* path,
                             const char* message);

LdxStatus
ldxi_jsonld_index(LdxWorld*     world,
                  const json_t* doc,
                  LdxiLdReport  report,
                  void*         handle,
                  json_t**      index);

// The page-sized document about node `iri` of `doc` (compact JSON-LD as
// the writer produces it): every description of `iri` in the document
// merged into one node (named graphs dropped), followed by the nodes it
// refers to by "@id" that the document describes, each merged the same
// way.  `*out` receives a new reference; NULL (with LDX_SUCCESS) if the
// document does not describe `iri`.  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_jsonld_select(LdxWorld*     world,
                   const json_t* doc,
                   const char*   iri,
                   json_t**      out);

// Append to `path` (a normalized path string) the member `key` or the
// index `i`; returns a new jansson string, NULL on allocation failure.
json_t*
ldxi_jsonpath_member(const char* path, const char* key);

json_t*
ldxi_jsonpath_index(const char* path, size_t i);

#endif // LDX_WRITE_JSONLD_NODE_H
