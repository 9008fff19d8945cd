// SPDX-License-Identifier: MIT
// The tee: forwards every event to several sinks, in order.
//
// Each sink gets every event even when an earlier one failed (an END must
// reach them all); the first failure is what the producer sees, and stops
// it.
#include "core/alloc.h"
#include "core/diag.h"

#include "ldexport/sink.h"

#include <stdint.h>
#include <string.h>

struct LdxTeeImpl {
  LdxWorld* world;
  size_t    n;
  LdxSink   sinks[]; // n of them
};

static LdxStatus
on_event(void* handle, const LdxEvent* event)
{
  LdxTee* const tee   = (LdxTee*)handle;
  LdxStatus     first = LDX_SUCCESS;
  for (size_t i = 0; i < tee->n; ++i) {
    const LdxStatus st = tee->sinks[i].on_event(tee->sinks[i].handle, event);
    if (st && !first) {
      first = st;
    }
  }
  return first;
}

LdxStatus
ldx_tee_new(LdxWorld* world, const LdxSink* sinks, size_t n, LdxTee** out)
{
  *out = NULL;
  if (!n || !sinks) {
    return ldxi_error(world, LDX_BAD_ARG, NULL, "a tee needs sinks");
  }
  if (n > (SIZE_MAX - sizeof(LdxTee)) / sizeof(LdxSink)) {
    return LDX_BAD_ALLOC;
  }
  LdxTee* const tee =
    (LdxTee*)ldxi_malloc(world, sizeof(LdxTee) + n * sizeof(LdxSink));
  if (!tee) {
    return LDX_BAD_ALLOC;
  }
  tee->world = world;
  tee->n     = n;
  memcpy(tee->sinks, sinks, n * sizeof(LdxSink));
  *out = tee;
  return LDX_SUCCESS;
}

LdxSink
ldx_tee_sink(LdxTee* tee)
{
  LdxSink sink = { tee, on_event };
  return sink;
}

void
ldx_tee_free(LdxTee* tee)
{
  if (tee) {
    ldxi_free(tee->world, tee);
  }
}
