// SPDX-License-Identifier: MIT
/**
 * @file mapping.h
 * @brief RML mappings: load, compile and run them.
 * @defgroup mapping Mappings
 *
 * A mapping is loaded from one or more RDF documents (current RML,
 * http://w3id.org/rml/, and the legacy RML + R2RML vocabularies), compiled
 * once into an immutable plan, then run any number of times into a sink.
 * @{
 */
#ifndef LDEXPORT_MAPPING_H
#define LDEXPORT_MAPPING_H

#include "ldexport/attributes.h"
#include "ldexport/sink.h"
#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque mapping. */
typedef struct LdxMappingImpl LdxMapping;

/**
 * Create an empty mapping.
 * Ownership: the caller frees it with ldx_mapping_free().
 * Errors: LDX_BAD_ALLOC.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_mapping_new(LdxWorld* world, LdxMapping** out);

/** Free a mapping. NULL is a no-op. */
LDX_API void
ldx_mapping_free(LdxMapping* mapping);

/**
 * Parse a mapping document and add its statements.
 * @param path File to read; relative sources with rml:MappingDirectory are
 *   resolved against its directory.
 * @param syntax "turtle", "ntriples", "rdfxml", ... or NULL to guess from
 *   the file name (Turtle by default).
 * Errors: LDX_BAD_READ, LDX_BAD_SYNTAX (reported as FILE:LINE:COLUMN).
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_mapping_load_file(LdxMapping* mapping,
                      const char* path,
                      const char* syntax);

/**
 * Parse a mapping document from memory.
 * @param name Name used in diagnostics; its directory is the mapping
 *   directory.  May be NULL ("<string>", current directory).
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_mapping_load_string(LdxMapping* mapping,
                        const char* text,
                        size_t      len,
                        const char* name,
                        const char* syntax);

/**
 * Validate the loaded statements and build the execution plan.
 * Called by ldx_mapping_run() if needed; call it directly to check a
 * mapping without reading any data.
 * Errors: LDX_BAD_MAPPING, LDX_BAD_REFERENCE (bad template or path),
 * LDX_BAD_DATATYPE (bad language tag); each reported with a position.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_mapping_compile(LdxMapping* mapping);

/** Number of triples maps in the compiled mapping (0 before compiling). */
LDX_API size_t
ldx_mapping_triples_map_count(const LdxMapping* mapping);

/** Options of a run. Zero-initialise, then set what you need. */
typedef struct {
  /** Base IRI for relative IRIs (a triples map's rml:baseIRI wins). */
  const char* base_iri;
  /** Directory for rml:CurrentWorkingDirectory; NULL = the process's. */
  const char* working_dir;
  /** Keep duplicate quads (they are removed by default). */
  bool keep_duplicates;
  /** Put every triple in the default graph, once (for outputs such as
      N-Triples or Turtle that have no named graphs). */
  bool default_graph_only;
  /** On a data error (an invalid IRI, value or datatype in a record), skip
      the record (none of its quads are written), report it as a warning
      and go on; LdxRunStats.skipped counts them.  Off: the run fails. */
  bool skip_bad_records;
  /** The database R2RML logical tables (rr:tableName, rr:sqlQuery) are
      read from, since they name none: "sqlite:PATH" (a relative PATH is
      in working_dir), "postgresql://USER@HOST:PORT/DB" (a libpq URI) or a
      JDBC URL ("jdbc:postgresql://HOST/DB", "jdbc:sqlite:PATH").  Sources
      described with d2rq:Database use their own d2rq:jdbcDSN.  NULL: none
      (a logical table is then an error when the run reads it). */
  const char* database;
} LdxRunOptions;

/** Counters of a run. */
typedef struct {
  size_t records;    ///< Records read from logical sources (all maps)
  size_t quads;      ///< Quads sent to the sink
  size_t duplicates; ///< Duplicate quads removed
  size_t merged;     ///< Named-graph quads put in the default graph instead
  size_t skipped;    ///< Records skipped for data errors (skip_bad_records)
} LdxRunStats;

/**
 * Run the mapping and send every generated quad to `sink`, then an END
 * event.
 * @param options May be NULL for defaults.
 * @param stats May be NULL.
 * Errors: LDX_BAD_READ, LDX_BAD_SYNTAX (data), LDX_BAD_DATA,
 * LDX_BAD_REFERENCE, or a sink's status; each reported with the data file,
 * record and mapping rule.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_mapping_run(LdxMapping*          mapping,
                const LdxRunOptions* options,
                LdxSink              sink,
                LdxRunStats*         stats);

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_MAPPING_H
