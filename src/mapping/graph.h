// SPDX-License-Identifier: MIT
// The mapping graph: the statements of the loaded mapping documents, with
// the position of every term, indexed by subject and predicate.
//
// librdf models lose positions; this small store keeps them so that every
// mapping error can point at FILE:LINE:COLUMN.  Terms of legacy vocabularies
// are rewritten to current RML as they are added (see vocab.h).  Nodes are
// interned: equal terms get the same id.  Blank nodes are scoped to their
// document.
#ifndef LDX_MAPPING_GRAPH_H
#define LDX_MAPPING_GRAPH_H

#include "rdf/turtle_reader.h"

#include "ldexport/diag.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t LdxiNodeId; // 0 = no node

typedef struct {
  LdxTermType type;
  const char* value; // NUL-terminated, owned by the graph
  size_t      len;
  const char* datatype; // literals: datatype IRI or NULL
  const char* language; // literals: language tag or NULL
  LdxCaret    caret;    // where the node is defined or first used
  uint32_t    doc;      // document the node first appeared in
  bool        generated;
  bool        legacy; // an IRI rewritten from a legacy vocabulary
} LdxiNode;

typedef struct {
  LdxiNodeId s;
  LdxiNodeId p;
  LdxiNodeId o;
  LdxCaret   caret; // where the object starts
} LdxiTriple;

typedef struct {
  char* path; // as given by the user; diagnostics point at this copy
  char* dir;  // absolute directory containing it (the mapping directory)
} LdxiDoc;

typedef struct LdxiGraphImpl LdxiGraph;

LdxStatus
ldxi_graph_new(LdxWorld* world, LdxiGraph** out);

void
ldxi_graph_free(LdxiGraph* graph);

// Register a document; `*doc` receives its index.
LdxStatus
ldxi_graph_add_doc(LdxiGraph* graph, const char* path, uint32_t* doc);

const LdxiDoc*
ldxi_graph_doc(const LdxiGraph* graph, uint32_t doc);

// Add a statement read from document `doc`.
LdxStatus
ldxi_graph_add(LdxiGraph*          graph,
               uint32_t            doc,
               const LdxiReadTerm* s,
               const LdxiReadTerm* p,
               const LdxiReadTerm* o);

// Sort the statements for lookups; call after the last add.
LdxStatus
ldxi_graph_index(LdxiGraph* graph);

const LdxiNode*
ldxi_graph_node(const LdxiGraph* graph, LdxiNodeId id);

// The id of an IRI node, or 0 if the graph does not mention it.
LdxiNodeId
ldxi_graph_iri(const LdxiGraph* graph, const char* iri);

// Statements with subject `s` and predicate `p`, contiguous; returns how
// many and sets `*first` (the graph must be indexed).
size_t
ldxi_graph_find(const LdxiGraph*   graph,
                LdxiNodeId         s,
                LdxiNodeId         p,
                const LdxiTriple** first);

// A namespace prefix declared by a mapping document.
typedef struct {
  char* name;
  char* iri;
} LdxiPrefix;

// Record a prefix declaration; the first declaration of a name wins.
LdxStatus
ldxi_graph_add_prefix(LdxiGraph* graph, LdxStr name, LdxStr iri);

// The prefixes declared by the documents, in order of declaration.
size_t
ldxi_graph_prefixes(const LdxiGraph* graph, const LdxiPrefix** first);

// All statements, in index order.
size_t
ldxi_graph_triples(const LdxiGraph* graph, const LdxiTriple** first);

#endif // LDX_MAPPING_GRAPH_H
