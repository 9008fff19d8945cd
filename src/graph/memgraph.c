// SPDX-License-Identifier: MIT
#include "graph/memgraph.h"

#include "core/alloc.h"
#include "core/arena.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct LdxiMemGraphImpl {
  LdxWorld*    world;
  LdxiArena    arena; // term strings
  LdxTerm*     terms; // [0] unused; after indexing, in canonical order
  size_t       n_terms;
  size_t       cap_terms;
  uint32_t*    table; // open addressing: insertion ids, 0 = empty
  size_t       table_size;
  uint32_t*    to_new; // insertion id -> canonical id (after indexing)
  LdxiMemQuad* spog;   // quads; sorted by (s, p, o, g) after indexing
  size_t       n_quads;
  size_t       cap_quads;
  LdxiMemQuad* ospg; // the same quads sorted by (o, s, p, g)
  LdxiTermId*  subjects;
  size_t       n_subjects;
  LdxiTermId*  graphs;
  size_t       n_graphs;
  LdxStr*      prefix_names;
  LdxStr*      prefix_iris;
  size_t       n_prefixes;
  size_t       cap_prefixes;
  size_t       cap_prefix_iris;
  bool         indexed;
};

static uint64_t
hash_term(const LdxTerm* t)
{
  // Chained seeds keep the parts apart: ("ab", "c") and ("a", "bc") differ.
  uint64_t h = XXH3_64bits_withSeed(
    t->value.buf ? t->value.buf : "", t->value.len, (uint64_t)t->type);
  h = XXH3_64bits_withSeed(
    t->datatype.buf ? t->datatype.buf : "", t->datatype.len, h);
  return XXH3_64bits_withSeed(
    t->language.buf ? t->language.buf : "", t->language.len, h);
}

static bool
str_eq(LdxStr a, LdxStr b)
{
  return a.len == b.len && (!a.len || !memcmp(a.buf, b.buf, a.len));
}

static bool
term_eq(const LdxTerm* a, const LdxTerm* b)
{
  return a->type == b->type && str_eq(a->value, b->value) &&
         str_eq(a->datatype, b->datatype) && str_eq(a->language, b->language);
}

static int
str_cmp(LdxStr a, LdxStr b)
{
  size_t n = a.len < b.len ? a.len : b.len;
  int    c = n ? memcmp(a.buf, b.buf, n) : 0;
  return c ? c : (a.len > b.len) - (a.len < b.len);
}

static int
term_cmp(const LdxTerm* a, const LdxTerm* b)
{
  int c = (a->type > b->type) - (a->type < b->type);
  if (!c) {
    c = str_cmp(a->value, b->value);
  }
  if (!c) {
    c = str_cmp(a->datatype, b->datatype);
  }
  return c ? c : str_cmp(a->language, b->language);
}

LdxStatus
ldxi_memgraph_new(LdxWorld* world, LdxiMemGraph** out)
{
  LdxiMemGraph* g = (LdxiMemGraph*)ldxi_calloc(world, 1, sizeof(LdxiMemGraph));
  if (!g) {
    return LDX_BAD_ALLOC;
  }
  g->world   = world;
  g->n_terms = 1;
  ldxi_arena_init(&g->arena, world, 64u * 1024u);
  *out = g;
  return LDX_SUCCESS;
}

void
ldxi_memgraph_free(LdxiMemGraph* g)
{
  if (!g) {
    return;
  }
  ldxi_arena_free(&g->arena);
  ldxi_free(g->world, g->terms);
  ldxi_free(g->world, g->table);
  ldxi_free(g->world, g->to_new);
  ldxi_free(g->world, g->spog);
  ldxi_free(g->world, g->ospg);
  ldxi_free(g->world, g->subjects);
  ldxi_free(g->world, g->graphs);
  ldxi_free(g->world, g->prefix_names);
  ldxi_free(g->world, g->prefix_iris);
  ldxi_free(g->world, g);
}

static LdxStatus
rehash(LdxiMemGraph* g)
{
  size_t    size  = g->table_size ? g->table_size * 2 : 1024;
  uint32_t* table = (uint32_t*)ldxi_calloc(g->world, size, sizeof(uint32_t));
  if (!table) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 1; i < g->n_terms; ++i) {
    size_t j = (size_t)hash_term(&g->terms[i]) & (size - 1);
    while (table[j]) {
      j = (j + 1) & (size - 1);
    }
    table[j] = (uint32_t)i;
  }
  ldxi_free(g->world, g->table);
  g->table      = table;
  g->table_size = size;
  return LDX_SUCCESS;
}

// The insertion id of `t`, or the slot where it belongs (*found false).
static uint32_t*
slot_of(const LdxiMemGraph* g, const LdxTerm* t, bool* found)
{
  size_t j = (size_t)hash_term(t) & (g->table_size - 1);
  for (;;) {
    uint32_t* slot = &g->table[j];
    if (!*slot || term_eq(&g->terms[*slot], t)) {
      *found = *slot != 0;
      return slot;
    }
    j = (j + 1) & (g->table_size - 1);
  }
}

static int
copy_str(LdxiArena* arena, LdxStr* s)
{
  if (!s->len) {
    s->buf = NULL;
    return 0;
  }
  char* copy = ldxi_arena_strndup(arena, s->buf, s->len);
  if (!copy) {
    return -1;
  }
  s->buf = copy;
  return 0;
}

static LdxStatus
intern(LdxiMemGraph* g, const LdxTerm* t, LdxiTermId* id)
{
  if ((g->n_terms + 1) * 2 > g->table_size && rehash(g)) {
    return LDX_BAD_ALLOC;
  }
  bool      found = false;
  uint32_t* slot  = slot_of(g, t, &found);
  if (found) {
    *id = *slot;
    return LDX_SUCCESS;
  }
  if (ldxi_grow(g->world,
                (void**)&g->terms,
                &g->cap_terms,
                g->n_terms + 1,
                sizeof(LdxTerm))) {
    return LDX_BAD_ALLOC;
  }
  LdxTerm copy = *t;
  if (copy_str(&g->arena, &copy.value) || copy_str(&g->arena, &copy.datatype) ||
      copy_str(&g->arena, &copy.language)) {
    return LDX_BAD_ALLOC;
  }
  g->terms[g->n_terms] = copy;
  *slot                = (uint32_t)g->n_terms;
  *id                  = (LdxiTermId)g->n_terms++;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_memgraph_add(LdxiMemGraph* g, const LdxQuad* quad)
{
  if (g->indexed) {
    return ldxi_error(
      g->world, LDX_BAD_ARG, NULL, "quad added to an indexed in-memory graph");
  }
  LdxiMemQuad q  = { 0, 0, 0, 0 };
  LdxStatus   st = intern(g, quad->subject, &q.s);
  if (!st) {
    st = intern(g, quad->predicate, &q.p);
  }
  if (!st) {
    st = intern(g, quad->object, &q.o);
  }
  if (!st && quad->graph) {
    st = intern(g, quad->graph, &q.g);
  }
  if (st) {
    return st;
  }
  if (ldxi_grow(g->world,
                (void**)&g->spog,
                &g->cap_quads,
                g->n_quads + 1,
                sizeof(LdxiMemQuad))) {
    return LDX_BAD_ALLOC;
  }
  g->spog[g->n_quads++] = q;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_memgraph_add_prefix(LdxiMemGraph* g, LdxStr name, LdxStr iri)
{
  for (size_t i = 0; i < g->n_prefixes; ++i) {
    if (str_eq(g->prefix_names[i], name)) {
      return LDX_SUCCESS;
    }
  }
  if (ldxi_grow(g->world,
                (void**)&g->prefix_names,
                &g->cap_prefixes,
                g->n_prefixes + 1,
                sizeof(LdxStr)) ||
      ldxi_grow(g->world,
                (void**)&g->prefix_iris,
                &g->cap_prefix_iris,
                g->n_prefixes + 1,
                sizeof(LdxStr))) {
    return LDX_BAD_ALLOC;
  }
  // An empty prefix name is legal (":"); keep a non-NULL pointer for it.
  char* n = ldxi_arena_strndup(&g->arena, name.buf ? name.buf : "", name.len);
  char* i = ldxi_arena_strndup(&g->arena, iri.buf ? iri.buf : "", iri.len);
  if (!n || !i) {
    return LDX_BAD_ALLOC;
  }
  g->prefix_names[g->n_prefixes] = (LdxStr){ n, name.len };
  g->prefix_iris[g->n_prefixes]  = (LdxStr){ i, iri.len };
  ++g->n_prefixes;
  return LDX_SUCCESS;
}

static LdxStatus
on_event(void* handle, const LdxEvent* ev)
{
  LdxiMemGraph* g = (LdxiMemGraph*)handle;
  switch (ev->type) {
    case LDX_EVENT_PREFIX:
      return ldxi_memgraph_add_prefix(g, ev->u.prefix.name, ev->u.prefix.iri);
    case LDX_EVENT_QUAD:
      return ldxi_memgraph_add(g, &ev->u.quad);
    case LDX_EVENT_END:
      break;
  }
  return LDX_SUCCESS;
}

LdxSink
ldxi_memgraph_sink(LdxiMemGraph* g)
{
  LdxSink sink = { g, on_event };
  return sink;
}

// Terms are sorted through pointers so the comparator needs no context.
typedef struct {
  const LdxTerm* term;
  uint32_t       id;
} Ranked;

static int
cmp_ranked(const void* a, const void* b)
{
  return term_cmp(((const Ranked*)a)->term, ((const Ranked*)b)->term);
}

static int
cmp_spog(const void* a, const void* b)
{
  const LdxiMemQuad* x = (const LdxiMemQuad*)a;
  const LdxiMemQuad* y = (const LdxiMemQuad*)b;
  if (x->s != y->s) {
    return x->s < y->s ? -1 : 1;
  }
  if (x->p != y->p) {
    return x->p < y->p ? -1 : 1;
  }
  if (x->o != y->o) {
    return x->o < y->o ? -1 : 1;
  }
  return (x->g > y->g) - (x->g < y->g);
}

static int
cmp_ospg(const void* a, const void* b)
{
  const LdxiMemQuad* x = (const LdxiMemQuad*)a;
  const LdxiMemQuad* y = (const LdxiMemQuad*)b;
  if (x->o != y->o) {
    return x->o < y->o ? -1 : 1;
  }
  return cmp_spog(a, b);
}

LdxStatus
ldxi_memgraph_index(LdxiMemGraph* g)
{
  if (g->indexed) {
    return LDX_SUCCESS;
  }
  size_t  n       = g->n_terms;
  Ranked* order   = (Ranked*)ldxi_malloc(g->world, n * sizeof(Ranked));
  g->to_new       = (uint32_t*)ldxi_calloc(g->world, n, sizeof(uint32_t));
  LdxTerm* sorted = (LdxTerm*)ldxi_malloc(g->world, n * sizeof(LdxTerm));
  if (!order || !g->to_new || !sorted) {
    ldxi_free(g->world, order);
    ldxi_free(g->world, sorted);
    return LDX_BAD_ALLOC;
  }
  // Canonical term order.
  for (size_t i = 1; i < n; ++i) {
    order[i - 1] = (Ranked){ &g->terms[i], (uint32_t)i };
  }
  if (n > 1) {
    qsort(order, n - 1, sizeof(Ranked), cmp_ranked);
  }
  memset(&sorted[0], 0, sizeof(LdxTerm));
  for (size_t k = 0; k + 1 < n; ++k) {
    sorted[k + 1]          = *order[k].term;
    g->to_new[order[k].id] = (uint32_t)(k + 1);
  }
  ldxi_free(g->world, order);
  ldxi_free(g->world, g->terms);
  g->terms     = sorted;
  g->cap_terms = n;

  // Quads in canonical ids, sorted, without duplicates.
  for (size_t i = 0; i < g->n_quads; ++i) {
    LdxiMemQuad* q = &g->spog[i];
    q->s           = g->to_new[q->s];
    q->p           = g->to_new[q->p];
    q->o           = g->to_new[q->o];
    q->g           = q->g ? g->to_new[q->g] : 0;
  }
  if (g->n_quads) {
    qsort(g->spog, g->n_quads, sizeof(LdxiMemQuad), cmp_spog);
  }
  size_t out = 0;
  for (size_t i = 0; i < g->n_quads; ++i) {
    if (!out || cmp_spog(&g->spog[out - 1], &g->spog[i])) {
      g->spog[out++] = g->spog[i];
    }
  }
  g->n_quads = out;
  g->subjects =
    (LdxiTermId*)ldxi_malloc(g->world, (out ? out : 1) * sizeof(LdxiTermId));
  // Graph names: a flag per term id, then the flagged ids in order.
  uint8_t* is_graph = (uint8_t*)ldxi_calloc(g->world, n, 1);
  if (!g->subjects || !is_graph) {
    ldxi_free(g->world, is_graph);
    return LDX_BAD_ALLOC;
  }
  size_t n_graphs = 0;
  for (size_t i = 0; i < out; ++i) {
    const LdxiMemQuad* q = &g->spog[i];
    if (!g->n_subjects || g->subjects[g->n_subjects - 1] != q->s) {
      g->subjects[g->n_subjects++] = q->s;
    }
    if (q->g && !is_graph[q->g]) {
      is_graph[q->g] = 1;
      ++n_graphs;
    }
  }
  g->graphs = (LdxiTermId*)ldxi_malloc(
    g->world, (n_graphs ? n_graphs : 1) * sizeof(LdxiTermId));
  if (!g->graphs) {
    ldxi_free(g->world, is_graph);
    return LDX_BAD_ALLOC;
  }
  for (size_t id = 1; id < n; ++id) {
    if (is_graph[id]) {
      g->graphs[g->n_graphs++] = (LdxiTermId)id;
    }
  }
  ldxi_free(g->world, is_graph);
  g->indexed = true;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_memgraph_index_objects(LdxiMemGraph* g)
{
  if (!g->indexed) {
    return LDX_BAD_ARG;
  }
  if (g->ospg) {
    return LDX_SUCCESS;
  }
  const size_t n = g->n_quads;
  g->ospg =
    (LdxiMemQuad*)ldxi_malloc(g->world, (n ? n : 1) * sizeof(LdxiMemQuad));
  if (!g->ospg) {
    return LDX_BAD_ALLOC;
  }
  if (n) {
    memcpy(g->ospg, g->spog, n * sizeof(LdxiMemQuad));
    qsort(g->ospg, n, sizeof(LdxiMemQuad), cmp_ospg);
  }
  return LDX_SUCCESS;
}

const LdxTerm*
ldxi_memgraph_term(const LdxiMemGraph* g, LdxiTermId id)
{
  return id && id < g->n_terms ? &g->terms[id] : NULL;
}

LdxiTermId
ldxi_memgraph_find_term(const LdxiMemGraph* g, const LdxTerm* term)
{
  if (!g->table_size || !g->indexed) {
    return 0;
  }
  // The hash table still holds insertion ids (pointing into the terms'
  // old positions), so compare against the canonical array through the
  // inverse: a linear probe over candidates.
  size_t j = (size_t)hash_term(term) & (g->table_size - 1);
  while (g->table[j]) {
    LdxiTermId id = g->to_new[g->table[j]];
    if (term_eq(&g->terms[id], term)) {
      return id;
    }
    j = (j + 1) & (g->table_size - 1);
  }
  return 0;
}

LdxiTermId
ldxi_memgraph_iri(const LdxiMemGraph* g, const char* iri)
{
  LdxTerm t = { LDX_TERM_IRI, ldx_str(iri), { NULL, 0 }, { NULL, 0 } };
  return ldxi_memgraph_find_term(g, &t);
}

size_t
ldxi_memgraph_quads(const LdxiMemGraph* g, const LdxiMemQuad** first)
{
  *first = g->spog;
  return g->n_quads;
}

// First index in `q[0..n)` not less than `key` by `cmp`.
static size_t
lower_bound(const LdxiMemQuad* q,
            size_t             n,
            const LdxiMemQuad* key,
            int (*cmp)(const void*, const void*))
{
  size_t lo = 0;
  size_t hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cmp(&q[mid], key) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

size_t
ldxi_memgraph_by_subject(const LdxiMemGraph* g,
                         LdxiTermId          s,
                         LdxiTermId          p,
                         const LdxiMemQuad** first)
{
  LdxiMemQuad key = { s, p, 0, 0 };
  size_t      i   = lower_bound(g->spog, g->n_quads, &key, cmp_spog);
  size_t      end = i;
  while (end < g->n_quads && g->spog[end].s == s &&
         (!p || g->spog[end].p == p)) {
    ++end;
  }
  *first = g->spog + i;
  return end - i;
}

size_t
ldxi_memgraph_by_object(const LdxiMemGraph* g,
                        LdxiTermId          o,
                        const LdxiMemQuad** first)
{
  LdxiMemQuad key = { 0, 0, o, 0 };
  size_t      i   = lower_bound(g->ospg, g->n_quads, &key, cmp_ospg);
  size_t      end = i;
  while (end < g->n_quads && g->ospg[end].o == o) {
    ++end;
  }
  *first = g->ospg + i;
  return end - i;
}

size_t
ldxi_memgraph_subjects(const LdxiMemGraph* g, const LdxiTermId** first)
{
  *first = g->subjects;
  return g->n_subjects;
}

size_t
ldxi_memgraph_graphs(const LdxiMemGraph* g, const LdxiTermId** first)
{
  *first = g->graphs;
  return g->n_graphs;
}

size_t
ldxi_memgraph_objects(const LdxiMemGraph* g,
                      LdxiTermId          s,
                      LdxiTermId          p,
                      LdxiTermId*         out,
                      size_t              max)
{
  const LdxiMemQuad* q = NULL;
  size_t             n = ldxi_memgraph_by_subject(g, s, p, &q);
  size_t             k = 0;
  for (size_t i = 0; i < n; ++i) { // sorted by (p, o, g): objects ascend
    if (!k || q[i].o != q[i - 1].o) {
      if (k < max) {
        out[k] = q[i].o;
      }
      ++k;
    }
  }
  return k;
}

size_t
ldxi_memgraph_prefixes(const LdxiMemGraph* g,
                       const LdxStr**      names,
                       const LdxStr**      iris)
{
  *names = g->prefix_names;
  *iris  = g->prefix_iris;
  return g->n_prefixes;
}
