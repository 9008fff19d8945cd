// SPDX-License-Identifier: MIT
/**
 * @file writer.h
 * @brief RDF writers: sinks that serialize quads to an output stream.
 * @defgroup writer Writers
 *
 * Lifecycle: ldx_writer_new() → events through ldx_writer_sink() →
 * ldx_writer_finish() → ldx_writer_free().
 * @{
 */
#ifndef LDEXPORT_WRITER_H
#define LDEXPORT_WRITER_H

#include "ldexport/attributes.h"
#include "ldexport/output.h"
#include "ldexport/sink.h"
#include "ldexport/status.h"
#include "ldexport/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Description of an output format. */
typedef struct {
  const char* name;       ///< Short name for -f, e.g. "nquads"
  const char* media_type; ///< e.g. "application/n-quads"
  const char* extensions; ///< Space-separated, e.g. "nq"
  int         quads;      ///< Non-zero if named graphs are kept
} LdxFormat;

/** Find a format by short name or media type; NULL if unknown. */
LDX_API const LdxFormat*
ldx_format_by_name(const char* name);

/** Find a format from a file name's extension; NULL if unknown. */
LDX_API const LdxFormat*
ldx_format_by_filename(const char* filename);

/** The table of formats, terminated by an entry with a NULL name. */
LDX_API const LdxFormat*
ldx_formats(void);

/** Opaque writer. */
typedef struct LdxWriterImpl LdxWriter;

/**
 * Create a writer for `format` that writes to `out`.
 * @param base_iri Base IRI for formats that abbreviate IRIs, or NULL.
 * Ownership: the caller frees the writer with ldx_writer_free(); `out` is
 * borrowed and must outlive the writer.
 * Errors: LDX_BAD_ARG for a NULL format, LDX_UNSUPPORTED, LDX_BAD_ALLOC.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_writer_new(LdxWorld*        world,
               const LdxFormat* format,
               LdxOutputStream  out,
               const char*      base_iri,
               LdxWriter**      writer);

/**
 * Settings of a writer.  Zero-initialise; what does not apply to a format
 * is ignored.
 */
typedef struct {
  /** Base IRI for formats that abbreviate IRIs, or NULL. */
  const char* base_iri;
  /** Preferred language (BCP 47) for formats that pick one value per
      language (JSON-LD for a page, iCalendar), or NULL. */
  const char* lang;
  /** Format-specific settings as "name=value" strings, NULL-terminated,
      or NULL (e.g. "tz=Europe/Zurich" for iCalendar).  A name the format
      does not know is an error (LDX_BAD_ARG, reported). */
  const char* const* params;
} LdxWriterOptions;

/**
 * Create a writer with options (see ldx_writer_new()).
 * Ownership and errors as ldx_writer_new(); LDX_BAD_ARG for a parameter
 * the format does not know or a value it cannot use.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_writer_new_with_options(LdxWorld*               world,
                            const LdxFormat*        format,
                            LdxOutputStream         out,
                            const LdxWriterOptions* options,
                            LdxWriter**             writer);

/** The writer's input sink (borrowed; valid while the writer lives). */
LDX_API LdxSink
ldx_writer_sink(LdxWriter* writer);

/**
 * Write everything still buffered and flush the stream.
 * Errors: LDX_BAD_WRITE if this or any earlier write failed.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_writer_finish(LdxWriter* writer);

/** Free a writer (does not flush: call ldx_writer_finish()). NULL ok. */
LDX_API void
ldx_writer_free(LdxWriter* writer);

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_WRITER_H
