// SPDX-License-Identifier: MIT
// The tee: every event reaches every sink in order, the first failure is
// returned without starving the other sinks, and allocation failures.
#undef NDEBUG

#include "write_support.h"

#include "ldexport.h"

#include <assert.h>
#include <string.h>

typedef struct {
  int       id;
  int*      log; // shared: ids in call order
  int*      n_log;
  LdxStatus status;
  int       quads;
  int       ends;
} Counter;

static LdxStatus
count(void* handle, const LdxEvent* event)
{
  Counter* c            = (Counter*)handle;
  c->log[(*c->n_log)++] = c->id;
  c->quads += event->type == LDX_EVENT_QUAD;
  c->ends += event->type == LDX_EVENT_END;
  return c->status;
}

static void
test_fan_out(void)
{
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  int       log[64];
  int       n_log = 0;
  Counter   c[3];
  LdxSink   sinks[3];
  for (int i = 0; i < 3; ++i) {
    c[i]     = (Counter){ i, log, &n_log, LDX_SUCCESS, 0, 0 };
    sinks[i] = (LdxSink){ &c[i], count };
  }
  LdxTee* tee = NULL;
  assert(!ldx_tee_new(world, sinks, 3, &tee));
  sinks[0].handle = NULL; // the tee copied the array
  LdxSink sink    = ldx_tee_sink(tee);

  LdxTerm t = {
    LDX_TERM_IRI, ldx_str("http://ex/a"), { NULL, 0 }, { NULL, 0 }
  };
  LdxQuad q = { &t, &t, &t, NULL };
  assert(!ldx_sink_quad(&sink, &q));
  assert(n_log == 3 && log[0] == 0 && log[1] == 1 && log[2] == 2);

  // A failing sink: the others still get the event; its status returns.
  c[1].status = LDX_BAD_WRITE;
  c[2].status = LDX_BAD_DATA;
  LdxEvent end;
  end.type = LDX_EVENT_END;
  assert(sink.on_event(sink.handle, &end) == LDX_BAD_WRITE);
  assert(c[0].ends == 1 && c[1].ends == 1 && c[2].ends == 1);
  assert(c[0].quads == 1 && c[2].quads == 1);

  ldx_tee_free(tee);
  ldx_tee_free(NULL);

  // No sinks.
  assert(ldx_tee_new(world, sinks, 0, &tee) == LDX_BAD_ARG && !tee);
  assert(ldx_tee_new(world, NULL, 2, &tee) == LDX_BAD_ARG && !tee);
  assert(diags.errors == 2);
  ldx_world_free(world);
}

static void
test_failing_alloc(void)
{
  int     log[4];
  int     n_log    = 0;
  Counter c        = { 0, log, &n_log, LDX_SUCCESS, 0, 0 };
  LdxSink sinks[2] = { { &c, count }, { &c, count } };
  for (size_t fail = 0;; ++fail) {
    FailAlloc    fa    = { 0, fail, 0 };
    LdxAllocator alloc = fa_allocator(&fa);
    LdxWorld*    world = ldx_world_new(&alloc);
    if (!world) {
      continue;
    }
    LdxTee*         tee = NULL;
    const LdxStatus st  = ldx_tee_new(world, sinks, 2, &tee);
    assert(st == LDX_SUCCESS || (st == LDX_BAD_ALLOC && !tee));
    ldx_tee_free(tee);
    ldx_world_free(world);
    assert(fa.n_live == 0);
    if (!st) {
      break;
    }
  }
}

int
main(void)
{
  test_fan_out();
  test_failing_alloc();
  return 0;
}
