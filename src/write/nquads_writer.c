// SPDX-License-Identifier: MIT
// Our own N-Quads / N-Triples writer: one canonical line per quad
// (RDF 1.1 N-Triples, section 4; escaping in write/text_out.h) on a large
// buffer.  This is the tool's hot path.
//
// The same class serves both syntaxes: writer.c drops the graph of quads
// sent to an N-Triples writer (and warns).
#include "write/text_out.h"
#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/try.h"

typedef struct {
  LdxiTextOut text;
  const char* name;
} NQuadsWriter;

static LdxStatus
write_quad(LdxiTextOut* t, const LdxQuad* quad)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ldxi_text_out_term(t, quad->subject));
  TRY(st, ldxi_text_out_put(t, " ", 1));
  TRY(st, ldxi_text_out_iri(t, quad->predicate->value));
  TRY(st, ldxi_text_out_put(t, " ", 1));
  TRY(st, ldxi_text_out_term(t, quad->object));
  if (quad->graph) {
    TRY(st, ldxi_text_out_put(t, " ", 1));
    TRY(st, ldxi_text_out_term(t, quad->graph));
  }
  return ldxi_text_out_put(t, " .\n", 3);
}

static LdxStatus
nquads_new(const LdxiWriterConfig* config, void** impl)
{
  NQuadsWriter* w =
    (NQuadsWriter*)ldxi_calloc(config->world, 1, sizeof(NQuadsWriter));
  if (!w) {
    return LDX_BAD_ALLOC;
  }
  w->name = config->format->name;
  if (ldxi_text_out_init(
        &w->text, config->world, config->out, config->buffer_size)) {
    ldxi_free(config->world, w);
    return LDX_BAD_ALLOC;
  }
  *impl = w;
  return LDX_SUCCESS;
}

static LdxStatus
nquads_sink(void* impl, const LdxEvent* event)
{
  NQuadsWriter* const w = (NQuadsWriter*)impl;
  switch (event->type) {
    case LDX_EVENT_QUAD:
      return write_quad(&w->text, &event->u.quad);
    case LDX_EVENT_PREFIX:
      return LDX_SUCCESS; // N-Quads has no prefixes
    case LDX_EVENT_END:
      return ldxi_text_out_flush(&w->text);
  }
  return LDX_SUCCESS;
}

static LdxStatus
nquads_finish(void* impl)
{
  NQuadsWriter* const w = (NQuadsWriter*)impl;
  ldxi_text_out_warn_replaced(&w->text, w->name);
  return ldxi_text_out_flush(&w->text);
}

static void
nquads_free(void* impl)
{
  NQuadsWriter* const w = (NQuadsWriter*)impl;
  if (w) {
    LdxWorld* const world = w->text.world;
    ldxi_text_out_free(&w->text);
    ldxi_free(world, w);
  }
}

const LdxiWriterClass ldxi_nquads_writer_class = { "nquads",    nquads_new,
                                                   nquads_sink, nquads_finish,
                                                   nquads_free, NULL };
