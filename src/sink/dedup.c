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
#include "core/alloc.h"
#include "core/buf.h"
#include "core/try.h"

#include "ldexport/sink.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <xxhash.h>

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

static LdxStatus
put_tag(LdxiBuf* key, unsigned char tag)
{
  return ldxi_buf_putc(key, (char)tag);
}

static LdxStatus
put_str(LdxiBuf* key, LdxStr str)
{
  const uint64_t len = str.len;
  LdxStatus      st  = LDX_SUCCESS;
  TRY(st, ldxi_buf_append(key, &len, sizeof(len)));
  return ldxi_buf_append(key, str.buf, str.len);
}

static LdxStatus
put_term(LdxiBuf* key, const LdxTerm* term)
{
  LdxStatus st = LDX_SUCCESS;
  if (!term) {
    return put_tag(key, T_DEFAULT_GRAPH);
  }
  switch (term->type) {
    case LDX_TERM_IRI:
      TRY(st, put_tag(key, T_IRI));
      return put_str(key, term->value);
    case LDX_TERM_BLANK:
      TRY(st, put_tag(key, T_BLANK));
      return put_str(key, term->value);
    case LDX_TERM_LITERAL:
      break;
  }
  TRY(st, put_tag(key, T_LITERAL));
  TRY(st, put_str(key, term->value));
  if (term->language.len) {
    TRY(st, put_tag(key, T_LANGUAGE));
    const uint64_t len = term->language.len;
    TRY(st, ldxi_buf_append(key, &len, sizeof(len)));
    for (size_t i = 0; i < term->language.len; ++i) {
      const char c = term->language.buf[i];
      TRY(st, ldxi_buf_putc(key, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c));
    }
    return st;
  }
  LdxStr datatype = term->datatype;
  if (datatype.len == sizeof(XSD_STRING) - 1 &&
      !memcmp(datatype.buf, XSD_STRING, datatype.len)) {
    datatype.len = 0;
  }
  TRY(st, put_tag(key, T_DATATYPE));
  return put_str(key, datatype);
}

static LdxStatus
hash_quad(LdxDedup* dedup, const LdxQuad* quad, Hash* hash)
{
  LdxiBuf* const key = &dedup->key;
  LdxStatus      st  = LDX_SUCCESS;
  ldxi_buf_clear(key);
  TRY(st, put_term(key, quad->subject));
  TRY(st, put_term(key, quad->predicate));
  TRY(st, put_term(key, quad->object));
  TRY(st, put_term(key, quad->graph));
  const XXH128_hash_t h = XXH3_128bits(key->data, key->len);
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
  Hash* slot = find_slot(dedup->slots, dedup->n_slots, hash);
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
  return dedup->next.on_event(dedup->next.handle, event);
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
  if (grow(dedup) || ldxi_buf_reserve(&dedup->key, 256)) {
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
