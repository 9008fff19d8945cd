// SPDX-License-Identifier: MIT
// Compiled reference -> column index, for sources whose references name
// columns (CSV, SQL): a name is looked up once per reference, then every
// value is one probe of this table keyed by the compiled reference's
// address.
#ifndef LDX_SOURCE_REF_INDEX_H
#define LDX_SOURCE_REF_INDEX_H

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  const void* key; // NULL: empty
  size_t      column;
} LdxiRefSlot;

typedef struct {
  LdxWorld*    world;
  LdxiRefSlot* slots;
  size_t       mask; // number of slots - 1 (a power of two minus one)
  size_t       n_used;
} LdxiRefIndex;

// An empty index (allocates its first slots).  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_ref_index_init(LdxiRefIndex* index, LdxWorld* world);

void
ldxi_ref_index_free(LdxiRefIndex* index);

// Record the column of `key` (replacing an earlier one).
LdxStatus
ldxi_ref_index_put(LdxiRefIndex* index, const void* key, size_t column);

static inline size_t
ldxi_ref_index_slot(const void* key, size_t mask)
{
  uint64_t h = (uint64_t)(uintptr_t)key;
  h ^= h >> 29;
  h *= UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(h >> 32) & mask;
}

// The column of `key`, if recorded.  Inline: the sources' hot path.
static inline bool
ldxi_ref_index_get(const LdxiRefIndex* index, const void* key, size_t* column)
{
  for (size_t i = ldxi_ref_index_slot(key, index->mask);;
       i        = (i + 1) & index->mask) {
    const LdxiRefSlot* s = &index->slots[i];
    if (s->key == key) {
      *column = s->column;
      return true;
    }
    if (!s->key) {
      return false;
    }
  }
}

#endif // LDX_SOURCE_REF_INDEX_H
