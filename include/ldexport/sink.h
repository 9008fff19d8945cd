// SPDX-License-Identifier: MIT
/**
 * @file sink.h
 * @brief The sink interface: where generated quads go.
 * @defgroup sink Sinks
 *
 * The mapping engine only talks to an LdxSink; writers, the duplicate filter
 * and the tee are sinks.  Events and the terms they point to are borrowed
 * for the duration of the call: a sink that keeps data copies it.
 * @{
 */
#ifndef LDEXPORT_SINK_H
#define LDEXPORT_SINK_H

#include "ldexport/attributes.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kind of a sink event. */
typedef enum {
  LDX_EVENT_PREFIX = 1, ///< A namespace prefix the output may use
  LDX_EVENT_QUAD,       ///< One quad
  LDX_EVENT_END,        ///< End of the stream; flush
} LdxEventType;

/** A sink event. */
typedef struct {
  LdxEventType type;
  union {
    struct {
      LdxStr name; ///< Prefix name without ':'
      LdxStr iri;  ///< Namespace IRI
    } prefix;
    LdxQuad quad;
  } u;
} LdxEvent;

/** Receive one event; a non-zero status stops the producer. */
typedef LdxStatus (*LdxSinkFunc)(void* handle, const LdxEvent* event);

/** A sink: a function and its state. */
typedef struct {
  void*       handle;
  LdxSinkFunc on_event;
} LdxSink;

/** Send a quad event to a sink. */
static inline LdxStatus
ldx_sink_quad(const LdxSink* sink, const LdxQuad* quad)
{
  LdxEvent ev;
  ev.type   = LDX_EVENT_QUAD;
  ev.u.quad = *quad;
  return sink->on_event(sink->handle, &ev);
}

/** Opaque duplicate filter: forwards each distinct quad once. */
typedef struct LdxDedupImpl LdxDedup;

/**
 * Create a duplicate filter in front of `next`.
 * Keeps a set of 128-bit quad hashes (16 bytes per distinct quad), not the
 * quads themselves.
 * @param out Receives the filter. Ownership: caller frees with
 * ldx_dedup_free(). Errors: LDX_BAD_ALLOC.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_dedup_new(LdxWorld* world, LdxSink next, LdxDedup** out);

/** The filter's input sink (borrowed; valid while the filter lives). */
LDX_API LdxSink
ldx_dedup_sink(LdxDedup* dedup);

/** Number of duplicate quads dropped so far. */
LDX_API size_t
ldx_dedup_dropped(const LdxDedup* dedup);

/** Free a filter. NULL is a no-op. */
LDX_API void
ldx_dedup_free(LdxDedup* dedup);

/** Opaque fan-out sink: forwards every event to several sinks in order. */
typedef struct LdxTeeImpl LdxTee;

/**
 * Create a tee over `n` sinks (copied).
 * Errors: LDX_BAD_ALLOC, LDX_BAD_ARG if n is 0.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_tee_new(LdxWorld* world, const LdxSink* sinks, size_t n, LdxTee** out);

/** The tee's input sink (borrowed). */
LDX_API LdxSink
ldx_tee_sink(LdxTee* tee);

/** Free a tee. NULL is a no-op. */
LDX_API void
ldx_tee_free(LdxTee* tee);

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_SINK_H
