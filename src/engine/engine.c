// SPDX-License-Identifier: MIT
// The engine: runs a plan.  Each group of effectively equal logical sources
// is read once; for every record, every triples map of the group generates
// its subjects, graphs and predicate-object pairs, and the quads go to the
// sink.  Referencing object maps with join conditions probe hash indexes
// built by one pass over the parent's source.
#include "engine/engine.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "engine/paths.h"
#include "engine/run.h"
#include "mapping/vocab.h"
#include "sql/sql.h"
#include "sink/dedup_impl.h"

#include <stdint.h>
#include <string.h>

static const LdxTerm rdf_type = { LDX_TERM_IRI,
                                  { LDX_RDF_TYPE, sizeof(LDX_RDF_TYPE) - 1 },
                                  { NULL, 0 },
                                  { NULL, 0 } };

#define DEFAULT_GRAPH LDX_RML "defaultGraph"

// Quads held before they are written (outside skip mode, where a record's
// quads are all held).
#define PENDING_MAX 4096

// Scratch term lists for mapping one record, reused across records, with
// the target sets of the term maps each term came from.
typedef struct {
  LdxiTerms   subjects;
  LdxiTerms   subject_graphs;
  LdxiOrigins subject_graphs_from;
  LdxiTerms   graphs;
  LdxiOrigins graphs_from;
  LdxiTerms   predicates;
  LdxiOrigins predicates_from;
  LdxiTerms   objects;
  LdxiTerms   parents;
  LdxiTerms   keys;
} Lists;

typedef struct {
  LdxiRun* run;
  Lists*   lists;
  size_t   group;
} GroupCtx;

static void
lists_free(LdxWorld* world, Lists* l)
{
  ldxi_terms_free(world, &l->subjects);
  ldxi_terms_free(world, &l->subject_graphs);
  ldxi_terms_free(world, &l->graphs);
  ldxi_terms_free(world, &l->predicates);
  ldxi_terms_free(world, &l->objects);
  ldxi_terms_free(world, &l->parents);
  ldxi_terms_free(world, &l->keys);
  ldxi_free(world, l->subject_graphs_from.items);
  ldxi_free(world, l->graphs_from.items);
  ldxi_free(world, l->predicates_from.items);
}

static const char*
base_of(const LdxiRun* run, const LdxiTriplesMap* tm)
{
  return tm->base_iri ? tm->base_iri : run->options->base_iri;
}

// ---------------------------------------------------------------------------
// Opening sources

static LdxStatus
open_group(LdxiRun* run, size_t group)
{
  LdxiOpenSource* os = &run->open[group];
  if (os->handle) {
    return LDX_SUCCESS;
  }
  const LdxiLogicalSource* src = run->plan->sources[group];
  os->source                   = src;
  LdxStatus st                 = LDX_SUCCESS;
  if (src->file.path && !os->path &&
      (st = ldxi_resolve_file(
         run->world, run->options->working_dir, &src->file, &os->path))) {
    return st;
  }
  // SQL sources have no file: the run names the database of R2RML logical
  // tables (which have none) and the directory of a relative SQLite file.
  LdxiLogicalSource with_db;
  if (!src->file.path && (src->formulation == LDXI_RF_SQL_TABLE ||
                          src->formulation == LDXI_RF_SQL_QUERY)) {
    with_db = *src;
    if (!with_db.db.dsn) {
      with_db.db.dsn = run->options->database;
    }
    if (run->options->working_dir) {
      with_db.file.root     = LDXI_ROOT_DIR;
      with_db.file.root_dir = run->options->working_dir;
    }
    src = &with_db;
  }
  // Databases are shown by their connection string (without password).
  os->display = os->path
                  ? ldxi_display_path(os->path)
                  : (src->db.dsn ? ldxi_dsn_display(src->db.dsn) : "database");
  st = src->ops->open(run->world, src, os->path, os->display, &os->handle);
  if (st) {
    LdxDiag note = { st,
                     LDX_LEVEL_NOTE,
                     src->rule.caret,
                     NULL,
                     "the data is read by this logical source",
                     { NULL, 0, 0, 0 },
                     NULL };
    ldxi_report(run->world, &note);
  }
  return st;
}

// ---------------------------------------------------------------------------
// Emitting quads

static bool
is_default_graph(const LdxTerm* g)
{
  return g->value.len == sizeof(DEFAULT_GRAPH) - 1 &&
         !memcmp(g->value.buf, DEFAULT_GRAPH, g->value.len);
}

static LdxStatus
flush_pending(LdxiRun* run);

// Send one quad to one destination.  Outputs without named graphs get the
// triple in the default graph; their dedup filter drops the repeats.
static LdxStatus
deliver(LdxiRun*       run,
        LdxiDest*      d,
        const LdxTerm* s,
        const LdxTerm* p,
        const LdxTerm* o,
        const LdxTerm* g)
{
  if (g && is_default_graph(g)) {
    g = NULL;
  }
  if (g && d->merge_graphs) {
    ++run->stats->merged;
    g = NULL;
  }
  // Hold the quad: quads are written per record (in skip mode only once
  // the record turned out good), in batches the dedup filter can prefetch.
  if (run->n_pending == run->cap_pending) {
    if (!run->options->skip_bad_records && run->n_pending >= PENDING_MAX) {
      LdxStatus st = flush_pending(run);
      if (st) {
        return st;
      }
    } else if (ldxi_grow(run->world,
                         (void**)&run->pending,
                         &run->cap_pending,
                         run->n_pending + 1,
                         sizeof(LdxiPending))) {
      return LDX_BAD_ALLOC;
    }
  }
  LdxiPending* e = &run->pending[run->n_pending++];
  e->dest        = d;
  e->s           = *s;
  e->p           = *p;
  e->o           = *o;
  e->has_g       = g != NULL;
  if (g) {
    e->g = *g;
  }
  return LDX_SUCCESS;
}

static bool
is_data_error(LdxStatus st)
{
  return st == LDX_BAD_DATA || st == LDX_BAD_DATATYPE ||
         st == LDX_BAD_REFERENCE || st == LDX_BAD_LIMIT;
}

// Write the held quads, in order, each destination's run of quads as one
// batch through its dedup filter.
static LdxStatus
flush_pending(LdxiRun* run)
{
  size_t n = run->n_pending;
  if (!n) {
    return LDX_SUCCESS;
  }
  if (n > run->cap_batch &&
      ldxi_grow(
        run->world, (void**)&run->batch, &run->cap_batch, n, sizeof(LdxQuad))) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i < n; ++i) {
    const LdxiPending* e = &run->pending[i];
    run->batch[i] = (LdxQuad){ &e->s, &e->p, &e->o, e->has_g ? &e->g : NULL };
  }
  run->stats->quads += n;
  run->n_pending = 0;
  LdxStatus st   = LDX_SUCCESS;
  for (size_t i = 0; !st && i < n;) {
    LdxiDest* d   = run->pending[i].dest;
    size_t    end = i + 1;
    while (end < n && run->pending[end].dest == d) {
      ++end;
    }
    if (d->dedup) {
      st = ldxi_dedup_quads(d->dedup, run->batch + i, end - i);
    } else {
      for (size_t k = i; !st && k < end; ++k) {
        st = ldx_sink_quad(&d->sink, &run->batch[k]);
      }
    }
    i = end;
  }
  return st;
}

// End of a record: write its quads, or, in skip mode, drop them all if the
// record had a data error (already reported as a warning).
static LdxStatus
finish_record(LdxiRun* run, LdxStatus st)
{
  if (run->options->skip_bad_records && is_data_error(st)) {
    ++run->stats->skipped;
    run->n_pending = 0;
    return LDX_SUCCESS;
  }
  if (st) {
    run->n_pending = 0;
    return st;
  }
  return flush_pending(run);
}

static void
mark(unsigned char* routed, const LdxiTargetSet* set)
{
  for (size_t i = 0; set && i < set->n; ++i) {
    routed[set->items[i]] = 1;
  }
}

// Route a quad: to the logical targets of the term maps that generated it,
// or to the default output when they have none (RML-IO).
static LdxStatus
route(LdxiRun*                    run,
      const LdxTerm*              s,
      const LdxTerm*              p,
      const LdxTerm*              o,
      const LdxTerm*              g,
      const LdxiTargetSet* const* from) // subject, predicate, object, graph
{
  size_t n = run->plan->n_targets;
  if (!n) {
    return deliver(run, &run->dests[0], s, p, o, g);
  }
  for (int i = 0; i < 4; ++i) {
    mark(run->routed, from[i]);
  }
  LdxStatus st  = LDX_SUCCESS;
  bool      any = false;
  for (size_t t = 0; t < n; ++t) {
    if (run->routed[t]) {
      run->routed[t] = 0;
      any            = true;
      if (!st) {
        st = deliver(run, &run->dests[1 + t], s, p, o, g);
      }
    }
  }
  return any ? st : deliver(run, &run->dests[0], s, p, o, g);
}

static LdxStatus
emit(LdxiRun*             run,
     const LdxTerm*       s,
     const LdxTerm*       p,
     const LdxTerm*       o,
     const LdxiTerms*     graphs,
     const LdxiOrigins*   graphs_from,
     const LdxiTargetSet* s_from,
     const LdxiTargetSet* p_from,
     const LdxiTargetSet* o_from)
{
  const LdxiTargetSet* from[4] = { s_from, p_from, o_from, NULL };
  if (!graphs->n) {
    return route(run, s, p, o, NULL, from);
  }
  for (size_t i = 0; i < graphs->n; ++i) {
    from[3]      = graphs_from->items[i];
    LdxStatus st = route(run, s, p, o, &graphs->items[i], from);
    if (st) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

// Evaluate term maps into `out`, recording in `from` (parallel to `out`)
// the targets of the map each term came from.
static LdxStatus
eval_all(LdxiRun*           run,
         const LdxiTermMap* maps,
         size_t             n,
         const char*        base,
         LdxiTerms*         out,
         LdxiOrigins*       from)
{
  for (size_t i = 0; i < n; ++i) {
    size_t    before = out->n;
    LdxStatus st     = ldxi_eval_term_map(run, &maps[i], base, out);
    if (st) {
      return st;
    }
    if (out->n > from->cap && ldxi_grow(run->world,
                                        (void**)&from->items,
                                        &from->cap,
                                        out->n,
                                        sizeof(*from->items))) {
      return LDX_BAD_ALLOC;
    }
    for (size_t k = before; k < out->n; ++k) {
      from->items[k] = &maps[i].targets;
    }
  }
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Joins

// Join keys: for each join condition, the value's length then its bytes,
// so that ("ab","c") and ("a","bc") differ.
static LdxStatus
key_append(LdxiBuf* key, LdxStr value)
{
  uint64_t  len = value.len;
  LdxStatus st  = ldxi_buf_append(key, &len, sizeof(len));
  return st ? st : ldxi_buf_append(key, value.buf, value.len);
}

typedef LdxStatus (*KeyFunc)(LdxiRun* run, const LdxiBuf* key, void* handle);

// Evaluate one side of the join conditions on the current record and call
// `func` for each combination of their values.
static LdxStatus
for_each_key(LdxiRun*        run,
             const LdxiJoin* joins,
             size_t          n_joins,
             bool            parent_side,
             LdxiTerms*      values,
             KeyFunc         func,
             void*           handle)
{
  // values->items holds the values of all conditions back to back;
  // start[i]/count[i] delimit condition i.
  size_t  small[2 * 8];
  size_t* start = n_joins <= 8 ? small : NULL;
  if (!start) {
    start =
      (size_t*)ldxi_arena_alloc(&run->arena, 3 * n_joins * sizeof(size_t));
    if (!start) {
      return LDX_BAD_ALLOC;
    }
  }
  size_t* count = start + n_joins;
  values->n     = 0;
  for (size_t j = 0; j < n_joins; ++j) {
    start[j] = values->n;
    // Join values compare as strings: the compiler makes every
    // non-constant join map a plain literal (no datatype or language).
    LdxStatus st = ldxi_eval_term_map(
      run, parent_side ? &joins[j].parent : &joins[j].child, NULL, values);
    if (st) {
      return st;
    }
    count[j] = values->n - start[j];
    if (!count[j]) {
      return LDX_SUCCESS; // a missing value joins nothing
    }
  }
  size_t  at_small[8];
  size_t* at = n_joins <= 8 ? at_small : start + 2 * n_joins;
  memset(at, 0, n_joins * sizeof(size_t));
  for (;;) {
    ldxi_buf_clear(&run->key);
    for (size_t j = 0; j < n_joins; ++j) {
      LdxStatus st =
        key_append(&run->key, values->items[start[j] + at[j]].value);
      if (st) {
        return st;
      }
    }
    LdxStatus st = func(run, &run->key, handle);
    if (st) {
      return st;
    }
    size_t j = n_joins;
    while (j > 0 && ++at[j - 1] == count[j - 1]) {
      at[--j] = 0;
    }
    if (j == 0) {
      return LDX_SUCCESS;
    }
  }
}

typedef struct {
  LdxiJoinIndex*   index;
  const LdxiTerms* subjects;
} IndexAdd;

static LdxStatus
index_add(LdxiRun* run, const LdxiBuf* key, void* handle)
{
  (void)run;
  IndexAdd* ia = (IndexAdd*)handle;
  for (size_t i = 0; i < ia->subjects->n; ++i) {
    LdxStatus st = ldxi_join_index_add(
      ia->index, key->data ? key->data : "", key->len, &ia->subjects->items[i]);
    if (st) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

typedef struct {
  LdxiRun*             run;
  const LdxiObjectMap* om;
  LdxiJoinIndex*       index;
  Lists*               lists;
} BuildCtx;

static LdxStatus
index_record(void* handle, const LdxiRecord* record)
{
  BuildCtx*             b   = (BuildCtx*)handle;
  LdxiRun*              run = b->run;
  const LdxiTriplesMap* p   = b->om->parent;
  run->cur_record           = record;
  b->lists->subjects.n      = 0;
  LdxStatus st =
    ldxi_eval_term_map(run, &p->subject, base_of(run, p), &b->lists->subjects);
  if (!st && b->lists->subjects.n) {
    IndexAdd ia = { b->index, &b->lists->subjects };
    if (b->om->n_joins) {
      st = for_each_key(run,
                        b->om->joins,
                        b->om->n_joins,
                        true,
                        &b->lists->keys,
                        index_add,
                        &ia);
    } else {
      LdxiBuf empty = { NULL, 0, 0, 0, NULL };
      st            = index_add(run, &empty, &ia);
    }
  }
  // A parent record with a data error is left out of the index (nothing of
  // it was added: values are evaluated before any key is).  In skip mode
  // it is not counted here: the parent's own pass maps the same record and
  // counts it, and no quads are pending in this pass.
  if (run->options->skip_bad_records && is_data_error(st)) {
    st = LDX_SUCCESS;
  }
  ldxi_arena_reset(&run->arena);
  return st;
}

// Read the parent's source once and index its subjects by join key.
static LdxStatus
build_index(LdxiRun* run, const LdxiObjectMap* om)
{
  if (run->joins[om->join_slot]) {
    return LDX_SUCCESS;
  }
  const LdxiTriplesMap* parent = om->parent;
  size_t                group  = parent->source->group;
  LdxStatus             st     = open_group(run, group);
  if (st) {
    return st;
  }
  LdxiJoinIndex* index = NULL;
  if ((st = ldxi_join_index_new(run->world, &index))) {
    return st;
  }
  run->joins[om->join_slot] = index;

  Lists lists;
  memset(&lists, 0, sizeof(lists));
  BuildCtx              b            = { run, om, index, &lists };
  const LdxiOpenSource* saved_source = run->cur_source;
  const LdxiRecord*     saved_record = run->cur_record;
  run->cur_source                    = &run->open[group];
  st              = parent->source->ops->iterate(run->open[group].handle,
                                    parent->source->iterator_compiled,
                                    index_record,
                                    &b);
  run->cur_source = saved_source;
  run->cur_record = saved_record;
  lists_free(run->world, &lists);
  return st;
}

typedef struct {
  const LdxiJoinIndex* index;
  LdxiTerms*           parents;
} Probe;

static LdxStatus
probe(LdxiRun* run, const LdxiBuf* key, void* handle)
{
  Probe* pr = (Probe*)handle;
  for (const LdxiJoinHit* hit =
         ldxi_join_index_find(pr->index, key->data ? key->data : "", key->len);
       hit;
       hit = hit->next) {
    if (pr->parents->n == pr->parents->cap &&
        ldxi_grow(run->world,
                  (void**)&pr->parents->items,
                  &pr->parents->cap,
                  pr->parents->n + 1,
                  sizeof(LdxTerm))) {
      return LDX_BAD_ALLOC;
    }
    pr->parents->items[pr->parents->n++] = hit->subject;
  }
  return LDX_SUCCESS;
}

// The objects of a referencing object map for the current record.
static LdxStatus
parent_subjects(LdxiRun* run, const LdxiObjectMap* om, Lists* l)
{
  l->parents.n = 0;
  if (om->same_source) {
    return ldxi_eval_term_map(
      run, &om->parent->subject, base_of(run, om->parent), &l->parents);
  }
  Probe pr = { run->joins[om->join_slot], &l->parents };
  if (!om->n_joins) {
    LdxiBuf empty = { NULL, 0, 0, 0, NULL };
    return probe(run, &empty, &pr);
  }
  return for_each_key(run, om->joins, om->n_joins, false, &l->keys, probe, &pr);
}

// ---------------------------------------------------------------------------
// Mapping records

static LdxStatus
map_record(LdxiRun* run, const LdxiTriplesMap* tm, Lists* l)
{
  const char*          base   = base_of(run, tm);
  const LdxiTargetSet* s_from = &tm->subject.targets;
  l->subjects.n               = 0;
  LdxStatus st = ldxi_eval_term_map(run, &tm->subject, base, &l->subjects);
  if (st || !l->subjects.n) {
    return st;
  }
  l->subject_graphs.n = 0;
  if ((st = eval_all(run,
                     tm->subject_graphs,
                     tm->n_subject_graphs,
                     base,
                     &l->subject_graphs,
                     &l->subject_graphs_from))) {
    return st;
  }
  for (size_t s = 0; s < l->subjects.n; ++s) {
    for (size_t c = 0; c < tm->n_classes; ++c) {
      if ((st = emit(run,
                     &l->subjects.items[s],
                     &rdf_type,
                     &tm->classes[c],
                     &l->subject_graphs,
                     &l->subject_graphs_from,
                     s_from,
                     NULL,
                     NULL))) {
        return st;
      }
    }
  }
  for (size_t i = 0; i < tm->n_poms; ++i) {
    const LdxiPom* pom = &tm->poms[i];
    l->predicates.n    = 0;
    if ((st = eval_all(run,
                       pom->predicates,
                       pom->n_predicates,
                       base,
                       &l->predicates,
                       &l->predicates_from))) {
      return st;
    }
    if (!l->predicates.n) {
      continue;
    }
    // Graphs: the union of the subject map's and this map's.
    l->graphs.n = 0;
    for (size_t g = 0; g < l->subject_graphs.n; ++g) {
      if (l->graphs.n == l->graphs.cap && ldxi_grow(run->world,
                                                    (void**)&l->graphs.items,
                                                    &l->graphs.cap,
                                                    l->graphs.n + 1,
                                                    sizeof(LdxTerm))) {
        return LDX_BAD_ALLOC;
      }
      l->graphs.items[l->graphs.n++] = l->subject_graphs.items[g];
    }
    if (l->graphs.n > l->graphs_from.cap &&
        ldxi_grow(run->world,
                  (void**)&l->graphs_from.items,
                  &l->graphs_from.cap,
                  l->graphs.n,
                  sizeof(*l->graphs_from.items))) {
      return LDX_BAD_ALLOC;
    }
    for (size_t g = 0; g < l->subject_graphs.n; ++g) {
      l->graphs_from.items[g] = l->subject_graphs_from.items[g];
    }
    if ((st = eval_all(run,
                       pom->graphs,
                       pom->n_graphs,
                       base,
                       &l->graphs,
                       &l->graphs_from))) {
      return st;
    }
    if ((pom->n_graphs || tm->n_subject_graphs) && !l->graphs.n) {
      continue; // graph maps without a value: nowhere to put the triples
    }
    for (size_t o = 0; o < pom->n_objects; ++o) {
      const LdxiObjectMap* om = &pom->objects[o];
      const LdxiTargetSet* o_from;
      LdxiTerms*           objects;
      if (om->is_ref) {
        if ((st = parent_subjects(run, om, l))) {
          return st;
        }
        objects = &l->parents;
        o_from  = &om->targets;
      } else {
        l->objects.n = 0;
        if ((st = ldxi_eval_term_map(run, &om->map, base, &l->objects))) {
          return st;
        }
        objects = &l->objects;
        o_from  = &om->map.targets;
      }
      for (size_t s = 0; s < l->subjects.n; ++s) {
        for (size_t p = 0; p < l->predicates.n; ++p) {
          for (size_t k = 0; k < objects->n; ++k) {
            if ((st = emit(run,
                           &l->subjects.items[s],
                           &l->predicates.items[p],
                           &objects->items[k],
                           &l->graphs,
                           &l->graphs_from,
                           s_from,
                           l->predicates_from.items[p],
                           o_from))) {
              return st;
            }
          }
        }
      }
    }
  }
  return LDX_SUCCESS;
}

static LdxStatus
group_record(void* handle, const LdxiRecord* record)
{
  GroupCtx*       g    = (GroupCtx*)handle;
  LdxiRun*        run  = g->run;
  const LdxiPlan* plan = run->plan;
  run->cur_record      = record;
  ++run->stats->records;
  LdxStatus st = LDX_SUCCESS;
  for (size_t i = 0; i < plan->n_maps && !st; ++i) {
    const LdxiTriplesMap* tm = &plan->maps[i];
    if (tm->source->group == g->group) {
      st = map_record(run, tm, g->lists);
    }
  }
  st = finish_record(run, st);
  ldxi_arena_reset(&run->arena);
  return st;
}

static LdxStatus
run_group(LdxiRun* run, size_t group, Lists* lists)
{
  const LdxiPlan* plan = run->plan;
  // Indexes of the parents this group's maps join with, built first.
  for (size_t i = 0; i < plan->n_maps; ++i) {
    const LdxiTriplesMap* tm = &plan->maps[i];
    if (tm->source->group != group) {
      continue;
    }
    for (size_t p = 0; p < tm->n_poms; ++p) {
      for (size_t o = 0; o < tm->poms[p].n_objects; ++o) {
        const LdxiObjectMap* om = &tm->poms[p].objects[o];
        if (om->is_ref && !om->same_source) {
          LdxStatus st = build_index(run, om);
          if (st) {
            return st;
          }
        }
      }
    }
  }
  LdxStatus st = open_group(run, group);
  if (st) {
    return st;
  }
  GroupCtx ctx    = { run, lists, group };
  run->cur_source = &run->open[group];
  st =
    plan->sources[group]->ops->iterate(run->open[group].handle,
                                       plan->sources[group]->iterator_compiled,
                                       group_record,
                                       &ctx);
  run->cur_source = NULL;
  run->cur_record = NULL;
  return st;
}

LdxStatus
ldxi_engine_run(LdxWorld*            world,
                const LdxiPlan*      plan,
                const LdxRunOptions* options,
                LdxSink              sink,
                LdxRunStats*         stats)
{
  LdxRunOptions defaults;
  LdxRunStats   local_stats;
  memset(&defaults, 0, sizeof(defaults));
  memset(&local_stats, 0, sizeof(local_stats));
  if (!options) {
    options = &defaults;
  }
  if (!stats) {
    stats = &local_stats;
  }
  memset(stats, 0, sizeof(*stats));

  LdxiRun run;
  memset(&run, 0, sizeof(run));
  run.world   = world;
  run.plan    = plan;
  run.options = options;
  run.stats   = stats;
  size_t max  = ldx_world_limits(world).max_value_bytes;
  ldxi_arena_init(&run.arena, world, 64u * 1024u);
  ldxi_buf_init(&run.scratch, world, max);
  ldxi_buf_init(&run.tmpl, world, max);
  ldxi_buf_init(&run.key, world, 0);
  ldxi_buf_init(&run.message, world, 0);

  LdxStatus st = LDX_SUCCESS;
  run.open     = (LdxiOpenSource*)ldxi_calloc(
    world, plan->n_sources + 1, sizeof(LdxiOpenSource));
  run.joins = (LdxiJoinIndex**)ldxi_calloc(
    world, plan->n_join_slots + 1, sizeof(LdxiJoinIndex*));
  if (!run.open || !run.joins) {
    st = LDX_BAD_ALLOC;
  }
  if (!st) {
    st = ldxi_dests_open(&run, sink);
  }

  // The mapping's prefixes, for writers that abbreviate IRIs.
  for (size_t d = 0; !st && d <= plan->n_targets; ++d) {
    for (size_t i = 0; !st && i < plan->n_prefixes; ++i) {
      LdxEvent ev;
      memset(&ev, 0, sizeof(ev));
      ev.type          = LDX_EVENT_PREFIX;
      ev.u.prefix.name = plan->prefixes[i].name;
      ev.u.prefix.iri  = plan->prefixes[i].iri;
      st = run.dests[d].sink.on_event(run.dests[d].sink.handle, &ev);
    }
  }

  Lists lists;
  memset(&lists, 0, sizeof(lists));
  for (size_t g = 0; !st && g < plan->n_sources; ++g) {
    if (plan->sources[g]->group == g) {
      st = run_group(&run, g, &lists);
    }
  }
  if (!st) {
    st = ldxi_dests_finish(&run);
  }
  if (!st) {
    LdxEvent end;
    memset(&end, 0, sizeof(end));
    end.type = LDX_EVENT_END;
    st       = run.dests[0].sink.on_event(run.dests[0].sink.handle, &end);
  }

  lists_free(world, &lists);
  ldxi_dests_free(&run);
  for (size_t g = 0; run.open && g < plan->n_sources; ++g) {
    if (run.open[g].handle) {
      run.open[g].source->ops->close(run.open[g].handle);
    }
    ldxi_free(world, run.open[g].path);
  }
  for (size_t j = 0; run.joins && j < plan->n_join_slots; ++j) {
    ldxi_join_index_free(run.joins[j]);
  }
  ldxi_free(world, run.open);
  ldxi_free(world, run.joins);
  ldxi_free(world, run.pending);
  ldxi_free(world, run.batch);
  ldxi_values_free(world, &run.values);
  ldxi_buf_free(&run.scratch);
  ldxi_buf_free(&run.tmpl);
  ldxi_buf_free(&run.key);
  ldxi_buf_free(&run.message);
  ldxi_arena_free(&run.arena);
  return st;
}
