// SPDX-License-Identifier: MIT
// The duplicate filter: forwards each distinct quad once.
//
// It keeps a set of 128-bit XXH3 hashes of the quads it has forwarded, in
// an open-addressing table with linear probing (at most 3/4 full), and no
// copy of any quad.  Two distinct quads are taken for one only if their
// hashes collide: with n distinct quads the chance is about n^2 / 2^129,
// which is negligible at any size this tool sees (1e-20 for a billion).
//
// The hash input is an unambiguous encoding of the four terms: a kind tag
// per term (the default graph has its own), each string preceded by its
// length, so ("ab","c") and ("a","bc") differ.  It is also normalized as RDF
// term equality asks: xsd:string is the same as no datatype, a language
// tag makes the literal rdf:langString whatever its datatype, and language
// tags are compared case-insensitively.  Writers write equal terms the same
// way, so the output has no duplicate lines.
#define _DEFAULT_SOURCE 1 // madvise(MADV_HUGEPAGE) on Linux
#include "core/alloc.h"
#include "core/buf.h"
#include "core/try.h"
#include "sink/dedup_impl.h"

#include "ldexport/sink.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <xxhash.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

#define XSD_STRING "http://www.w3.org/2001/XMLSchema#string"
#define INITIAL_SLOTS ((size_t)1024)

typedef struct {
  uint64_t lo;
  uint64_t hi;
} Hash; // all-zero marks an empty slot

struct LdxDedupImpl {
  LdxWorld* world;
  LdxSink   next;
  Hash*     slots;
  size_t    n_slots; // a power of two
  size_t    count;
  size_t    dropped;
  LdxiBuf   key; // encoding of the current quad
};

// Encoding tags; every term starts with one.
enum { T_DEFAULT_GRAPH, T_IRI, T_BLANK, T_LITERAL, T_DATATYPE, T_LANGUAGE };

// A literal's datatype as RDF term equality sees it: xsd:string is the
// same as no datatype.
static LdxStr
datatype_of(const LdxTerm* term)
{
  LdxStr dt = term->datatype;
  if (dt.len == sizeof(XSD_STRING) - 1 && !memcmp(dt.buf, XSD_STRING, dt.len)) {
    dt.len = 0;
  }
  return dt;
}

// Bytes put_term() writes for `term`.
static size_t
term_size(const LdxTerm* term)
{
  if (!term) {
    return 1;
  }
  size_t n = 1 + sizeof(uint64_t) + term->value.len;
  if (term->type == LDX_TERM_LITERAL) {
    n += 1 + sizeof(uint64_t) +
         (term->language.len ? term->language.len : datatype_of(term).len);
  }
  return n;
}

static unsigned char*
put_str(unsigned char* w, const char* s, size_t len)
{
  const uint64_t n = len;
  memcpy(w, &n, sizeof(n));
  w += sizeof(n);
  if (len) {
    memcpy(w, s, len);
  }
  return w + len;
}

// Write the encoding of `term` at `w`; returns the end.  Exactly
// term_size(term) bytes.
static unsigned char*
put_term(unsigned char* w, const LdxTerm* term)
{
  if (!term) {
    *w++ = T_DEFAULT_GRAPH;
    return w;
  }
  switch (term->type) {
    case LDX_TERM_IRI:
      *w++ = T_IRI;
      return put_str(w, term->value.buf, term->value.len);
    case LDX_TERM_BLANK:
      *w++ = T_BLANK;
      return put_str(w, term->value.buf, term->value.len);
    case LDX_TERM_LITERAL:
      break;
  }
  *w++ = T_LITERAL;
  w    = put_str(w, term->value.buf, term->value.len);
  if (term->language.len) {
    *w++             = T_LANGUAGE;
    const uint64_t n = term->language.len;
    memcpy(w, &n, sizeof(n));
    w += sizeof(n);
    for (size_t i = 0; i < term->language.len; ++i) {
      const char c = term->language.buf[i];
      *w++         = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return w;
  }
  const LdxStr datatype = datatype_of(term);
  *w++                  = T_DATATYPE;
  return put_str(w, datatype.buf, datatype.len);
}

static LdxStatus
hash_quad(LdxDedup* dedup, const LdxQuad* quad, Hash* hash)
{
  const size_t size = term_size(quad->subject) + term_size(quad->predicate) +
                      term_size(quad->object) + term_size(quad->graph);
  // Most quads fit on the stack; longer ones use the growable buffer.
  unsigned char  small[512];
  unsigned char* key = small;
  if (size > sizeof(small)) {
    LdxiBuf* const buf = &dedup->key;
    ldxi_buf_clear(buf);
    const LdxStatus st = ldxi_buf_reserve(buf, size);
    if (st) {
      return st;
    }
    key = (unsigned char*)buf->data;
  }
  unsigned char* w      = put_term(key, quad->subject);
  w                     = put_term(w, quad->predicate);
  w                     = put_term(w, quad->object);
  w                     = put_term(w, quad->graph);
  const XXH128_hash_t h = XXH3_128bits(key, (size_t)(w - key));
  hash->lo              = h.low64;
  hash->hi              = h.high64;
  if (!hash->lo && !hash->hi) {
    hash->lo = 1; // zero is the empty slot
  }
  return LDX_SUCCESS;
}

// The slot holding `hash`, or the empty slot where it belongs.
static Hash*
find_slot(Hash* slots, size_t n_slots, Hash hash)
{
  const size_t mask = n_slots - 1;
  for (size_t i = (size_t)hash.lo & mask;; i = (i + 1) & mask) {
    Hash* const slot = &slots[i];
    if ((slot->lo == hash.lo && slot->hi == hash.hi) ||
        (!slot->lo && !slot->hi)) {
      return slot;
    }
  }
}

// Ask for transparent huge pages on a large table: its probes land at random,
// so with 4 KiB pages nearly every one misses the TLB, and filling a fresh
// table page-faults once per 4 KiB.  Advisory only; failure changes nothing.
static void
advise_huge_pages(void* table, size_t size)
{
#if defined(MADV_HUGEPAGE)
  const uintptr_t huge  = (uintptr_t)2 << 20;
  const uintptr_t begin = ((uintptr_t)table + huge - 1) & ~(huge - 1);
  const uintptr_t end   = ((uintptr_t)table + size) & ~(huge - 1);
  if (end > begin) {
    (void)madvise((void*)begin, end - begin, MADV_HUGEPAGE);
  }
#else
  (void)table;
  (void)size;
#endif
}

static LdxStatus
grow(LdxDedup* dedup)
{
  const size_t n_slots = dedup->n_slots ? dedup->n_slots * 2 : INITIAL_SLOTS;
  if (n_slots > SIZE_MAX / sizeof(Hash) / 2) {
    return LDX_BAD_ALLOC;
  }
  Hash* const slots = (Hash*)ldxi_calloc(dedup->world, n_slots, sizeof(Hash));
  if (!slots) {
    return LDX_BAD_ALLOC;
  }
  advise_huge_pages(slots, n_slots * sizeof(Hash));
  for (size_t i = 0; i < dedup->n_slots; ++i) {
    const Hash h = dedup->slots[i];
    if (h.lo || h.hi) {
      *find_slot(slots, n_slots, h) = h;
    }
  }
  ldxi_free(dedup->world, dedup->slots);
  dedup->slots   = slots;
  dedup->n_slots = n_slots;
  return LDX_SUCCESS;
}

// Forward `quad` unless its hash is already in the set.
static LdxStatus
insert(LdxDedup* dedup, const LdxQuad* quad, Hash hash)
{
  LdxStatus st   = LDX_SUCCESS;
  Hash*     slot = find_slot(dedup->slots, dedup->n_slots, hash);
  if (slot->lo || slot->hi) {
    ++dedup->dropped;
    return LDX_SUCCESS;
  }
  if ((dedup->count + 1) * 4 > dedup->n_slots * 3) {
    TRY(st, grow(dedup));
    slot = find_slot(dedup->slots, dedup->n_slots, hash);
  }
  *slot = hash;
  ++dedup->count;
  return ldx_sink_quad(&dedup->next, quad);
}

static LdxStatus
on_event(void* handle, const LdxEvent* event)
{
  LdxDedup* const dedup = (LdxDedup*)handle;
  if (event->type != LDX_EVENT_QUAD) {
    return dedup->next.on_event(dedup->next.handle, event);
  }
  Hash      hash;
  LdxStatus st = LDX_SUCCESS;
  TRY(st, hash_quad(dedup, &event->u.quad, &hash));
  return insert(dedup, &event->u.quad, hash);
}

LdxStatus
ldxi_dedup_quads(LdxDedup* dedup, const LdxQuad* quads, size_t n)
{
  // Hash a batch, start loading the slots the hashes point to, then probe:
  // the cache misses of a large set overlap instead of following each other.
  enum { BATCH = 16 };
  Hash      hashes[BATCH];
  LdxStatus st = LDX_SUCCESS;
  for (size_t done = 0; done < n; done += BATCH) {
    const size_t k    = n - done < BATCH ? n - done : BATCH;
    const size_t mask = dedup->n_slots - 1;
    for (size_t i = 0; i < k; ++i) {
      TRY(st, hash_quad(dedup, &quads[done + i], &hashes[i]));
      __builtin_prefetch(&dedup->slots[(size_t)hashes[i].lo & mask]);
    }
    for (size_t i = 0; i < k; ++i) {
      TRY(st, insert(dedup, &quads[done + i], hashes[i]));
    }
  }
  return LDX_SUCCESS;
}

LdxStatus
ldx_dedup_new(LdxWorld* world, LdxSink next, LdxDedup** out)
{
  *out            = NULL;
  LdxDedup* dedup = (LdxDedup*)ldxi_calloc(world, 1, sizeof(LdxDedup));
  if (!dedup) {
    return LDX_BAD_ALLOC;
  }
  dedup->world = world;
  dedup->next  = next;
  ldxi_buf_init(&dedup->key, world, 0);
  if (grow(dedup)) {
    ldx_dedup_free(dedup);
    return LDX_BAD_ALLOC;
  }
  *out = dedup;
  return LDX_SUCCESS;
}

LdxSink
ldx_dedup_sink(LdxDedup* dedup)
{
  LdxSink sink = { dedup, on_event };
  return sink;
}

size_t
ldx_dedup_dropped(const LdxDedup* dedup)
{
  return dedup->dropped;
}

void
ldx_dedup_free(LdxDedup* dedup)
{
  if (!dedup) {
    return;
  }
  ldxi_buf_free(&dedup->key);
  ldxi_free(dedup->world, dedup->slots);
  ldxi_free(dedup->world, dedup);
}
