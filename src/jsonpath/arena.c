// SPDX-License-Identifier: MIT
// The bump allocator holding a compiled query's nodes and strings.
#include "jsonpath/ast.h"

#include "core/alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#define FIRST_BLOCK 512u
#define MAX_BLOCK (64u * 1024u)

struct LdxiJpBlock {
  LdxiJpBlock* next; // older block
  size_t       size; // usable bytes after the header
  size_t       used;
};

// Block headers are padded so that the payload is maximally aligned.
#define ALIGN ((size_t)alignof(max_align_t))
#define HEADER ((sizeof(LdxiJpBlock) + ALIGN - 1) & ~(ALIGN - 1))

static size_t
round_up(size_t size)
{
  return (size + ALIGN - 1) & ~(ALIGN - 1);
}

void*
ldxi_jp_arena_alloc(LdxiJpArena* arena, size_t size)
{
  if (size > SIZE_MAX / 2) {
    return NULL;
  }
  size             = round_up(size ? size : 1);
  LdxiJpBlock* blk = arena->head;
  if (!blk || blk->size - blk->used < size) {
    size_t want = blk ? blk->size * 2 : FIRST_BLOCK;
    if (want > MAX_BLOCK) {
      want = MAX_BLOCK;
    }
    if (want < size) {
      want = size;
    }
    LdxiJpBlock* fresh = (LdxiJpBlock*)ldxi_malloc(arena->world, HEADER + want);
    if (!fresh) {
      return NULL;
    }
    fresh->next = blk;
    fresh->size = want;
    fresh->used = 0;
    arena->head = fresh;
    blk         = fresh;
  }
  void* mem = (char*)blk + HEADER + blk->used;
  blk->used += size;
  return mem;
}

int
ldxi_jp_arena_grow(LdxiJpArena* arena,
                   void**       array,
                   size_t*      cap,
                   size_t       need,
                   size_t       elem)
{
  if (need <= *cap) {
    return 0;
  }
  size_t new_cap = *cap ? *cap * 2 : 4;
  while (new_cap < need) {
    new_cap *= 2;
  }
  if (new_cap > SIZE_MAX / 4 / elem) {
    return -1;
  }
  void* grown = ldxi_jp_arena_alloc(arena, new_cap * elem);
  if (!grown) {
    return -1;
  }
  if (*cap) {
    memcpy(grown, *array, *cap * elem);
  }
  *array = grown;
  *cap   = new_cap;
  return 0;
}

void
ldxi_jp_arena_free(LdxiJpArena* arena)
{
  LdxiJpBlock* blk = arena->head;
  while (blk) {
    LdxiJpBlock* next = blk->next;
    ldxi_free(arena->world, blk);
    blk = next;
  }
  arena->head = NULL;
}
