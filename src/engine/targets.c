// SPDX-License-Identifier: MIT
// Destinations of a run: the caller's sink and the logical targets (RML-IO),
// each with its own duplicate filter; target files are written atomically
// and committed only when the whole run succeeded.
#include "core/alloc.h"
#include "core/diag.h"
#include "engine/paths.h"
#include "engine/run.h"
#include "io/output_filter.h"

#include <string.h>

static LdxStatus
open_target(LdxiRun* run, const LdxiTarget* t, LdxiDest* d)
{
  LdxWorld*        world  = run->world;
  const LdxFormat* format = (const LdxFormat*)t->format;
  LdxStatus        st =
    ldxi_resolve_file(world, run->options->working_dir, &t->file, &d->path);
  if (!st) {
    st = ldx_output_file_open(world, d->path, &d->file);
  }
  if (!st) {
    // The name inside zip and tar archives: the file name without the
    // compression suffix.
    const char* base   = strrchr(d->path, '/');
    const char* member = base ? base + 1 : d->path;
    st                 = ldxi_output_filter_new(world,
                                t->compression,
                                t->encoding,
                                member,
                                ldx_output_file_stream(d->file),
                                &d->filter);
    if (st == LDX_UNSUPPORTED) {
      ldxi_error(world,
                 st,
                 &t->rule.caret,
                 "%s: this build cannot write compressed or UTF-16 targets",
                 t->rule.what);
    }
  }
  if (!st) {
    st = ldx_writer_new(world,
                        format,
                        ldxi_output_filter_stream(d->filter),
                        run->options->base_iri,
                        &d->writer);
  }
  if (st) {
    return st;
  }
  d->sink         = ldx_writer_sink(d->writer);
  d->merge_graphs = !format->quads;
  if (!run->options->keep_duplicates) {
    st = ldx_dedup_new(world, d->sink, &d->dedup);
    if (!st) {
      d->sink = ldx_dedup_sink(d->dedup);
    }
  }
  return st;
}

LdxStatus
ldxi_dests_open(LdxiRun* run, LdxSink sink)
{
  const LdxiPlan* plan = run->plan;
  run->dests =
    (LdxiDest*)ldxi_calloc(run->world, plan->n_targets + 1, sizeof(LdxiDest));
  run->routed = (unsigned char*)ldxi_calloc(run->world, plan->n_targets + 1, 1);
  if (!run->dests || !run->routed) {
    return LDX_BAD_ALLOC;
  }
  LdxiDest* d     = &run->dests[0];
  d->sink         = sink;
  d->merge_graphs = run->options->default_graph_only;
  LdxStatus st    = LDX_SUCCESS;
  if (!run->options->keep_duplicates) {
    st = ldx_dedup_new(run->world, sink, &d->dedup);
    if (!st) {
      d->sink = ldx_dedup_sink(d->dedup);
    }
  }
  for (size_t i = 0; !st && i < plan->n_targets; ++i) {
    st = open_target(run, &plan->targets[i], &run->dests[1 + i]);
  }
  return st;
}

LdxStatus
ldxi_dests_finish(LdxiRun* run)
{
  LdxEvent end;
  memset(&end, 0, sizeof(end));
  end.type = LDX_EVENT_END;
  for (size_t i = 1; i <= run->plan->n_targets; ++i) {
    LdxiDest* d  = &run->dests[i];
    LdxStatus st = d->sink.on_event(d->sink.handle, &end);
    if (!st) {
      st = ldx_writer_finish(d->writer);
    }
    if (!st) {
      st = ldxi_output_filter_finish(d->filter);
    }
    if (!st) {
      st = ldx_output_file_commit(d->file);
    }
    if (st) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

void
ldxi_dests_free(LdxiRun* run)
{
  for (size_t i = 0; run->dests && i <= run->plan->n_targets; ++i) {
    LdxiDest* d = &run->dests[i];
    if (d->dedup) {
      run->stats->duplicates += ldx_dedup_dropped(d->dedup);
    }
    ldx_dedup_free(d->dedup);
    ldx_writer_free(d->writer);
    ldxi_output_filter_free(d->filter);
    ldx_output_file_free(d->file);
    ldxi_free(run->world, d->path);
  }
  ldxi_free(run->world, run->dests);
  ldxi_free(run->world, run->routed);
  run->dests  = NULL;
  run->routed = NULL;
}
