// SPDX-License-Identifier: MIT
// State of one run of a plan, shared by the engine's modules.
#ifndef LDX_ENGINE_RUN_H
#define LDX_ENGINE_RUN_H

#include "core/arena.h"
#include "core/buf.h"
#include "engine/join_index.h"
#include "mapping/plan.h"
#include "source/source.h"

#include "ldexport/mapping.h"
#include "ldexport/output.h"
#include "ldexport/sink.h"
#include "ldexport/writer.h"

#include <stdbool.h>

// A list of generated terms; the array is reused, strings live in the
// per-record arena or in the plan.
typedef struct {
  LdxTerm* items;
  size_t   n;
  size_t   cap;
} LdxiTerms;

// An opened logical source (one per group of effectively equal sources).
typedef struct {
  const LdxiLogicalSource* source;
  LdxiSourceHandle*        handle;
  char*                    path;    // resolved file path
  const char*              display; // the path as shown to users
} LdxiOpenSource;

// Where quads go: the caller's output (index 0) or a logical target.
typedef struct {
  LdxSink                  sink;         // dedup in front of the output
  bool                     merge_graphs; // no named graphs in this output
  LdxDedup*                dedup;        // owned, or NULL
  LdxWriter*               writer;       // targets only (owned)
  struct LdxiOutputFilter* filter;       // targets only (owned)
  LdxOutputFile*           file;         // targets only (owned)
  char*                    path;         // targets only (owned)
} LdxiDest;

// A quad held back until its record is complete (skip_bad_records).
typedef struct {
  LdxiDest* dest;
  LdxTerm   s;
  LdxTerm   p;
  LdxTerm   o;
  LdxTerm   g;
  bool      has_g;
} LdxiPending;

// The target sets of the term maps that generated a list of terms
// (parallel to an LdxiTerms).
typedef struct {
  const LdxiTargetSet** items;
  size_t                cap;
} LdxiOrigins;

typedef struct {
  LdxWorld*            world;
  const LdxiPlan*      plan;
  const LdxRunOptions* options;
  LdxRunStats*         stats;

  LdxiArena      arena;   // strings of the current record's terms
  LdxiBuf        scratch; // building one IRI
  LdxiBuf        tmpl;    // expanding one template
  LdxiBuf        key;     // building one join key
  LdxiBuf        message; // data error details from sources
  LdxiValues     values;  // scratch for one reference evaluation
  LdxiPending*   pending; // quads of the current record, not yet written
  size_t         n_pending;
  size_t         cap_pending;
  LdxQuad*       batch; // the held quads as LdxQuad, for flushing
  size_t         cap_batch;
  LdxiDest*      dests;  // [0] = the caller's sink, [1 + i] = target i
  unsigned char* routed; // scratch: which targets a quad goes to

  LdxiOpenSource* open;  // indexed by group
  LdxiJoinIndex** joins; // indexed by join slot

  // The record being mapped, for diagnostics.
  const LdxiOpenSource* cur_source;
  const LdxiRecord*     cur_record;
} LdxiRun;

// Evaluate a term map on the current record and append the generated terms
// to `out` (`out->n` is not reset).  `base` is the base IRI in force.
LdxStatus
ldxi_eval_term_map(LdxiRun*           run,
                   const LdxiTermMap* tm,
                   const char*        base,
                   LdxiTerms*         out);

// Report a data error about the current record and the rule `rule`.
LDX_LOG_FUNC(4, 5)
LdxStatus
ldxi_run_error(LdxiRun*        run,
               LdxStatus       status,
               const LdxiRule* rule,
               const char*     fmt,
               ...);

void
ldxi_terms_free(LdxWorld* world, LdxiTerms* terms);

// Set up the destinations: the caller's sink and one writer per logical
// target of the plan (targets.c).
LdxStatus
ldxi_dests_open(LdxiRun* run, LdxSink sink);

// Finish every target after a successful run: END, writer finish, file
// commit.  The caller's sink gets its END from the engine.
LdxStatus
ldxi_dests_finish(LdxiRun* run);

// Release the destinations; uncommitted target files are discarded.
void
ldxi_dests_free(LdxiRun* run);

#endif // LDX_ENGINE_RUN_H
