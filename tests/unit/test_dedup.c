// SPDX-License-Identifier: MIT
// The duplicate filter: random quads with many duplicates against a naive
// set, the unambiguous encoding, RDF term equality, growth, events that are
// not quads, the next sink's status, and allocation failures.
#undef NDEBUG

#include "write_support.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

// A sink recording the canonical form of what it receives.
typedef struct {
  StrList   quads;
  int       prefixes;
  int       ends;
  LdxStatus status; // returned for every event
} Recorder;

// Labels as they are, but for NUL (canon_quad takes C strings).
static void
no_blank_encoding(const LdxStr* label, char* out, size_t size)
{
  size_t n = 0;
  for (size_t i = 0; i < label->len && n + 3 < size; ++i) {
    if (label->buf[i]) {
      out[n++] = label->buf[i];
    } else {
      out[n++] = '\\';
      out[n++] = '0';
    }
  }
  out[n] = '\0';
}

static LdxStatus
record(void* handle, const LdxEvent* event)
{
  Recorder* r = (Recorder*)handle;
  switch (event->type) {
    case LDX_EVENT_QUAD:
      list_add(&r->quads,
               canon_quad(&event->u.quad, true, false, no_blank_encoding));
      break;
    case LDX_EVENT_PREFIX:
      ++r->prefixes;
      break;
    case LDX_EVENT_END:
      ++r->ends;
      break;
  }
  return r->status;
}

static LdxSink
recorder_sink(Recorder* r)
{
  memset(r, 0, sizeof(*r));
  LdxSink sink = { r, record };
  return sink;
}

// Terms from small pools, so that duplicates are frequent.
static void
pick_term(uint64_t* rng, OwnedTerm* t, bool node_only)
{
  static const char* const values[] = { "a", "b", "ab", "", "x y", "a\0b" };
  const size_t             v        = rnd_below(rng, 6);
  const size_t             len      = v == 5 ? 3 : strlen(values[v]);
  switch (rnd_below(rng, node_only ? 2 : 5)) {
    case 0:
      owned_set(t, LDX_TERM_IRI, values[v], len, NULL, NULL);
      break;
    case 1:
      owned_set(t, LDX_TERM_BLANK, values[v], len, NULL, NULL);
      break;
    case 2:
      owned_set(t, LDX_TERM_LITERAL, values[v], len, NULL, NULL);
      break;
    case 3:
      owned_set(t,
                LDX_TERM_LITERAL,
                values[v],
                len,
                rnd_below(rng, 2) ? "http://ex/dt" : "http://ex/dt2",
                NULL);
      break;
    default:
      owned_set(t,
                LDX_TERM_LITERAL,
                values[v],
                len,
                NULL,
                rnd_below(rng, 2) ? "en" : "de");
      break;
  }
}

static void
test_random(void)
{
  enum { N = 20000 };
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  Recorder  rec;
  LdxDedup* dedup = NULL;
  assert(!ldx_dedup_new(world, recorder_sink(&rec), &dedup));
  LdxSink  sink = ldx_dedup_sink(dedup);
  uint64_t rng  = 3;

  StrList seen       = { NULL, 0, 0 }; // naive set: sorted on demand
  size_t  n_distinct = 0;
  for (int i = 0; i < N; ++i) {
    OwnedTerm s;
    OwnedTerm p;
    OwnedTerm o;
    OwnedTerm g;
    pick_term(&rng, &s, true);
    owned_set(&p, LDX_TERM_IRI, rnd_below(&rng, 2) ? "p" : "q", 1, NULL, NULL);
    pick_term(&rng, &o, false);
    const size_t gi    = rnd_below(&rng, 3);
    const bool   graph = gi != 0;
    if (graph) {
      owned_set(
        &g, gi == 1 ? LDX_TERM_IRI : LDX_TERM_BLANK, "g", 1, NULL, NULL);
    }
    const LdxQuad q   = { &s.term, &p.term, &o.term, graph ? &g.term : NULL };
    char*         c   = canon_quad(&q, true, false, no_blank_encoding);
    bool          dup = false;
    for (size_t k = 0; k < seen.n && !dup; ++k) {
      dup = !strcmp(seen.items[k], c);
    }
    if (dup) {
      free(c);
    } else {
      list_add(&seen, c);
      ++n_distinct;
    }
    const size_t before = rec.quads.n;
    assert(!ldx_sink_quad(&sink, &q));
    assert(rec.quads.n == before + !dup); // forwarded iff new
  }
  assert(rec.quads.n == n_distinct);
  assert(ldx_dedup_dropped(dedup) == N - n_distinct);
  assert(n_distinct > 1000 && n_distinct < N / 4); // many duplicates
  // Forwarded in first-seen order.
  for (size_t k = 0; k < seen.n; ++k) {
    assert(!strcmp(seen.items[k], rec.quads.items[k]));
  }
  list_free(&seen);
  list_free(&rec.quads);
  ldx_dedup_free(dedup);
  ldx_world_free(world);
}

// Send q1 then q2; return whether q2 was forwarded (i.e. judged distinct).
static bool
distinct(const LdxQuad* q1, const LdxQuad* q2)
{
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  Recorder  rec;
  LdxDedup* dedup = NULL;
  assert(!ldx_dedup_new(world, recorder_sink(&rec), &dedup));
  LdxSink sink = ldx_dedup_sink(dedup);
  assert(!ldx_sink_quad(&sink, q1));
  assert(!ldx_sink_quad(&sink, q2));
  const bool result = rec.quads.n == 2;
  assert(ldx_dedup_dropped(dedup) == (result ? 0u : 1u));
  list_free(&rec.quads);
  ldx_dedup_free(dedup);
  ldx_world_free(world);
  return result;
}

static void
test_encoding(void)
{
  OwnedTerm a;
  OwnedTerm b;
  OwnedTerm c;
  OwnedTerm d;
  OwnedTerm g;
  OwnedTerm o1;
  OwnedTerm o2;
  owned_set(&a, LDX_TERM_IRI, "ab", 2, NULL, NULL);
  owned_set(&b, LDX_TERM_IRI, "c", 1, NULL, NULL);
  owned_set(&c, LDX_TERM_IRI, "a", 1, NULL, NULL);
  owned_set(&d, LDX_TERM_IRI, "bc", 2, NULL, NULL);
  owned_set(&g, LDX_TERM_IRI, "g", 1, NULL, NULL);
  owned_set(&o1, LDX_TERM_IRI, "o", 1, NULL, NULL);

  // ("ab","c") vs ("a","bc")
  LdxQuad q1 = { &a.term, &b.term, &o1.term, NULL };
  LdxQuad q2 = { &c.term, &d.term, &o1.term, NULL };
  assert(distinct(&q1, &q2));
  assert(!distinct(&q1, &q1));

  // The default graph vs a named graph, and vs a graph named "".
  LdxQuad q3 = { &a.term, &b.term, &o1.term, &g.term };
  assert(distinct(&q1, &q3));
  OwnedTerm empty;
  owned_set(&empty, LDX_TERM_BLANK, "", 0, NULL, NULL);
  LdxQuad q4 = { &a.term, &b.term, &o1.term, &empty.term };
  assert(distinct(&q1, &q4));

  // IRI vs blank node vs literal with the same text.
  owned_set(&o1, LDX_TERM_IRI, "x", 1, NULL, NULL);
  owned_set(&o2, LDX_TERM_BLANK, "x", 1, NULL, NULL);
  q1.object = &o1.term;
  q2        = q1;
  q2.object = &o2.term;
  assert(distinct(&q1, &q2));
  owned_set(&o2, LDX_TERM_LITERAL, "x", 1, NULL, NULL);
  assert(distinct(&q1, &q2));

  // Literals: value vs datatype boundaries, xsd:string, language tags.
  owned_set(&o1, LDX_TERM_LITERAL, "ab", 2, "c", NULL);
  owned_set(&o2, LDX_TERM_LITERAL, "a", 1, "bc", NULL);
  q1.object = &o1.term;
  assert(distinct(&q1, &q2));
  owned_set(&o1,
            LDX_TERM_LITERAL,
            "x",
            1,
            "http://www.w3.org/2001/XMLSchema#string",
            NULL);
  owned_set(&o2, LDX_TERM_LITERAL, "x", 1, NULL, NULL);
  assert(!distinct(&q1, &q2)); // the same RDF term
  owned_set(&o1, LDX_TERM_LITERAL, "x", 1, NULL, "en-GB");
  owned_set(&o2, LDX_TERM_LITERAL, "x", 1, NULL, "EN-gb");
  assert(!distinct(&q1, &q2)); // language tags are caseless
  owned_set(&o2, LDX_TERM_LITERAL, "x", 1, NULL, NULL);
  assert(distinct(&q1, &q2));
  owned_set(&o2, LDX_TERM_LITERAL, "x", 1, "en-GB", NULL);
  assert(distinct(&q1, &q2)); // a datatype named like the tag
}

static void
test_growth_and_events(void)
{
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  Recorder  rec;
  LdxDedup* dedup = NULL;
  assert(!ldx_dedup_new(world, recorder_sink(&rec), &dedup));
  LdxSink sink = ldx_dedup_sink(dedup);

  enum { N = 200000 };
  OwnedTerm s;
  OwnedTerm p;
  owned_set(&p, LDX_TERM_IRI, "p", 1, NULL, NULL);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < N; ++i) {
      char id[16];
      snprintf(id, sizeof(id), "s%d", i);
      owned_set(&s, LDX_TERM_IRI, id, strlen(id), NULL, NULL);
      const LdxQuad q = { &s.term, &p.term, &p.term, NULL };
      assert(!ldx_sink_quad(&sink, &q));
    }
  }
  assert(rec.quads.n == N);
  assert(ldx_dedup_dropped(dedup) == N);

  // Other events pass through, every time.
  LdxEvent ev;
  ev.type          = LDX_EVENT_PREFIX;
  ev.u.prefix.name = ldx_str("ex");
  ev.u.prefix.iri  = ldx_str("http://ex/");
  assert(!sink.on_event(sink.handle, &ev));
  assert(!sink.on_event(sink.handle, &ev));
  ev.type = LDX_EVENT_END;
  assert(!sink.on_event(sink.handle, &ev));
  assert(!sink.on_event(sink.handle, &ev));
  assert(rec.prefixes == 2 && rec.ends == 2);

  // The next sink's status comes back.
  rec.status = LDX_BAD_WRITE;
  owned_set(&s, LDX_TERM_IRI, "new", 3, NULL, NULL);
  const LdxQuad q = { &s.term, &p.term, &p.term, NULL };
  assert(ldx_sink_quad(&sink, &q) == LDX_BAD_WRITE);
  assert(sink.on_event(sink.handle, &ev) == LDX_BAD_WRITE);

  list_free(&rec.quads);
  ldx_dedup_free(dedup);
  ldx_dedup_free(NULL);
  ldx_world_free(world);
}

static void
test_failing_alloc(void)
{
  OwnedTerm p;
  owned_set(&p, LDX_TERM_IRI, "p", 1, NULL, NULL);
  for (size_t fail = 0;; ++fail) {
    FailAlloc    fa    = { 0, fail, 0 };
    LdxAllocator alloc = fa_allocator(&fa);
    LdxWorld*    world = ldx_world_new(&alloc);
    if (!world) {
      continue;
    }
    Recorder  rec;
    LdxDedup* dedup = NULL;
    LdxStatus st    = ldx_dedup_new(world, recorder_sink(&rec), &dedup);
    if (st) {
      assert(st == LDX_BAD_ALLOC && !dedup);
    } else {
      // Enough quads to grow the table and the key buffer.
      LdxSink sink = ldx_dedup_sink(dedup);
      char    big[300];
      memset(big, 'x', sizeof(big));
      for (int i = 0; i < 2000 && !st; ++i) {
        OwnedTerm s;
        char      id[16];
        snprintf(id, sizeof(id), "%d", i);
        owned_set(&s, LDX_TERM_IRI, id, strlen(id), NULL, NULL);
        LdxTerm o = {
          LDX_TERM_LITERAL, { big, sizeof(big) }, { NULL, 0 }, { NULL, 0 }
        };
        const LdxQuad q = { &s.term, &p.term, &o, NULL };
        st              = ldx_sink_quad(&sink, &q);
      }
      assert(st == LDX_SUCCESS || st == LDX_BAD_ALLOC);
      // Not forwarded when it could not be remembered.
      assert(rec.quads.n + (st ? 1u : 0u) <= 2000);
    }
    list_free(&rec.quads);
    ldx_dedup_free(dedup);
    ldx_world_free(world);
    assert(fa.n_live == 0);
    if (!st && fa.n_allocs <= fail) {
      break;
    }
  }
}

int
main(void)
{
  test_random();
  test_encoding();
  test_growth_and_events();
  test_failing_alloc();
  return 0;
}
