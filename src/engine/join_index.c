// SPDX-License-Identifier: MIT
#include "engine/join_index.h"

#include "core/alloc.h"
#include "core/arena.h"

#include <string.h>
#include <xxhash.h>

typedef struct {
  uint64_t     hash;
  const char*  key; // in the arena; NULL = empty slot
  size_t       key_len;
  LdxiJoinHit* hits;
} Entry;

struct LdxiJoinIndex {
  LdxWorld* world;
  LdxiArena arena; // keys, hits and subject strings
  Entry*    table;
  size_t    size; // power of two
  size_t    count;
};

LdxStatus
ldxi_join_index_new(LdxWorld* world, LdxiJoinIndex** out)
{
  LdxiJoinIndex* idx =
    (LdxiJoinIndex*)ldxi_calloc(world, 1, sizeof(LdxiJoinIndex));
  if (!idx) {
    return LDX_BAD_ALLOC;
  }
  idx->world = world;
  ldxi_arena_init(&idx->arena, world, 256u * 1024u);
  *out = idx;
  return LDX_SUCCESS;
}

void
ldxi_join_index_free(LdxiJoinIndex* idx)
{
  if (idx) {
    ldxi_arena_free(&idx->arena);
    ldxi_free(idx->world, idx->table);
    ldxi_free(idx->world, idx);
  }
}

static Entry*
slot(const LdxiJoinIndex* idx, uint64_t h, const void* key, size_t len)
{
  size_t i = (size_t)h & (idx->size - 1);
  for (;;) {
    Entry* e = &idx->table[i];
    if (!e->key || (e->hash == h && e->key_len == len &&
                    (!len || !memcmp(e->key, key, len)))) {
      return e;
    }
    i = (i + 1) & (idx->size - 1);
  }
}

static LdxStatus
grow(LdxiJoinIndex* idx)
{
  size_t size  = idx->size ? idx->size * 2 : 1024;
  Entry* old   = idx->table;
  size_t old_n = idx->size;
  idx->table   = (Entry*)ldxi_calloc(idx->world, size, sizeof(Entry));
  if (!idx->table) {
    idx->table = old;
    return LDX_BAD_ALLOC;
  }
  idx->size = size;
  for (size_t i = 0; i < old_n; ++i) {
    if (old[i].key) {
      *slot(idx, old[i].hash, old[i].key, old[i].key_len) = old[i];
    }
  }
  ldxi_free(idx->world, old);
  return LDX_SUCCESS;
}

static int
copy_str(LdxiArena* arena, LdxStr* s)
{
  if (!s->len) {
    return 0;
  }
  char* copy = ldxi_arena_strndup(arena, s->buf, s->len);
  if (!copy) {
    return -1;
  }
  s->buf = copy;
  return 0;
}

LdxStatus
ldxi_join_index_add(LdxiJoinIndex* idx,
                    const void*    key,
                    size_t         key_len,
                    const LdxTerm* subject)
{
  if ((idx->count + 1) * 2 > idx->size && grow(idx)) {
    return LDX_BAD_ALLOC;
  }
  uint64_t h = XXH3_64bits(key, key_len);
  Entry*   e = slot(idx, h, key, key_len);
  if (!e->key) {
    char* k = (char*)ldxi_arena_alloc(&idx->arena, key_len ? key_len : 1);
    if (!k) {
      return LDX_BAD_ALLOC;
    }
    if (key_len) {
      memcpy(k, key, key_len);
    }
    *e = (Entry){ h, k, key_len, NULL };
    ++idx->count;
  }
  LdxiJoinHit* hit =
    (LdxiJoinHit*)ldxi_arena_alloc(&idx->arena, sizeof(LdxiJoinHit));
  if (!hit) {
    return LDX_BAD_ALLOC;
  }
  hit->subject = *subject;
  if (copy_str(&idx->arena, &hit->subject.value) ||
      copy_str(&idx->arena, &hit->subject.datatype) ||
      copy_str(&idx->arena, &hit->subject.language)) {
    return LDX_BAD_ALLOC;
  }
  hit->next = e->hits;
  e->hits   = hit;
  return LDX_SUCCESS;
}

const LdxiJoinHit*
ldxi_join_index_find(const LdxiJoinIndex* idx, const void* key, size_t key_len)
{
  if (!idx->size) {
    return NULL;
  }
  const Entry* e = slot(idx, XXH3_64bits(key, key_len), key, key_len);
  return e->key ? e->hits : NULL;
}
