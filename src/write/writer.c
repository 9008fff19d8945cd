// SPDX-License-Identifier: MIT
// ldx_writer_*: dispatch to a writer class, plus what all writers share.
#include "write/escape.h"
#include "write/format.h"
#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/diag.h"

#include "ldexport/writer.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

struct LdxWriterImpl {
  LdxWorld*              world;
  const LdxFormat*       format;
  const LdxiWriterClass* klass;
  void*                  impl;
  LdxStatus              status;         // sticky: first failed write
  size_t                 graphs_dropped; // quads written without their graph
  bool                   finished;
};

LdxStatus
ldxi_output_write(LdxWorld*              world,
                  const LdxOutputStream* out,
                  const void*            buf,
                  size_t                 len)
{
  if (!len) {
    return LDX_SUCCESS;
  }
  const size_t errors = ldx_world_error_count(world);
  errno               = 0;
  if (!out->write(out->stream, buf, len)) {
    return LDX_SUCCESS;
  }
  const int err = errno;
  if (ldx_world_error_count(world) == errors) {
    ldxi_error(world,
               LDX_BAD_WRITE,
               NULL,
               "cannot write output: %s",
               err ? strerror(err) : "write failed");
  }
  return LDX_BAD_WRITE;
}

LdxStatus
ldxi_output_flush(LdxWorld* world, const LdxOutputStream* out)
{
  if (!out->flush) {
    return LDX_SUCCESS;
  }
  const size_t errors = ldx_world_error_count(world);
  errno               = 0;
  if (!out->flush(out->stream)) {
    return LDX_SUCCESS;
  }
  const int err = errno;
  if (ldx_world_error_count(world) == errors) {
    ldxi_error(world,
               LDX_BAD_WRITE,
               NULL,
               "cannot flush output: %s",
               err ? strerror(err) : "flush failed");
  }
  return LDX_BAD_WRITE;
}

static bool
is_node(const LdxTerm* term)
{
  return term && (term->type == LDX_TERM_IRI || term->type == LDX_TERM_BLANK);
}

static bool
is_term(const LdxTerm* term)
{
  return is_node(term) || (term && term->type == LDX_TERM_LITERAL);
}

// Reject what no syntax can write, before any byte of the quad is written.
static LdxStatus
check_quad(LdxWriter* writer, const LdxQuad* quad)
{
  if (!is_node(quad->subject) || !quad->predicate ||
      quad->predicate->type != LDX_TERM_IRI || !is_term(quad->object) ||
      (quad->graph && !is_node(quad->graph))) {
    return ldxi_error(writer->world,
                      LDX_BAD_ARG,
                      NULL,
                      "invalid quad: the subject must be an IRI or blank "
                      "node, the predicate an IRI, the graph an IRI, blank "
                      "node or none");
  }
  const LdxTerm* const terms[4] = {
    quad->subject, quad->predicate, quad->object, quad->graph
  };
  for (int i = 0; i < 4; ++i) {
    if (terms[i] && terms[i]->type == LDX_TERM_IRI && !terms[i]->value.len) {
      return ldxi_error(
        writer->world, LDX_BAD_ARG, NULL, "invalid quad: empty IRI");
    }
  }
  const LdxStr lang = quad->object->language;
  if (quad->object->type == LDX_TERM_LITERAL && lang.len &&
      !ldxi_langtag_syntax_ok(lang.buf, lang.len)) {
    return ldxi_error(writer->world,
                      LDX_BAD_DATATYPE,
                      NULL,
                      "invalid language tag \"%.*s\"",
                      lang.len > 64 ? 64 : (int)lang.len,
                      lang.buf);
  }
  return LDX_SUCCESS;
}

static LdxStatus
on_event(void* handle, const LdxEvent* event)
{
  LdxWriter* const writer = (LdxWriter*)handle;
  if (writer->status) {
    return writer->status;
  }
  if (writer->finished) {
    return ldxi_error(writer->world,
                      LDX_BAD_ARG,
                      NULL,
                      "event sent to a finished %s writer",
                      writer->format->name);
  }

  LdxEvent        copy;
  const LdxEvent* ev = event;
  if (event->type == LDX_EVENT_QUAD) {
    const LdxStatus st = check_quad(writer, &event->u.quad);
    if (st) {
      return st;
    }
    if (event->u.quad.graph && !writer->format->quads) {
      ++writer->graphs_dropped;
      copy              = *event;
      copy.u.quad.graph = NULL;
      ev                = &copy;
    }
  } else if (event->type != LDX_EVENT_PREFIX && event->type != LDX_EVENT_END) {
    return LDX_SUCCESS; // an event kind this writer does not know about
  }

  const LdxStatus st = writer->klass->sink(writer->impl, ev);
  if (st == LDX_BAD_WRITE || st == LDX_BAD_ALLOC) {
    writer->status = st; // the output is incomplete from here on
  }
  return st;
}

LdxStatus
ldxi_writer_new_config(LdxWorld*               world,
                       const LdxFormat*        format,
                       LdxOutputStream         out,
                       const LdxWriterOptions* options,
                       size_t                  buffer_size,
                       LdxWriter**             writer)
{
  *writer = NULL;
  if (!format || !out.write) {
    return ldxi_error(world,
                      LDX_BAD_ARG,
                      NULL,
                      format ? "writer without an output stream"
                             : "writer without a format");
  }
  const LdxiFormatImpl* impl  = NULL;
  const LdxFormat*      entry = ldxi_format_resolve(format, &impl);
  if (!entry) {
    return ldxi_error(world,
                      LDX_UNSUPPORTED,
                      NULL,
                      "unsupported output format '%s'",
                      format->name ? format->name : "(null)");
  }

  LdxWriter* w = (LdxWriter*)ldxi_calloc(world, 1, sizeof(LdxWriter));
  if (!w) {
    return LDX_BAD_ALLOC;
  }
  w->world  = world;
  w->format = entry;
  w->klass  = impl->klass;

  const LdxWriterOptions  none   = { NULL, NULL, NULL };
  const LdxWriterOptions* opts   = options ? options : &none;
  const LdxiWriterConfig  config = { world,
                                     entry,
                                     impl->syntax,
                                     out,
                                    impl->use_base ? opts->base_iri : NULL,
                                     buffer_size,
                                     opts->lang,
                                     opts->params };
  LdxStatus st = ldxi_writer_check_params(&config, w->klass->params);
  if (!st) {
    st = w->klass->new (&config, &w->impl);
  }
  if (st) {
    ldxi_free(world, w);
    return st;
  }
  *writer = w;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_writer_new_buffered(LdxWorld*        world,
                         const LdxFormat* format,
                         LdxOutputStream  out,
                         const char*      base_iri,
                         size_t           buffer_size,
                         LdxWriter**      writer)
{
  const LdxWriterOptions opts = { base_iri, NULL, NULL };
  return ldxi_writer_new_config(world, format, out, &opts, buffer_size, writer);
}

LdxStatus
ldx_writer_new(LdxWorld*        world,
               const LdxFormat* format,
               LdxOutputStream  out,
               const char*      base_iri,
               LdxWriter**      writer)
{
  return ldxi_writer_new_buffered(world, format, out, base_iri, 0, writer);
}

LdxStatus
ldx_writer_new_with_options(LdxWorld*               world,
                            const LdxFormat*        format,
                            LdxOutputStream         out,
                            const LdxWriterOptions* options,
                            LdxWriter**             writer)
{
  return ldxi_writer_new_config(world, format, out, options, 0, writer);
}

const char*
ldxi_writer_param(const LdxiWriterConfig* config, const char* name)
{
  size_t n = strlen(name);
  for (const char* const* p = config->params; p && *p; ++p) {
    if (!strncmp(*p, name, n) && (*p)[n] == '=') {
      return *p + n + 1;
    }
  }
  return NULL;
}

LdxStatus
ldxi_writer_check_params(const LdxiWriterConfig* config,
                         const char* const*      known)
{
  for (const char* const* p = config->params; p && *p; ++p) {
    const char* eq = strchr(*p, '=');
    size_t      n  = eq ? (size_t)(eq - *p) : strlen(*p);
    bool        ok = false;
    for (const char* const* k = known; eq && k && *k && !ok; ++k) {
      ok = strlen(*k) == n && !strncmp(*k, *p, n);
    }
    if (!ok) {
      return ldxi_error(config->world,
                        LDX_BAD_ARG,
                        NULL,
                        "%s output has no setting '%.*s'",
                        config->format->name,
                        (int)n,
                        *p);
    }
  }
  return LDX_SUCCESS;
}

LdxSink
ldx_writer_sink(LdxWriter* writer)
{
  LdxSink sink = { writer, on_event };
  return sink;
}

LdxStatus
ldx_writer_finish(LdxWriter* writer)
{
  if (writer->finished) {
    return writer->status;
  }
  writer->finished = true;
  if (!writer->status) {
    writer->status = writer->klass->finish(writer->impl);
  }
  if (writer->graphs_dropped) {
    ldxi_warning(writer->world,
                 NULL,
                 "%zu quad%s in named graphs written without the graph: "
                 "%s has no named graphs",
                 writer->graphs_dropped,
                 writer->graphs_dropped == 1 ? "" : "s",
                 writer->format->name);
  }
  return writer->status;
}

void
ldx_writer_free(LdxWriter* writer)
{
  if (!writer) {
    return;
  }
  writer->klass->free(writer->impl);
  ldxi_free(writer->world, writer);
}
