// SPDX-License-Identifier: MIT
// The public mapping API: load documents, compile, run.
#include "ldexport/mapping.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "engine/engine.h"
#include "mapping/compile.h"
#include "mapping/graph.h"
#include "mapping/loader.h"

struct LdxMappingImpl {
  LdxWorld*  world;
  LdxiGraph* graph;
  LdxiPlan*  plan;  // NULL until compiled
  bool       dirty; // documents were added since the last compile
};

LdxStatus
ldx_mapping_new(LdxWorld* world, LdxMapping** out)
{
  LdxMapping* m = (LdxMapping*)ldxi_calloc(world, 1, sizeof(LdxMapping));
  if (!m) {
    return LDX_BAD_ALLOC;
  }
  m->world     = world;
  LdxStatus st = ldxi_graph_new(world, &m->graph);
  if (st) {
    ldxi_free(world, m);
    return st;
  }
  *out = m;
  return LDX_SUCCESS;
}

void
ldx_mapping_free(LdxMapping* m)
{
  if (m) {
    ldxi_plan_free(m->plan);
    ldxi_graph_free(m->graph);
    ldxi_free(m->world, m);
  }
}

LdxStatus
ldx_mapping_load_file(LdxMapping* m, const char* path, const char* syntax)
{
  if (!path) {
    return LDX_BAD_ARG;
  }
  m->dirty = true;
  return ldxi_load_file(m->world, m->graph, path, syntax);
}

LdxStatus
ldx_mapping_load_string(LdxMapping* m,
                        const char* text,
                        size_t      len,
                        const char* name,
                        const char* syntax)
{
  if (!text) {
    return LDX_BAD_ARG;
  }
  m->dirty = true;
  return ldxi_load_string(m->world, m->graph, text, len, name, syntax);
}

LdxStatus
ldx_mapping_compile(LdxMapping* m)
{
  if (m->plan && !m->dirty) {
    return LDX_SUCCESS;
  }
  ldxi_plan_free(m->plan);
  m->plan      = NULL;
  LdxStatus st = ldxi_graph_index(m->graph);
  if (!st) {
    st = ldxi_compile(m->world, m->graph, &m->plan);
  }
  m->dirty = false;
  return st;
}

size_t
ldx_mapping_triples_map_count(const LdxMapping* m)
{
  return m->plan ? m->plan->n_maps : 0;
}

LdxStatus
ldx_mapping_run(LdxMapping*          m,
                const LdxRunOptions* options,
                LdxSink              sink,
                LdxRunStats*         stats)
{
  LdxStatus st = ldx_mapping_compile(m);
  if (st) {
    return st;
  }
  return ldxi_engine_run(m->world, m->plan, options, sink, stats);
}
