// SPDX-License-Identifier: MIT
// Compiled reference -> column index (open addressing, at most half full).
#include "source/ref_index.h"

#include "core/alloc.h"

enum { INITIAL_SLOTS = 16 };

LdxStatus
ldxi_ref_index_init(LdxiRefIndex* index, LdxWorld* world)
{
  index->world = world;
  index->slots =
    (LdxiRefSlot*)ldxi_calloc(world, INITIAL_SLOTS, sizeof(LdxiRefSlot));
  index->mask   = INITIAL_SLOTS - 1;
  index->n_used = 0;
  return index->slots ? LDX_SUCCESS : LDX_BAD_ALLOC;
}

void
ldxi_ref_index_free(LdxiRefIndex* index)
{
  ldxi_free(index->world, index->slots);
  index->slots = NULL;
}

static LdxStatus
grow(LdxiRefIndex* index)
{
  const size_t       n = 2 * (index->mask + 1);
  LdxiRefSlot* const slots =
    (LdxiRefSlot*)ldxi_calloc(index->world, n, sizeof(LdxiRefSlot));
  if (!slots) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i <= index->mask; ++i) {
    if (index->slots[i].key) {
      size_t k = ldxi_ref_index_slot(index->slots[i].key, n - 1);
      while (slots[k].key) {
        k = (k + 1) & (n - 1);
      }
      slots[k] = index->slots[i];
    }
  }
  ldxi_free(index->world, index->slots);
  index->slots = slots;
  index->mask  = n - 1;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_ref_index_put(LdxiRefIndex* index, const void* key, size_t column)
{
  if (2 * (index->n_used + 1) > index->mask + 1) {
    const LdxStatus st = grow(index);
    if (st) {
      return st;
    }
  }
  size_t i = ldxi_ref_index_slot(key, index->mask);
  while (index->slots[i].key && index->slots[i].key != key) {
    i = (i + 1) & index->mask;
  }
  index->n_used += !index->slots[i].key;
  index->slots[i] = (LdxiRefSlot){ key, column };
  return LDX_SUCCESS;
}
