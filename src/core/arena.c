// SPDX-License-Identifier: MIT
#include "core/arena.h"

#include "core/alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

struct LdxiArenaBlock {
  LdxiArenaBlock* next; // older block
  size_t          used;
  size_t          size;
  alignas(max_align_t) unsigned char data[];
};

void
ldxi_arena_init(LdxiArena* arena, LdxWorld* world, size_t block_size)
{
  arena->world = world;
  arena->head  = NULL;
  arena->block = block_size ? block_size : 64u * 1024u;
}

void*
ldxi_arena_alloc(LdxiArena* arena, size_t size)
{
  const size_t align = alignof(max_align_t);
  size_t       need  = (size + align - 1) & ~(align - 1);
  if (need < size) {
    return NULL;
  }
  LdxiArenaBlock* b = arena->head;
  if (!b || b->size - b->used < need) {
    size_t bsize = need > arena->block ? need : arena->block;
    if (bsize > SIZE_MAX - sizeof(LdxiArenaBlock)) {
      return NULL;
    }
    b = (LdxiArenaBlock*)ldxi_malloc(arena->world,
                                     sizeof(LdxiArenaBlock) + bsize);
    if (!b) {
      return NULL;
    }
    b->next     = arena->head;
    b->used     = 0;
    b->size     = bsize;
    arena->head = b;
  }
  void* p = b->data + b->used;
  b->used += need;
  return p;
}

char*
ldxi_arena_strndup(LdxiArena* arena, const char* str, size_t len)
{
  char* copy = (char*)ldxi_arena_alloc(arena, len + 1);
  if (copy) {
    if (len) {
      memcpy(copy, str, len);
    }
    copy[len] = '\0';
  }
  return copy;
}

void
ldxi_arena_reset(LdxiArena* arena)
{
  LdxiArenaBlock* b = arena->head;
  if (!b) {
    return;
  }
  // Keep the oldest block (normally the only one) and free the rest.
  while (b->next) {
    LdxiArenaBlock* next = b->next;
    ldxi_free(arena->world, b);
    b = next;
  }
  b->used     = 0;
  arena->head = b;
}

void
ldxi_arena_free(LdxiArena* arena)
{
  LdxiArenaBlock* b = arena->head;
  while (b) {
    LdxiArenaBlock* next = b->next;
    ldxi_free(arena->world, b);
    b = next;
  }
  arena->head = NULL;
}
