// SPDX-License-Identifier: MIT
// Unit tests of the in-memory dataset: interning, duplicates, indexes and
// an order that does not depend on the order of insertion.
#undef NDEBUG

#include "graph/memgraph.h"

#include "ldexport.h"

#include <assert.h>
#include <string.h>

static LdxTerm
iri(const char* s)
{
  LdxTerm t = { LDX_TERM_IRI, ldx_str(s), { NULL, 0 }, { NULL, 0 } };
  return t;
}

static LdxTerm
lit(const char* s, const char* lang)
{
  LdxTerm t = { LDX_TERM_LITERAL, ldx_str(s), { NULL, 0 }, ldx_str(lang) };
  return t;
}

static void
ignore(void* handle, const LdxDiag* diag)
{
  (void)handle;
  (void)diag;
}

static const char* const names[] = { "http://x/a", "http://x/b", "http://x/c" };

// Build a dataset from the same quads in the order given by `perm`.
static LdxiMemGraph*
build(LdxWorld* world, const int* perm)
{
  LdxiMemGraph* g = NULL;
  assert(!ldxi_memgraph_new(world, &g));
  LdxTerm p     = iri("http://x/p");
  LdxTerm q     = iri("http://x/q");
  LdxTerm gr    = iri("http://x/graph");
  LdxTerm name  = lit("Genève", "fr");
  LdxTerm name2 = lit("Geneva", "en");
  for (int k = 0; k < 3; ++k) {
    int     i = perm[k];
    LdxTerm s = iri(names[i]);
    LdxTerm o = iri(names[(i + 1) % 3]);
    LdxQuad a = { &s, &p, &o, NULL };
    LdxQuad b = { &s, &q, i == 0 ? &name : &name2, &gr };
    assert(!ldxi_memgraph_add(g, &a));
    assert(!ldxi_memgraph_add(g, &b));
    assert(!ldxi_memgraph_add(g, &a)); // a duplicate
  }
  LdxSink  sink = ldxi_memgraph_sink(g);
  LdxEvent ev;
  memset(&ev, 0, sizeof(ev));
  ev.type          = LDX_EVENT_PREFIX;
  ev.u.prefix.name = ldx_str("x");
  ev.u.prefix.iri  = ldx_str("http://x/");
  assert(!sink.on_event(sink.handle, &ev));
  assert(!ldxi_memgraph_index(g));
  assert(!ldxi_memgraph_index_objects(g));
  return g;
}

int
main(void)
{
  LdxWorld*     world = ldx_world_new(NULL);
  const int     p1[]  = { 0, 1, 2 };
  const int     p2[]  = { 2, 0, 1 };
  LdxiMemGraph* g1    = build(world, p1);
  LdxiMemGraph* g2    = build(world, p2);

  const LdxiMemQuad* q1 = NULL;
  const LdxiMemQuad* q2 = NULL;
  size_t             n1 = ldxi_memgraph_quads(g1, &q1);
  size_t             n2 = ldxi_memgraph_quads(g2, &q2);
  assert(n1 == 6 && n2 == 6);
  assert(!memcmp(q1, q2, n1 * sizeof(LdxiMemQuad))); // same ids, same order

  LdxiTermId a = ldxi_memgraph_iri(g1, "http://x/a");
  LdxiTermId b = ldxi_memgraph_iri(g1, "http://x/b");
  LdxiTermId p = ldxi_memgraph_iri(g1, "http://x/p");
  assert(a && b && p && a < b);
  assert(!ldxi_memgraph_iri(g1, "http://x/none"));
  assert(!strcmp(ldxi_memgraph_term(g1, a)->value.buf, "http://x/a"));

  const LdxiMemQuad* q = NULL;
  assert(ldxi_memgraph_by_subject(g1, a, 0, &q) == 2);
  assert(ldxi_memgraph_by_subject(g1, a, p, &q) == 1 && q->o == b);
  assert(ldxi_memgraph_by_object(g1, b, &q) == 1 && q->s == a);

  LdxiTermId objs[4];
  assert(ldxi_memgraph_objects(g1, a, p, objs, 4) == 1 && objs[0] == b);

  const LdxiTermId* ids = NULL;
  assert(ldxi_memgraph_subjects(g1, &ids) == 3);
  assert(ldxi_memgraph_graphs(g1, &ids) == 1);
  assert(!strcmp(ldxi_memgraph_term(g1, ids[0])->value.buf, "http://x/graph"));

  LdxTerm    genf = lit("Genève", "fr");
  LdxiTermId gid  = ldxi_memgraph_find_term(g1, &genf);
  assert(gid && ldxi_memgraph_term(g1, gid)->type == LDX_TERM_LITERAL);

  const LdxStr* pn = NULL;
  const LdxStr* pi = NULL;
  assert(ldxi_memgraph_prefixes(g1, &pn, &pi) == 1);
  assert(pn[0].len == 1 && !memcmp(pi[0].buf, "http://x/", 9));

  // Adding after indexing is refused.
  LdxTerm s  = iri("http://x/z");
  LdxQuad qq = { &s, &s, &s, NULL };
  ldx_world_set_diag_func(world, ignore, NULL);
  assert(ldxi_memgraph_add(g1, &qq) == LDX_BAD_ARG);
  assert(ldx_world_error_count(world) == 1);

  ldxi_memgraph_free(g1);
  ldxi_memgraph_free(g2);
  ldxi_memgraph_free(NULL);
  ldx_world_free(world);
  return 0;
}
