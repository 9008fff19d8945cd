// SPDX-License-Identifier: MIT
// The seam between ldx_writer_* and the writer classes.
//
// writer.c owns what every writer shares: argument and term checks, the
// sticky write error, dropping graphs for triple-only formats (with one
// warning at finish), and events after finish.  A class only serializes.
#ifndef LDX_WRITE_WRITER_IMPL_H
#define LDX_WRITE_WRITER_IMPL_H

#include "ldexport/output.h"
#include "ldexport/sink.h"
#include "ldexport/status.h"
#include "ldexport/world.h"
#include "ldexport/writer.h"

#include <stddef.h>

// What a class needs to create a writer.
typedef struct {
  LdxWorld*          world;
  const LdxFormat*   format;      // entry of the format table
  const char*        syntax;      // raptor serializer name, or NULL
  LdxOutputStream    out;         // borrowed
  const char*        base_iri;    // may be NULL
  size_t             buffer_size; // output buffer; 0 = the class's default
  const char*        lang;        // preferred language, or NULL
  const char* const* params;      // "name=value", NULL-terminated, or NULL
} LdxiWriterConfig;

// The value of parameter `name` in `config->params`, or NULL.
const char*
ldxi_writer_param(const LdxiWriterConfig* config, const char* name);

// Check that every parameter is one of `known` (NULL-terminated); reports
// an unknown one and returns LDX_BAD_ARG.
LdxStatus
ldxi_writer_check_params(const LdxiWriterConfig* config,
                         const char* const*      known);

// A writer class: a const vtable.
typedef struct {
  const char* name;

  // Create a writer; on failure nothing is left allocated.
  LdxStatus (*new)(const LdxiWriterConfig* config, void** impl);

  // Handle one event.  Quads arrive checked (term kinds, language tags) and,
  // for triple-only formats, with the graph already dropped.  END flushes
  // what the syntax allows and then the output stream.
  LdxStatus (*sink)(void* impl, const LdxEvent* event);

  // Complete the document and flush; called at most once, and only if no
  // write failed before.
  LdxStatus (*finish)(void* impl);

  void (*free)(void* impl);

  // Names of the format-specific parameters the class accepts
  // (NULL-terminated), or NULL for none; writer.c rejects the others.
  const char* const* params;
} LdxiWriterClass;

extern const LdxiWriterClass ldxi_nquads_writer_class;
extern const LdxiWriterClass ldxi_turtle_writer_class;
extern const LdxiWriterClass ldxi_raptor_writer_class;
extern const LdxiWriterClass ldxi_jsonld_writer_class;
extern const LdxiWriterClass ldxi_ics_writer_class;

// ldx_writer_new() with an explicit output buffer size (tests use tiny
// buffers to exercise every path that flushes mid-term).
LdxStatus
ldxi_writer_new_buffered(LdxWorld*        world,
                         const LdxFormat* format,
                         LdxOutputStream  out,
                         const char*      base_iri,
                         size_t           buffer_size,
                         LdxWriter**      writer);

// The general constructor behind both public ones.
LdxStatus
ldxi_writer_new_config(LdxWorld*               world,
                       const LdxFormat*        format,
                       LdxOutputStream         out,
                       const LdxWriterOptions* options,
                       size_t                  buffer_size,
                       LdxWriter**             writer);

// Write `len` bytes to `out`.  A stream that fails without reporting gets a
// generic diagnostic (with errno's text if set), so every write error is
// reported exactly once.  Any failure is returned as LDX_BAD_WRITE.
LdxStatus
ldxi_output_write(LdxWorld*              world,
                  const LdxOutputStream* out,
                  const void*            buf,
                  size_t                 len);

// Flush `out` if it can be flushed; errors as ldxi_output_write().
LdxStatus
ldxi_output_flush(LdxWorld* world, const LdxOutputStream* out);

#endif // LDX_WRITE_WRITER_IMPL_H
