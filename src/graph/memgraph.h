// SPDX-License-Identifier: MIT
// An in-memory RDF dataset for writers that need the whole graph before
// they write (JSON-LD nesting, iCalendar events with their places).
//
// Terms are copied and interned; duplicate quads are kept once.  After
// ldxi_memgraph_index() the dataset is read-only and every order it gives
// is deterministic and independent of the order quads arrived in: term ids
// follow the canonical order of terms (kind, then value, datatype and
// language, bytewise), and quads are sorted by those ids.  Only the writers
// pay for this; N-Quads output streams.
#ifndef LDX_GRAPH_MEMGRAPH_H
#define LDX_GRAPH_MEMGRAPH_H

#include "ldexport/sink.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"

#include <stddef.h>
#include <stdint.h>

typedef uint32_t LdxiTermId; // 0 = no term (and the default graph)

typedef struct {
  LdxiTermId s;
  LdxiTermId p;
  LdxiTermId o;
  LdxiTermId g; // 0 = the default graph
} LdxiMemQuad;

typedef struct LdxiMemGraphImpl LdxiMemGraph;

LdxStatus
ldxi_memgraph_new(LdxWorld* world, LdxiMemGraph** out);

void
ldxi_memgraph_free(LdxiMemGraph* graph);

// Add a quad (copied).  Errors: LDX_BAD_ALLOC, LDX_BAD_ARG after index.
LdxStatus
ldxi_memgraph_add(LdxiMemGraph* graph, const LdxQuad* quad);

// Remember a namespace prefix (first declaration of a name wins).
LdxStatus
ldxi_memgraph_add_prefix(LdxiMemGraph* graph, LdxStr name, LdxStr iri);

// A sink that adds quads and prefixes to `graph` (END is ignored).
LdxSink
ldxi_memgraph_sink(LdxiMemGraph* graph);

// Sort and index; call once, after the last add.
LdxStatus
ldxi_memgraph_index(LdxiMemGraph* graph);

// Also index the quads by object, for ldxi_memgraph_by_object(); after
// ldxi_memgraph_index().  A second copy of the quads: only writers that
// follow links backwards ask for it.  Errors: LDX_BAD_ALLOC, LDX_BAD_ARG.
LdxStatus
ldxi_memgraph_index_objects(LdxiMemGraph* graph);

// ---- Reading (after ldxi_memgraph_index) ---------------------------------

// The term with id `id` (borrowed; valid while the graph lives), or NULL.
const LdxTerm*
ldxi_memgraph_term(const LdxiMemGraph* graph, LdxiTermId id);

// The id of a term, or 0 if the dataset does not contain it.
LdxiTermId
ldxi_memgraph_find_term(const LdxiMemGraph* graph, const LdxTerm* term);

// The id of the IRI `iri`, or 0.
LdxiTermId
ldxi_memgraph_iri(const LdxiMemGraph* graph, const char* iri);

// All quads, sorted by (s, p, o, g).
size_t
ldxi_memgraph_quads(const LdxiMemGraph* graph, const LdxiMemQuad** first);

// Quads with subject `s`, and predicate `p` unless p is 0; contiguous,
// sorted by (p, o, g).
size_t
ldxi_memgraph_by_subject(const LdxiMemGraph* graph,
                         LdxiTermId          s,
                         LdxiTermId          p,
                         const LdxiMemQuad** first);

// Quads with object `o`, sorted by (o, s, p, g); contiguous.  Needs
// ldxi_memgraph_index_objects().
size_t
ldxi_memgraph_by_object(const LdxiMemGraph* graph,
                        LdxiTermId          o,
                        const LdxiMemQuad** first);

// The distinct subjects, in id order.
size_t
ldxi_memgraph_subjects(const LdxiMemGraph* graph, const LdxiTermId** first);

// The distinct named graphs (not the default graph), in id order.
size_t
ldxi_memgraph_graphs(const LdxiMemGraph* graph, const LdxiTermId** first);

// The objects of (s, p) in any graph, distinct, in id order, written to
// `out` (up to `max`); returns how many there are in all.
size_t
ldxi_memgraph_objects(const LdxiMemGraph* graph,
                      LdxiTermId          s,
                      LdxiTermId          p,
                      LdxiTermId*         out,
                      size_t              max);

// The prefixes added, in order of addition.
size_t
ldxi_memgraph_prefixes(const LdxiMemGraph* graph,
                       const LdxStr**      names,
                       const LdxStr**      iris);

#endif // LDX_GRAPH_MEMGRAPH_H
