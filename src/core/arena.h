// SPDX-License-Identifier: MIT
// A bump allocator for short-lived data, reset as a whole.
//
// The engine keeps the strings of one record's terms here and resets the
// arena after the record, so the hot path does no per-value malloc/free.
// Pointers stay valid until the next reset (blocks never move).
#ifndef LDX_CORE_ARENA_H
#define LDX_CORE_ARENA_H

#include "ldexport/world.h"

#include <stddef.h>

typedef struct LdxiArenaBlock LdxiArenaBlock;

typedef struct {
  LdxWorld*       world;
  LdxiArenaBlock* head;  // current block (the newest)
  size_t          block; // default block size
} LdxiArena;

void
ldxi_arena_init(LdxiArena* arena, LdxWorld* world, size_t block_size);

// Allocate `size` bytes aligned for any object; NULL on allocation failure.
void*
ldxi_arena_alloc(LdxiArena* arena, size_t size);

// Copy `len` bytes into the arena and NUL-terminate them.
char*
ldxi_arena_strndup(LdxiArena* arena, const char* str, size_t len);

// Forget everything allocated; keeps the first block for reuse.
void
ldxi_arena_reset(LdxiArena* arena);

// Release all memory.
void
ldxi_arena_free(LdxiArena* arena);

#endif // LDX_CORE_ARENA_H
